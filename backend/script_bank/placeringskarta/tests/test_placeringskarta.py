"""Placeringskarta: pupils fill the room from the front; the chart prints on one A4 page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_testing import load_tool, run_tool
from pypdf import PdfReader

from skriptoteket_toolkit import UserError

tool = load_tool("placeringskarta")


def test_seats_fill_from_the_front_row() -> None:
    chart = tool.seat(
        ["Cecilia Ek", "Anna Öst", "Bo Ahl"], rows=2, columns=2, order="fornamn", seed=1
    )
    assert chart == [["Anna Öst", "Bo Ahl"], ["Cecilia Ek", ""]]
    by_last = tool.seat(
        ["Cecilia Ek", "Anna Öst", "Bo Ahl"], rows=1, columns=3, order="efternamn", seed=1
    )
    assert by_last == [["Bo Ahl", "Cecilia Ek", "Anna Öst"]]


def test_a_random_order_is_the_same_for_the_same_seed() -> None:
    names = [f"Elev {i}" for i in range(20)]
    assert tool.seat(names, 4, 5, "slump", 7) == tool.seat(names, 4, 5, "slump", 7)
    assert tool.seat(names, 4, 5, "slump", 7) != tool.seat(names, 4, 5, "slump", 8)


def test_too_few_seats_says_how_many_are_missing() -> None:
    with pytest.raises(UserError, match="3 elever men bara 2 platser"):
        tool.seat(["A", "B", "C"], 1, 2, "slump", 1)


def test_the_pdf_is_one_landscape_page_and_shuffling_keeps_everyone(tmp_path: Path) -> None:
    names = "\n".join(f"Elev {i}" for i in range(12))
    first = run_tool(
        "placeringskarta",
        tmp_path / "1",
        {"namn": names, "rader": 3, "platser": 4, "ordning": "slump"},
    )
    assert first.status == "succeeded", first.error
    page = PdfReader(str(first.output_dir / "placeringskarta.pdf")).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    shuffled = run_tool(
        "placeringskarta",
        tmp_path / "2",
        {},
        action={"id": "blanda", "input": {}},
        state=first.state,
    )
    assert shuffled.status == "succeeded", shuffled.error
    seated = sorted(r["elev"] for r in shuffled.outputs("table")[0]["rows"])
    assert seated == sorted(f"Elev {i}" for i in range(12))
    assert (
        shuffled.state["seed"] != first.state["seed"]
        or shuffled.state["names"] == first.state["names"]
    )


def test_last_name_first_is_one_pupil_on_one_desk(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "omvanda-namn" / "klasslista.csv"
    step = run_tool(
        "placeringskarta",
        tmp_path / "1",
        {"rader": 2, "platser": 4, "ordning": "efternamn"},
        files={"klasslista": [example]},
    )
    assert step.status == "succeeded", step.error
    seats = [row["elev"] for row in step.outputs("table")[0]["rows"]]
    assert seats[:2] == ["Mohammed Hassan", "Wilma Karlsson"]
    assert "Linh Nguyen" in seats and len(seats) == 6
    twice = run_tool("placeringskarta", tmp_path / "2", {"namn": "Nguyen, Linh\nLinh Nguyen"})
    assert (
        "Möjligen samma elev två gånger: Linh Nguyen (rad 1, 2)"
        in twice.outputs("notice")[0]["message"]
    )
