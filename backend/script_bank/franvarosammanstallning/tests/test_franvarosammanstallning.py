"""Frånvarosammanställning: absence shares per pupil and week, from either export shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_testing import load_tool, run_tool
from openpyxl import load_workbook

from skriptoteket_toolkit.tables import read_table

tool = load_tool("franvarosammanstallning")

LESSONS = (
    "Elev;Klass;Datum;Minuter;Status\n"
    "Åsa;8A;2026-01-12;60;Närvarande\n"
    "Åsa;8A;2026-01-12;40;Ogiltig frånvaro\n"
    "Åsa;8A;2026-01-19;100;Giltig frånvaro\n"
    "Örjan;8A;2026-01-12;100;Sen ankomst\n"
    "Örjan;8A;2026-01-19;100;Närvarande\n"
)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("Närvarande", "present"),
        ("Sen ankomst", "present"),
        ("Giltig frånvaro", "valid"),
        ("Sjuk", "valid"),
        ("Ogiltig frånvaro", "invalid"),
        ("Ej anmäld frånvaro", "invalid"),
        ("Frånvarande", "other"),
        ("Fika", None),
    ],
)
def test_statuses_are_classified(status: str, kind: str | None) -> None:
    assert tool.classify(status) == kind


def test_shares_per_pupil_and_iso_week_weighted_by_minutes() -> None:
    attendance = tool.read_attendance(read_table(LESSONS.encode(), "n.csv"))
    asa = attendance.pupils[0]
    assert asa.name == "Åsa"
    assert asa.total.share("total") == pytest.approx(70.0)
    assert asa.total.share("ogiltig") == pytest.approx(20.0)
    assert sorted(asa.weeks) == ["2026 v.03", "2026 v.04"]
    assert asa.weeks["2026 v.03"].share("total") == pytest.approx(40.0)
    assert [p.name for p in tool.over_threshold(attendance, 10, "total")] == ["Åsa"]


def test_minute_columns_with_a_total_beside_the_split_are_not_counted_twice() -> None:
    text = "Elev;Datum;Schemalagd tid;Frånvaro;Giltig frånvaro;Ogiltig frånvaro\nÅsa;2026-01-12;300;60;45;15\n"
    attendance = tool.read_attendance(read_table(text.encode(), "m.csv"))
    assert attendance.pupils[0].total.share("total") == pytest.approx(20.0)
    assert attendance.unit == "min"


def test_the_workbook_has_the_three_sheets(tmp_path: Path) -> None:
    source = tmp_path / "n.csv"
    source.write_text(LESSONS, encoding="cp1252")
    step = run_tool(
        "franvarosammanstallning",
        tmp_path,
        {"troskel": 50, "franvarotyp": "total"},
        {"franvaro": [source]},
    )
    assert step.status == "succeeded", step.error
    assert step.outputs("notice")[0]["message"] == "1 av 2 elever har mer än 50 % all frånvaro."
    workbook = load_workbook(step.output_dir / "franvarosammanstallning.xlsx")
    assert workbook.sheetnames == ["Över gränsen", "Alla elever", "Per vecka"]
    assert workbook["Över gränsen"]["A2"].value == "Åsa"
