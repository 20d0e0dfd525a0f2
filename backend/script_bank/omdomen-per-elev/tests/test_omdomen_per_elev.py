"""Omdömen per elev: placeholders checked against the columns, filled in text and Word templates."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bank_testing import load_tool, run_tool
from docx import Document

from skriptoteket_toolkit import UserError
from skriptoteket_toolkit.tables import read_table

tool = load_tool("omdomen-per-elev")
TABLE = read_table(
    "Elev;Klass;Läsförståelse\nÅsa Öberg;6A;God\nÅsa Öberg;6B;Bra\n".encode(), "o.csv"
)


def test_placeholders_match_columns_without_case_or_accents() -> None:
    assert tool.placeholders("{elev} {LASFORSTAELSE} {Elev}") == ["elev", "LASFORSTAELSE", "Elev"]
    tool.check_placeholders(["elev", "LASFORSTAELSE", "Datum"], TABLE)
    assert tool.fill("{elev}: {Läsförståelse}", TABLE.rows[0], TABLE) == "Åsa Öberg: God"


def test_an_unknown_placeholder_names_the_columns_there_are() -> None:
    with pytest.raises(UserError) as error:
        tool.check_placeholders(["Betyg"], TABLE)
    assert "{Betyg}" in str(error.value) and "”Läsförståelse”" in str(error.value)


def test_same_file_names_get_a_number() -> None:
    assert tool.file_names(TABLE.rows, "{Elev}", TABLE) == ["Åsa Öberg.docx", "Åsa Öberg (2).docx"]


def test_a_placeholder_word_split_over_runs_is_still_filled(tmp_path: Path) -> None:
    template = Document()
    paragraph = template.add_paragraph("Elev: ")
    paragraph.add_run("{El").bold = True
    paragraph.add_run("ev} i {Klass}")
    buffer = io.BytesIO()
    template.save(buffer)
    target = tmp_path / "ut.docx"
    tool.docx_document(buffer.getvalue(), "mall.docx", TABLE.rows[1], TABLE, target)
    assert Document(str(target)).paragraphs[0].text == "Elev: Åsa Öberg i 6B"


def test_the_zip_holds_one_document_per_pupil(tmp_path: Path) -> None:
    source = tmp_path / "o.csv"
    source.write_text("Elev;Kommentar\nÅsa;Bra!\nÖrjan;Kämpa på\n", encoding="utf-8")
    step = run_tool(
        "omdomen-per-elev", tmp_path, {"malltext": "# {Elev}\n\n{Kommentar}"}, {"omdomen": [source]}
    )
    assert step.status == "succeeded", step.error
    assert step.artifacts() == ["omdomen.zip"]
    with zipfile.ZipFile(step.output_dir / "omdomen.zip") as bundle:
        assert bundle.namelist() == ["Åsa.docx", "Örjan.docx"]
        document = Document(io.BytesIO(bundle.read("Örjan.docx")))
    assert [p.text for p in document.paragraphs] == ["Örjan", "Kämpa på"]
