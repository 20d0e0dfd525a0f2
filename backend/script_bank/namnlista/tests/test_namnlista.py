"""Namnlista: tidy names, Swedish casing, first and last names, duplicates."""

from __future__ import annotations

from pathlib import Path

from bank_testing import run_tool
from openpyxl import load_workbook


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


def test_the_excel_keeps_the_other_columns_and_marks_duplicates(tmp_path: Path) -> None:
    source = tmp_path / "elever.csv"
    source.write_text(
        "Namn;Klass;Mentor\nNguyen, Linh;7A;ÅÖ\nLEO BERG;7B;KL\nLinh Nguyen;7A;ÅÖ\n",
        encoding="utf-8",
    )
    step = run_tool("namnlista", tmp_path / "run", files={"lista": [source]})
    assert step.status == "succeeded", step.error
    sheet = load_workbook(step.output_dir / "namnlista.xlsx").active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Förnamn",
        "Efternamn",
        "Namn",
        "Klass",
        "Mentor",
        "Dubblett",
        "Rad i listan",
    ]
    assert rows[1] == ["Linh", "Nguyen", "Linh Nguyen", "7A", "ÅÖ", "Ja, som rad 4 (samma namn)", 2]
    assert rows[2] == ["Leo", "Berg", "Leo Berg", "7B", "KL", None, 3]
    assert rows[3][5] == "Ja, som rad 2 (samma namn)"
    assert sheet["A2"].fill.fgColor.rgb.endswith("FFF2CC")  # duplicates stand out
    assert sheet["A3"].fill.fill_type is None
    csv_rows = (step.output_dir / "namnlista.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_rows[1] == "Linh;Nguyen;Linh Nguyen;7A;ÅÖ;Ja, som rad 4 (samma namn);2"
