"""Read the tables Swedish school systems export: CSV (any common dialect) and XLSX.

One reader for every tool, so each handles the same awkward files the same way:
- CSV separated by semicolons (Excel's Swedish default), commas or tabs, sniffed from the content;
- UTF-8 with or without a byte-order mark, UTF-16 with a BOM, else Windows-1252 (older Excel);
- XLSX (the first visible sheet), with numbers, dates and empty cells as exports write them;
- only the cells a file really holds: a sheet that declares the whole grid as its dimension
  (what Excel and LibreOffice write once a whole column is formatted) is read in streaming mode
  without that dimension, trailing empty rows and columns are dropped, and a table past
  `MAX_CELLS` (rows times columns) is a `UserError` instead of a run that spins to its deadline;
- a title line or blank lines above the header row;
- files that are not tables at all (an image renamed .csv, an old .xls, an empty file), which
  become a `UserError` saying in Swedish what to do instead.

Every value is a stripped string ("" for empty), so tools parse numbers with `parse_number`.
Columns are found by any of several names with `Table.column`/`Table.require`, comparing names
without case, spaces, punctuation or diacritics ("Ämne", "amne", "ÄMNE:" all match).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError

__all__ = [
    "MAX_CELLS",
    "Table",
    "clean_text",
    "decode_text",
    "normalize_header",
    "parse_date",
    "parse_number",
    "pupil_names",
    "read_table",
    "read_text_file",
]

# Signatures of files people upload by mistake, with a Swedish name for the message.
_NOT_A_TABLE = (
    (b"\x89PNG\r\n\x1a\n", "en PNG-bild"),
    (b"\xff\xd8\xff", "en JPEG-bild"),
    (b"GIF87a", "en GIF-bild"),
    (b"GIF89a", "en GIF-bild"),
    (b"%PDF", "en PDF-fil"),
    (b"BM", "en BMP-bild"),
    (b"II*\x00", "en TIFF-bild"),
    (b"MM\x00*", "en TIFF-bild"),
    (b"RIFF", "en bild- eller ljudfil"),
    (b"\x1f\x8b", "en komprimerad fil (gzip)"),
    (b"Rar!", "en komprimerad fil (RAR)"),
    (b"7z\xbc\xaf", "en komprimerad fil (7z)"),
)
_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The largest table a tool reads (rows × columns, trailing empties dropped): ten times a big
# school's whole-year export, and still read in about a second.
MAX_CELLS = 200_000
# How many empty things (rows without text, formatted cells without a value) the reader looks at
# before it gives up: bounds the time a file full of formatting and nothing else can take.
_MAX_EMPTY = 100_000
_HOW_TO_EXPORT = (
    "Exportera listan som CSV (semikolonseparerad) eller Excel (.xlsx) och ladda upp den igen."
)


@dataclass(frozen=True)
class Table:
    """A header row and the data rows under it, every value a stripped string."""

    name: str
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    # 1-based line (CSV) or row (XLSX) number of each data row, for messages.
    row_numbers: list[int] = field(default_factory=list)

    def column(self, *names: str) -> str | None:
        """The first column whose name matches one of `names` (normalized), else None."""
        by_key = {normalize_header(c): c for c in reversed(self.columns)}
        for name in names:
            found = by_key.get(normalize_header(name))
            if found is not None:
                return found
        return None

    def require(self, what: str, *names: str) -> str:
        """Like `column`, but a missing column is a `UserError` naming the columns there are."""
        found = self.column(*names)
        if found is None:
            alternatives = ", ".join(f"”{n}”" for n in names)
            raise UserError(
                f"Kolumnen för {what} saknas i {self.name}. Döp en kolumn till någon av "
                f"{alternatives}. Filen har kolumnerna: {self.describe_columns()}."
            )
        return found

    def describe_columns(self) -> str:
        return ", ".join(f"”{c}”" for c in self.columns) or "(inga)"

    def values(self, column: str) -> list[str]:
        return [row.get(column, "") for row in self.rows]


NAME_COLUMNS = (
    "Namn",
    "Elev",
    "Elevnamn",
    "Elevens namn",
    "Fullständigt namn",
    "Name",
    "Efternamn, Förnamn",
    "Förnamn Efternamn",
)
FIRST_NAME_COLUMNS = ("Förnamn", "Tilltalsnamn", "First name")
LAST_NAME_COLUMNS = ("Efternamn", "Last name")


def pupil_names(table: Table) -> list[str]:
    """The pupils' full names in a class list, in file order, blanks skipped, cleaned as
    `skriptoteket_toolkit.names` cleans them ("Nguyen, Linh" → "Linh Nguyen")."""
    from skriptoteket_toolkit.names import names_in_table  # names builds on this module

    return [name.full() for name in names_in_table(table)]


def normalize_header(name: str) -> str:
    """Fold a column name for comparison: no case, diacritics, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def parse_number(text: str) -> float | None:
    """A number as Swedish files write it ("3,5", "1 234", "12 %"); None when not a number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    cleaned = cleaned.removesuffix("%")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(text: str) -> dt.date | None:
    """A date as exports write it: 2026-01-12 (maybe with a time), 20260112, 12/1/2026, 12.1.2026."""
    text = text.strip()
    for candidate in (text[:10], text):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            pass
    match = _DMY.match(text.split(" ")[0])
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def read_table(
    source: Path | bytes,
    name: str | None = None,
    *,
    header_hints: Iterable[str] = (),
) -> Table:
    """Read a CSV or XLSX file into a `Table`.

    `header_hints` are column names the caller expects; the header is the first row (of the
    first ten) holding one of them, else the first row with any text.
    """
    if isinstance(source, Path):
        name = name or source.name
        data = source.read_bytes()
    else:
        data = source
    label = f"filen ”{name}”" if name else "filen"
    _reject_non_tables(data, label)
    if data.startswith(_ZIP):
        grid = _xlsx_rows(data, label)
    else:
        grid = _csv_rows(decode_text(data, label), label)
    return _table_from_rows(grid, label, {normalize_header(h) for h in header_hints})


def read_text_file(source: Path | bytes, name: str | None = None) -> str:
    """A text file (Markdown, a template, a name list) decoded like the CSV reader does."""
    if isinstance(source, Path):
        name = name or source.name
        data = source.read_bytes()
    else:
        data = source
    label = f"filen ”{name}”" if name else "filen"
    _reject_non_tables(data, label, kind="textfil")
    if data.startswith(_ZIP):
        raise UserError(
            f"{label.capitalize()} är inte en textfil (den ser ut att vara en Office-fil)."
        )
    return decode_text(data, label)


def decode_text(data: bytes, label: str = "filen") -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 as older Excel saves."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UserError(f"{label.capitalize()} kunde inte läsas som text.") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return clean_text(text)


def clean_text(text: str) -> str:
    """Unix newlines and no control characters (stray bytes in old exports, or pasted into a
    form): XLSX and DOCX files cannot hold them."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _reject_non_tables(data: bytes, label: str, kind: str = "tabell") -> None:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        advice = _HOW_TO_EXPORT if kind == "tabell" else "Välj en fil med text i."
        raise UserError(f"{label.capitalize()} är tom. Kontrollera att du valde rätt fil. {advice}")
    for signature, what in _NOT_A_TABLE:
        if data.startswith(signature):
            raise UserError(
                f"{label.capitalize()} är {what}, inte en {kind}. "
                + (_HOW_TO_EXPORT if kind == "tabell" else "Välj en textfil (.txt eller .md).")
            )
    if data.startswith(_OLD_EXCEL):
        raise UserError(
            f"{label.capitalize()} är i det gamla Excel-formatet (.xls). Öppna den i Excel och "
            "spara som ”Excel-arbetsbok (.xlsx)” eller ”CSV UTF-8”, och ladda upp den igen."
        )
    if (
        not data.startswith(_ZIP)
        and b"\x00" in data[:4096]
        and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise UserError(f"{label.capitalize()} är ingen textfil utan binärdata. {_HOW_TO_EXPORT}")


# A table as read: (1-based line or row number, cells with trailing empties dropped), only rows
# with some text.
Rows = list[tuple[int, list[str]]]


class _Bounded:
    """Collects the non-empty rows of a table, refusing one past `MAX_CELLS` as soon as it is."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.rows: Rows = []
        self.width = 0
        self.empty = 0

    def add(self, number: int, cells: list[str]) -> None:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            self.skipped(1)
            return
        self.rows.append((number, cells))
        self.width = max(self.width, len(cells))
        if len(self.rows) * self.width > MAX_CELLS:
            self.too_big(f"minst {len(self.rows)} rader × {self.width} kolumner")

    def skipped(self, empties: int) -> None:
        self.empty += empties
        if self.empty > _MAX_EMPTY:
            self.too_big("för många tomma eller bara formaterade rader och celler")

    def too_big(self, what: str) -> None:
        limit = f"{MAX_CELLS:_}".replace("_", "\u00a0")
        raise UserError(
            f"{self.label.capitalize()} är för stor för att läsas ({what}). Högst {limit} celler "
            "(rader × kolumner) går att läsa. Ta bort tomma rader och kolumner eller dela upp "
            "filen, och ladda upp den igen."
        )


def _csv_rows(text: str, label: str) -> Rows:
    # The first lines, each cut short: enough to tell the separator, cheap on any file.
    lines = [line[:4096] for line in text.split("\n", 200)[:200] if line.strip()]
    delimiter = _sniff_delimiter(lines[:50])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')
    table = _Bounded(label)
    try:
        for number, row in enumerate(reader, start=1):
            if len(row) > MAX_CELLS:  # one line of a million separators
                table.too_big(f"{len(row)} kolumner på rad {number}")
            table.add(number, [cell.strip().replace("\u00a0", " ") for cell in row])
    except csv.Error as error:
        raise UserError(f"{label.capitalize()} kunde inte läsas som CSV: {error}.") from error
    return table.rows


def _sniff_delimiter(lines: Sequence[str]) -> str:
    """The separator that splits the most lines into the same number (>1) of fields."""
    best, best_score = ";", -1.0
    for delimiter in (";", "\t", ",", "|"):
        try:
            counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        except csv.Error:  # e.g. an unterminated quote in a cut-short line
            continue
        multi = [c for c in counts if c > 1]
        if not multi or (delimiter == "," and _last_names_first(lines)):
            continue
        most_common = max(set(multi), key=multi.count)
        # A separator splits most lines alike; a comma inside a few names is not one.
        if 2 * multi.count(most_common) < len(lines):
            continue
        score = multi.count(most_common) + 0.01 * most_common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _last_names_first(lines: Sequence[str]) -> bool:
    """A list of names written "Nguyen, Linh": every comma is the only one on its line and has a
    space after it. Exports write no space after a separator, so such a comma is part of the
    name, and splitting there would make two pupils (or half a name) of one."""
    with_comma = [line for line in lines if "," in line]
    return all(line.count(",") == 1 and ", " in line for line in with_comma)


def _xlsx_rows(data: bytes, label: str) -> Rows:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            visible = [s for s in workbook.worksheets if s.sheet_state == "visible"]
            if not visible:
                raise UserError(f"{label.capitalize()} har inga synliga kalkylblad.")
            table = _Bounded(label)
            for number, cells, valueless in _sheet_rows(visible[0]):
                table.skipped(valueless)
                table.add(number, [_cell_text(value) for value in cells])
            return table.rows
        finally:
            workbook.close()
    except UserError:
        raise
    except Exception as error:
        raise UserError(
            f"{label.capitalize()} kunde inte öppnas som Excel-fil (.xlsx). {_HOW_TO_EXPORT}"
        ) from error


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[object], int]]:
    """The rows a sheet's XML holds: number, values up to the last one, and how many of its cells
    had no value (formatting only).

    The streaming parser openpyxl's read-only sheets use, without the sheet's declared dimension
    (which may be the whole grid, A1:XFD1048576): missing rows are not made up, and each row is
    only as wide as its cells.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            present = [(c["column"], c["value"]) for c in cells if c["value"] is not None]
            values: list[object] = [None] * (present[-1][0] if present else 0)
            for column, value in present:
                values[column - 1] = value
            yield number, values, len(cells) - len(present)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()[:5] if isinstance(value, dt.time) else value.isoformat()
    return _CONTROL.sub("", str(value)).strip().replace("\u00a0", " ")


def _table_from_rows(grid: Rows, label: str, hints: set[str]) -> Table:
    if not grid:
        raise UserError(f"{label.capitalize()} innehåller inga rader. {_HOW_TO_EXPORT}")
    header_at = 0
    if hints:
        for index, (_, row) in enumerate(grid[:10]):
            if any(normalize_header(cell) in hints for cell in row):
                header_at = index
                break
    columns = _unique_names(grid[header_at][1])
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, cells in grid[header_at + 1 :]:
        rows.append(
            {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(columns)}
        )
        numbers.append(number)
    # Drop columns without a header and without data (trailing separators in exports).
    keep = [c for c in columns if not c.startswith("_kolumn") or any(r[c] for r in rows)]
    if len(keep) != len(columns):
        rows = [{c: r[c] for c in keep} for r in rows]
    return Table(name=label, columns=keep, rows=rows, row_numbers=numbers)


def _unique_names(header: list[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for position, cell in enumerate(header, start=1):
        base = re.sub(r"\s+", " ", cell).strip() or f"_kolumn{position}"
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base} ({n})", n + 1
        seen.add(candidate)
        names.append(candidate)
    return names
