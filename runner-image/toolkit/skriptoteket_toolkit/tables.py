"""Read the tables Swedish school systems export: CSV (any common dialect) and XLSX.

One reader for every tool, so each handles the same awkward files the same way:
- CSV separated by semicolons (Excel's Swedish default), commas or tabs, sniffed from the content;
- UTF-8 with or without a byte-order mark, UTF-16 with a BOM, else Windows-1252 (older Excel);
- XLSX (the first sheet), with numbers, dates and empty cells as exports write them;
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skriptoteket_toolkit import UserError

__all__ = [
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


NAME_COLUMNS = ("Namn", "Elev", "Elevnamn", "Elevens namn", "Fullständigt namn", "Name")
FIRST_NAME_COLUMNS = ("Förnamn", "Tilltalsnamn", "First name")
LAST_NAME_COLUMNS = ("Efternamn", "Last name")


def pupil_names(table: Table) -> list[str]:
    """The pupils' full names in a class list, in file order, blanks skipped.

    A "Namn"/"Elev" column, else "Förnamn" + "Efternamn"; a list with a single column is taken
    as names even without a header (its first line is then a name too).
    """
    full = table.column(*NAME_COLUMNS)
    first, last = table.column(*FIRST_NAME_COLUMNS), table.column(*LAST_NAME_COLUMNS)
    if full is not None:
        names = table.values(full)
    elif first is not None or last is not None:
        names = [
            " ".join(part for part in (row.get(first or "", ""), row.get(last or "", "")) if part)
            for row in table.rows
        ]
    elif len(table.columns) == 1:
        names = [table.columns[0], *table.values(table.columns[0])]
    else:
        raise UserError(
            f"Hittade ingen kolumn med elevernas namn i {table.name}. Döp kolumnen till ”Namn” "
            f"eller ”Elev” (eller använd ”Förnamn” och ”Efternamn”). Filen har kolumnerna: "
            f"{table.describe_columns()}."
        )
    return [" ".join(name.split()) for name in names if name.strip()]


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
        grid = _xlsx_grid(data, label)
    else:
        grid = _csv_grid(decode_text(data, label), label)
    return _table_from_grid(grid, label, {normalize_header(h) for h in header_hints})


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


def _csv_grid(text: str, label: str) -> list[list[str]]:
    lines = [line for line in text.split("\n") if line.strip()]
    delimiter = _sniff_delimiter(lines[:50])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')
    try:
        return [[cell.strip().replace("\u00a0", " ") for cell in row] for row in reader]
    except csv.Error as error:
        raise UserError(f"{label.capitalize()} kunde inte läsas som CSV: {error}.") from error


def _sniff_delimiter(lines: Sequence[str]) -> str:
    """The separator that splits the most lines into the same number (>1) of fields."""
    best, best_score = ";", -1.0
    for delimiter in (";", "\t", ",", "|"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        most_common = max(set(multi), key=multi.count)
        # A separator splits most lines alike; a comma inside a few names is not one.
        if 2 * multi.count(most_common) < len(lines):
            continue
        score = multi.count(most_common) + 0.01 * most_common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx_grid(data: bytes, label: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise UserError(f"{label.capitalize()} har inga kalkylblad.")
            sheet = workbook.worksheets[0]
            return [
                [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    except UserError:
        raise
    except Exception as error:
        raise UserError(
            f"{label.capitalize()} kunde inte öppnas som Excel-fil (.xlsx). {_HOW_TO_EXPORT}"
        ) from error


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


def _table_from_grid(grid: list[list[str]], label: str, hints: set[str]) -> Table:
    candidates = [(i, row) for i, row in enumerate(grid) if any(cell for cell in row)]
    if not candidates:
        raise UserError(f"{label.capitalize()} innehåller inga rader. {_HOW_TO_EXPORT}")
    header_index, header = candidates[0]
    if hints:
        for index, row in candidates[:10]:
            if any(normalize_header(cell) in hints for cell in row):
                header_index, header = index, row
                break
    columns = _unique_names(header)
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    for index in range(header_index + 1, len(grid)):
        cells = grid[index]
        if not any(cells):
            continue
        rows.append(
            {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(columns)}
        )
        numbers.append(index + 1)
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
