"""Schemakrockar: overlapping bookings of the same teacher, room or group, and nothing else."""

from __future__ import annotations

import pytest
from bank_testing import load_tool

from skriptoteket_toolkit.tables import read_table

tool = load_tool("schemakrockar")
KINDS = ["larare", "sal", "grupp"]


def clashes(text: str) -> list[tuple[str, str, int]]:
    lessons, _ = tool.read_lessons(read_table(text.encode(), "s.csv"), KINDS)
    return [(c.kind, c.resource, c.overlap) for c in tool.find_clashes(lessons, KINDS)]


@pytest.mark.parametrize(
    ("text", "minutes"), [("08:00", 480), ("8.15", 495), ("13", 780), ("24:00", None), ("x", None)]
)
def test_times(text: str, minutes: int | None) -> None:
    assert tool.parse_time(text) == minutes


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Måndag", "1"),
        ("mån", "1"),
        ("TORS", "4"),
        ("Fredag:", "5"),
        ("2026-01-12", "2026-01-12"),
        ("x", None),
    ],
)
def test_days(text: str, day: str | None) -> None:
    assert tool.parse_day(text) == day


def test_weeks() -> None:
    assert tool.parse_weeks("34-36, 40") == {34, 35, 36, 40}
    assert tool.parse_weeks("v.50-2") == {50, 51, 52, 53, 1, 2}
    assert tool.parse_weeks("") == frozenset()
    assert tool.parse_weeks("udda") is None


def test_back_to_back_lessons_do_not_clash() -> None:
    assert (
        clashes(
            "Dag;Start;Slut;Lärare;Sal;Grupp\nMån;08:00;09:00;ÅÖ;B1;7A\nMån;09:00;10:00;ÅÖ;B1;7A\n"
        )
        == []
    )


def test_one_overlap_is_reported_for_each_shared_resource() -> None:
    found = clashes(
        "Dag;Start;Slut;Lärare;Sal;Grupp\nMån;08:00;09:00;ÅÖ;B1;7A\nmåndag;08:40;09:40;ÅÖ, LK;B2;7A/7B\n"
    )
    assert found == [("larare", "ÅÖ", 20), ("grupp", "7A", 20)]


def test_lessons_in_different_weeks_do_not_clash() -> None:
    text = "Dag;Tid;Lärare;Sal;Grupp;Veckor\nMån;08:00-09:00;ÅÖ;B1;7A;34-40\nMån;08:00-09:00;ÅÖ;B1;7A;41-50\n"
    assert clashes(text) == []


def test_unreadable_rows_are_listed_not_guessed() -> None:
    lessons, notes = tool.read_lessons(
        read_table(
            "Dag;Start;Slut;Lärare\nMån;09:00;08:00;ÅÖ\nFunkis;08:00;09:00;ÅÖ\n".encode(), "s.csv"
        ),
        KINDS,
    )
    assert lessons == [] and notes == ["rad 2", "rad 3"]
