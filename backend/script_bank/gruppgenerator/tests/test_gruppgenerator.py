"""Gruppgenerator: even random groups that respect the rules, across several steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_testing import load_tool, run_tool
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from skriptoteket_toolkit import UserError

tool = load_tool("gruppgenerator")
NAMES = [f"Elev {i}" for i in range(1, 26)]


def test_groups_are_as_even_as_possible() -> None:
    assert tool.group_capacities(25, 4) == [5, 4, 4, 4, 4, 4]
    assert tool.group_capacities(6, 4) == [3, 3]
    assert tool.group_capacities(3, 4) == [3]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    size=st.integers(2, 6),
    pairs=st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=4),
)
def test_every_pupil_is_placed_once_and_the_rules_hold(
    seed: int, size: int, pairs: list[tuple[int, int]]
) -> None:
    pairs = [(a, b) for a, b in pairs if a != b]
    together = [sorted([NAMES[a], NAMES[b]]) for a, b in pairs[:2]]
    apart = [
        sorted([NAMES[a], NAMES[b]])
        for a, b in pairs[2:]
        if sorted([NAMES[a], NAMES[b]]) not in together
    ]
    plan = tool.Plan(names=NAMES, size=size, seed=seed, together=together, apart=apart)
    try:
        groups = tool.make_groups(plan)
    except UserError:
        return  # a contradictory or impossible rule set is refused with a message
    assert sorted(n for g in groups for n in g) == sorted(NAMES)
    where = {n: i for i, g in enumerate(groups) for n in g}
    assert all(where[a] == where[b] for a, b in together)
    assert all(where[a] != where[b] for a, b in apart)


def test_contradicting_rules_are_refused() -> None:
    plan = tool.Plan(
        names=NAMES[:6],
        size=3,
        seed=1,
        together=[["Elev 1", "Elev 2"]],
        apart=[["Elev 1", "Elev 2"]],
    )
    with pytest.raises(UserError, match="både hållas ihop och isär"):
        tool.make_groups(plan)


def test_duplicate_names_get_a_number_so_rules_can_point_at_one_pupil() -> None:
    assert tool.unique_names(["Sara Ali", "Sara Ali", "Leo"]) == ["Sara Ali", "Sara Ali (2)", "Leo"]


def test_a_session_keeps_rules_between_steps_and_exports_the_groups_shown(tmp_path: Path) -> None:
    names = "\n".join(NAMES[:10])
    first = run_tool("gruppgenerator", tmp_path / "1", {"namn": names, "gruppstorlek": 2})
    assert first.status == "succeeded", first.error
    assert first.action_ids()[:3] == ["slumpa", "hall_ihop", "hall_isar"]
    apart = run_tool(
        "gruppgenerator",
        tmp_path / "2",
        {"namn": names, "gruppstorlek": 2},
        action={"id": "hall_isar", "input": {"elev_a": "Elev 1", "elev_b": "Elev 2"}},
        state=first.state,
    )
    assert apart.state["apart"] == [["Elev 1", "Elev 2"]]
    assert "rensa_regler" in apart.action_ids()
    again = run_tool(
        "gruppgenerator",
        tmp_path / "3",
        {},
        action={"id": "slumpa", "input": {}},
        state=apart.state,
    )
    assert again.state["apart"] == [["Elev 1", "Elev 2"]]
    assert all(not {"Elev 1", "Elev 2"} <= set(g) for g in again.state["groups"])
    export = run_tool(
        "gruppgenerator",
        tmp_path / "4",
        {},
        action={"id": "exportera", "input": {"rubrik": "Labbgrupper"}},
        state=again.state,
    )
    assert export.result["state"] == {"mode": "keep"}
    text = [p.text for p in Document(str(export.output_dir / "grupper.docx")).paragraphs]
    assert text[0] == "Labbgrupper"
    assert sorted(t for t in text if t.startswith("Elev ")) == sorted(NAMES[:10])


def test_choosing_the_same_pupil_twice_is_a_user_error(tmp_path: Path) -> None:
    first = run_tool("gruppgenerator", tmp_path / "1", {"namn": "A\nB\nC", "gruppstorlek": 2})
    step = run_tool(
        "gruppgenerator",
        tmp_path / "2",
        {},
        action={"id": "hall_ihop", "input": {"elev_a": "A", "elev_b": "A"}},
        state=first.state,
    )
    assert step.error == {**step.error, "code": "user_error"}
    assert "två olika elever" in step.error["message"]


def test_last_name_first_is_one_pupil_and_duplicates_are_pointed_out(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "omvanda-namn" / "klasslista.csv"
    step = run_tool(
        "gruppgenerator", tmp_path / "1", {"gruppstorlek": 3}, files={"klasslista": [example]}
    )
    assert step.status == "succeeded", step.error
    assert sorted(step.state["names"]) == [
        "Linh Nguyen",
        "Mohammed Hassan",
        "Oskar Söderberg",
        "Sara Lindqvist",
        "Wilma Karlsson",
        "Åsa Öberg",
    ]
    assert not step.outputs("notice")
    twice = run_tool(
        "gruppgenerator", tmp_path / "2", {"namn": "Nguyen, Linh\nLeo Berg\nlinh nguyen"}
    )
    assert twice.state["names"] == ["Linh Nguyen", "Leo Berg", "Linh Nguyen (2)"]
    [warning] = twice.outputs("notice")
    assert "Linh Nguyen (rad 1, 3)" in warning["message"]
