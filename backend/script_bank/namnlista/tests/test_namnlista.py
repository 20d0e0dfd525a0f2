"""Namnlista: tidy names, Swedish casing, first and last names, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_testing import load_tool, run_tool

tool = load_tool("namnlista")


@pytest.mark.parametrize(
    ("raw", "first", "last"),
    [
        ("ÅSA ÖBERG", "Åsa", "Öberg"),
        ("  örjan   åkesson ", "Örjan", "Åkesson"),
        ("Öberg, Åsa", "Åsa", "Öberg"),
        ("carl von linné", "Carl", "von Linné"),
        ("anna-karin ek", "Anna-Karin", "Ek"),
        ("Lisa McDonald", "Lisa", "McDonald"),
        ("anna maria svensson", "Anna Maria", "Svensson"),
        ("\u200bMohammed\u00a0Hassan", "Mohammed", "Hassan"),
        ("o'brien sean", "O'Brien", "Sean"),
    ],
)
def test_names_are_cleaned_and_split(raw: str, first: str, last: str) -> None:
    name = tool.clean(1, raw, fix_casing=True)
    assert (name.first, name.last) == (first, last)


def test_casing_is_left_alone_when_asked() -> None:
    assert tool.clean(1, "åsa öberg", fix_casing=False).full() == "åsa öberg"


def test_duplicates_are_found_across_order_and_accents() -> None:
    names = [
        tool.clean(i, raw, True)
        for i, raw in enumerate(
            ["Åsa Öberg", "öberg, åsa", "Zoë Ek", "Zoe Ek", "Asa Oberg"], start=1
        )
    ]
    groups = {kind: [m.row for m in members] for kind, members in tool.duplicates(names)}
    assert groups == {"samma namn": [1, 2], "samma namn, annan stavning eller ordning": [3, 4]}


def test_last_name_first_output_and_files(tmp_path: Path) -> None:
    step = run_tool(
        "namnlista",
        tmp_path,
        {"namn": "ÅSA ÖBERG\nCarl von Linné", "format": "efternamn_fornamn", "sortera": True},
    )
    assert step.status == "succeeded", step.error
    rows = step.outputs("table")[-1]["rows"]
    assert [r["namn"] for r in rows] == ["von Linné, Carl", "Öberg, Åsa"] or [
        r["namn"] for r in rows
    ] == ["Öberg, Åsa", "von Linné, Carl"]
    assert step.artifacts() == ["namnlista.csv", "namnlista.xlsx"]
