"""Provanalys: difficulty and discrimination per question, and the questions worth a look."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_testing import load_tool, run_tool

from skriptoteket_toolkit import UserError
from skriptoteket_toolkit.tables import read_table

tool = load_tool("provanalys")

# Eight pupils, strongest last. U3 is answered right by the weak pupils only (a wrong key).
RESULTS = (
    "Elev;U1;U2;U3;U4;Summa\nMax;1;2;1;2;6\n"
    "A;1;0;1;0;2\nB;1;0;1;1;3\nC;1;1;1;0;3\nD;1;1;0;1;3\nE;1;1;1;2;5\nF;1;2;0;1;4\nG;1;2;0;2;5\nH;1;2;0;2;5\n"
)


def analysed(method: str = "punktbiserial") -> dict[str, object]:
    scores = tool.read_scores(read_table(RESULTS.encode(), "r.csv"))
    stats, _ = tool.analyse(scores, method, 0.2)
    return {s.name: s for s in stats}


def test_the_max_row_and_id_columns_are_not_questions() -> None:
    scores = tool.read_scores(read_table(RESULTS.encode(), "r.csv"))
    assert scores.items == ["U1", "U2", "U3", "U4"]
    assert scores.maxima == [1.0, 2.0, 1.0, 2.0]
    assert len(scores.pupils) == 8 and scores.max_from_file


def test_difficulty_is_the_mean_share_of_the_maximum() -> None:
    stats = analysed()
    assert stats["U2"].p == pytest.approx(9 / 16)
    assert stats["U1"].p == 1.0


def test_a_question_only_weak_pupils_get_right_is_flagged_negative() -> None:
    stats = analysed()
    assert stats["U3"].item_rest < 0
    assert any("negativ särskiljning" in f for f in stats["U3"].flags)
    assert "alla fick samma poäng" in stats["U1"].flags
    assert stats["U2"].item_rest > 0 and not any("negativ" in f for f in stats["U2"].flags)


def test_upper_lower_27_percent() -> None:
    stats = analysed("ovre_undre")
    # 2 pupils per group (27 % of 8, rounded): the two lowest and the two highest totals.
    assert stats["U2"].upper_lower > 0.5
    assert stats["U3"].upper_lower < 0


def test_correlation_is_none_without_variance() -> None:
    assert tool.correlation([1, 1, 1], [1, 2, 3]) is None
    assert tool.correlation([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)


def test_a_pupil_above_the_maximum_is_a_user_error() -> None:
    with pytest.raises(UserError, match="fler poäng än maxpoängen på U2"):
        tool.read_scores(read_table(RESULTS.replace("F;1;2;0", "F;1;3;0").encode(), "r.csv"))


def test_the_run_shows_alpha_and_writes_chart_and_workbook(tmp_path: Path) -> None:
    source = tmp_path / "r.csv"
    source.write_text(RESULTS, encoding="utf-8")
    step = run_tool("provanalys", tmp_path, {"metod": "punktbiserial"}, {"resultat": [source]})
    assert step.status == "succeeded", step.error
    assert "Cronbachs alfa" in step.outputs("markdown")[0]["markdown"]
    assert "U3" in step.outputs("markdown")[0]["markdown"]
    assert step.artifacts() == ["provanalys.png", "provanalys.xlsx"]
