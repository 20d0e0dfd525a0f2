"""The shared table reader reads what Swedish school systems export, and says what is wrong."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from skriptoteket_toolkit import UserError
from skriptoteket_toolkit.tables import (
    normalize_header,
    parse_date,
    parse_number,
    pupil_names,
    read_table,
)

ROWS = "Elev;Klass;Ämne\nÅsa Öberg;7B;Svenska\nÖrjan Åkesson;7B;Matematik\n"


@pytest.mark.parametrize(
    "data",
    [
        ROWS.encode("utf-8"),
        b"\xef\xbb\xbf" + ROWS.encode("utf-8"),
        ROWS.encode("cp1252"),
        ROWS.encode("utf-16"),
        ROWS.replace(";", ",").encode("utf-8"),
        ROWS.replace(";", "\t").encode("utf-8"),
        ROWS.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "bom", "cp1252", "utf16", "comma", "tab", "crlf"],
)
def test_csv_dialects_and_encodings_read_the_same(data: bytes) -> None:
    table = read_table(data, "elever.csv")
    assert table.columns == ["Elev", "Klass", "Ämne"]
    assert [r["Elev"] for r in table.rows] == ["Åsa Öberg", "Örjan Åkesson"]
    assert table.row_numbers == [2, 3]


def test_a_title_line_above_the_header_is_skipped_with_a_hint() -> None:
    data = "Klasslista 7B HT 2026;;\n;;\nElev;Klass;Ämne\nÅsa Öberg;7B;Svenska\n".encode()
    table = read_table(data, "lista.csv", header_hints=("Elev",))
    assert table.columns == ["Elev", "Klass", "Ämne"]
    assert table.rows == [{"Elev": "Åsa Öberg", "Klass": "7B", "Ämne": "Svenska"}]


def test_quoted_cells_keep_their_separators() -> None:
    table = read_table('Elev;E-post\nÅsa;"a@x.se; b@y.se"\n'.encode(), "e.csv")
    assert table.rows[0]["E-post"] == "a@x.se; b@y.se"


def test_a_comma_inside_a_few_names_is_not_a_separator() -> None:
    table = read_table("Namn\nÅsa Öberg\nÖberg, Åsa\nOskar Ek\n".encode(), "n.csv")
    assert table.values("Namn") == ["Åsa Öberg", "Öberg, Åsa", "Oskar Ek"]


def test_xlsx_cells_become_text_as_people_read_them() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Elev", "Poäng", "Datum", "Tom"])
    sheet.append(["Åsa", 12.0, dt.datetime(2026, 1, 12), None])
    sheet.append(["Örjan", 7.5, dt.datetime(2026, 1, 12, 8, 30), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "resultat.xlsx")
    assert table.rows[0] == {"Elev": "Åsa", "Poäng": "12", "Datum": "2026-01-12", "Tom": ""}
    assert table.rows[1]["Poäng"] == "7.5"
    assert table.rows[1]["Datum"] == "2026-01-12 08:30"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "är tom"),
        (b"\r\n \r\n", "är tom"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG-bild"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG-bild"),
        (b"%PDF-1.7\n", "PDF-fil"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "gamla Excel-formatet"),
        (b"PK\x03\x04not really a workbook", "kunde inte öppnas som Excel-fil"),
        (b"abc\x00\x01\x02def", "binärdata"),
    ],
)
def test_files_that_are_not_tables_are_user_errors_in_swedish(data: bytes, says: str) -> None:
    with pytest.raises(UserError) as error:
        read_table(data, "lista.csv")
    assert says in str(error.value)
    assert "”lista.csv”" in str(error.value)


def test_a_missing_column_names_the_columns_there_are() -> None:
    table = read_table(ROWS.encode(), "elever.csv")
    with pytest.raises(UserError) as error:
        table.require("betyg", "Betyg", "Slutbetyg")
    message = str(error.value)
    assert "”Betyg”" in message and "”Elev”, ”Klass”, ”Ämne”" in message


def test_columns_match_without_case_spaces_or_accents() -> None:
    table = read_table("ELEV ;amne:;Vårdnadshavare 1 E-post\nÅsa;Sv;a@x.se\n".encode(), "x.csv")
    assert table.column("Elev") == "ELEV"
    assert table.column("Ämne") == "amne:"
    assert normalize_header("Vårdnadshavare 1 e-post") == "vardnadshavare1epost"


def test_numbers_and_dates_as_swedish_files_write_them() -> None:
    assert parse_number("3,5") == 3.5
    assert parse_number("1 234") == 1234
    assert parse_number("12 %") == 12
    assert parse_number("−2") == -2
    assert parse_number("x") is None
    assert parse_date("2026-01-12 08:10") == dt.date(2026, 1, 12)
    assert parse_date("12/1/2026") == parse_date("12.1.2026") == dt.date(2026, 1, 12)
    assert parse_date("31.2.2026") is None


def test_pupil_names_from_name_or_first_and_last_columns() -> None:
    assert pupil_names(read_table("Elev;Klass\n Åsa  Öberg ;7B\n;7B\n".encode(), "a.csv")) == [
        "Åsa Öberg"
    ]
    both = read_table("Förnamn;Efternamn\nÅsa;Öberg\n".encode(), "b.csv")
    assert pupil_names(both) == ["Åsa Öberg"]
    headerless = read_table("Åsa Öberg\nÖrjan Åkesson\n".encode(), "c.txt")
    assert pupil_names(headerless) == ["Åsa Öberg", "Örjan Åkesson"]
