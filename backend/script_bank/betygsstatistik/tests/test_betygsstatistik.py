"""Betygsstatistik: the distribution per group, from long and wide exports."""

from __future__ import annotations

from pathlib import Path

from bank_testing import check_artifact, load_tool, run_tool
from openpyxl import load_workbook

from skriptoteket_toolkit.tables import read_table

tool = load_tool("betygsstatistik")

LONG = "Elev;Klass;Ämne;Betyg\nÅsa;9A;Ma;A\nÅsa;9A;Sv;F\nÖrjan;9A;Ma;c\nÖrjan;9A;Sv;\nEdit;9B;Ma;-\nEdit;9B;Sv;G\n"
WIDE = "Elev;Klass;Ma;Sv\nÅsa;9A;A;F\nÖrjan;9A;c;\nEdit;9B;-;G\n"


def stats_of(text: str, grouping: str = "klass_amne") -> list:  # type: ignore[type-arg]
    grades, _ = tool.read_grades(read_table(text.encode(), "betyg.csv"))
    return tool.distribution(grades, grouping)


def test_long_and_wide_exports_give_the_same_distribution() -> None:
    assert tool.table_rows(stats_of(LONG)) == tool.table_rows(stats_of(WIDE))


def test_counts_shares_and_mean_points_per_group() -> None:
    rows = {(r["klass"], r["amne"]): r for r in tool.table_rows(stats_of(LONG))}
    maths = rows[("9A", "Ma")]
    assert (maths["a"], maths["c"], maths["antal"]) == (1, 1, 2)
    assert maths["godkand"] == 100.0
    assert maths["snitt"] == 17.5  # (20 + 15) / 2
    swedish = rows[("9A", "Sv")]
    assert (swedish["f"], swedish["saknas"], swedish["godkand"]) == (1, 1, 0.0)
    assert rows[("9B", "Ma")]["streck"] == 1


def test_values_that_are_not_grades_are_reported_not_counted() -> None:
    grades, unknown = tool.read_grades(read_table(LONG.encode(), "betyg.csv"))
    assert unknown == {"G": 1}
    assert all(g.grade != "G" for g in grades)


def test_grouping_by_subject_merges_the_classes() -> None:
    rows = tool.table_rows(stats_of(LONG, "amne"))
    assert [(r["klass"], r["amne"], r["antal"]) for r in rows] == [
        ("Alla", "Ma", 3),
        ("Alla", "Sv", 1 + 1),
    ]


def test_the_run_writes_a_chart_and_a_workbook_with_every_group(tmp_path: Path) -> None:
    source = tmp_path / "betyg.csv"
    source.write_text(LONG, encoding="utf-8-sig")
    step = run_tool("betygsstatistik", tmp_path, {"gruppering": "klass_amne"}, {"betyg": [source]})
    assert step.status == "succeeded", step.error
    assert [o["kind"] for o in step.outputs()] == ["markdown", "notice", "table", "image", "file"]
    for name in step.artifacts():
        check_artifact(step.output_dir / name)
    sheet = load_workbook(step.output_dir / "betygsstatistik.xlsx")["Fördelning"]
    assert sheet.max_row == 1 + 3  # 9A Ma, 9A Sv, 9B Ma (9B Sv holds only "G")
    assert "”G” (1)" in step.outputs("notice")[0]["message"]
