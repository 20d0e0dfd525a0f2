"""E-postlista: which columns hold whose addresses, what is valid, and no duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_testing import load_tool, run_tool

from skriptoteket_toolkit.tables import read_table

tool = load_tool("e-postlista")


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("karin.oberg@exempel.se", None),
        ("a+b@skola.stockholm.se", None),
        ("amina hassan@exempel.se", "innehåller mellanslag"),
        ("amina.exempel.se", "saknar @"),
        ("a@@b.se", "har flera @"),
        ("johan..ek@exempel.se", "ogiltiga tecken eller punkter före @"),
        ("yusuf@exempel", "ogiltig domän efter @"),
        ("@exempel.se", "saknar namn före @"),
    ],
)
def test_addresses_are_checked_with_a_reason_in_swedish(address: str, problem: str | None) -> None:
    assert tool.problem_with(address) == problem


def test_cells_with_several_addresses_or_display_names_are_split() -> None:
    assert tool.split_cell("Eva Ek <eva@x.se>; jonas@y.se, mailto:li@z.se") == [
        "eva@x.se",
        "jonas@y.se",
        "li@z.se",
    ]


def test_columns_are_sorted_into_guardians_and_pupils_by_their_names() -> None:
    table = read_table("Elev;E-post;VH1 E-post;Förälder mejl;Telefon\n".encode(), "k.csv")
    assert tool.email_columns(table) == [
        ("E-post", "elev"),
        ("VH1 E-post", "vardnadshavare"),
        ("Förälder mejl", "vardnadshavare"),
    ]


def test_siblings_sharing_a_guardian_give_one_address() -> None:
    table = read_table(
        "Elev;Klass;VH e-post\nÅsa;7B;Lena@Ex.se\nÄngla;8C;lena@ex.se\nOla;7B;ola@ex.se\n".encode(),
        "k.csv",
    )
    addresses, problems, duplicates = tool.collect(table, {"vardnadshavare"})
    assert [a.email for a in addresses] == ["Lena@ex.se", "ola@ex.se"]
    assert (problems, duplicates) == ([], 1)
    only_7b, _, _ = tool.collect(table, {"vardnadshavare"}, only_class="7b")
    assert [a.pupil for a in only_7b] == ["Åsa", "Ola"]


def test_the_csv_opens_in_swedish_excel(tmp_path: Path) -> None:
    source = tmp_path / "k.csv"
    source.write_text("Elev;E-post\nÅsa Öberg;asa@ex.se\n", encoding="utf-8")
    step = run_tool("e-postlista", tmp_path, {"mottagare": "elev"}, {"klasslista": [source]})
    assert step.status == "succeeded", step.error
    data = (step.output_dir / "e-postlista.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "E-post;Typ;Elev;Klass",
        "asa@ex.se;Elev;Åsa Öberg;",
    ]
