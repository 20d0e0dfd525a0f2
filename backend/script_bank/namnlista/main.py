"""Namnlista: a messy name list in, clean first and last names out, duplicates pointed out."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, file, notice, result, table
from skriptoteket_toolkit.names import Name, find_duplicates, read_names

# The cleaning itself is the toolkit's (skriptoteket_toolkit.names), shared with Gruppgenerator
# and Placeringskarta; this tool shows what it did and writes the list back out.


def duplicate_notes(groups: list[tuple[str, list[Name]]]) -> dict[int, str]:
    """For each duplicate name (by id), which rows it shares its name with, and how."""
    notes = {}
    for kind, members in groups:
        for member in members:
            others = ", ".join(str(m.row) for m in members if m is not member)
            notes[id(member)] = f"Ja, som rad {others} ({kind})"
    return notes


def write_files(
    directory: Path, names: list[Name], last_first: bool, notes: dict[int, str]
) -> tuple[Path, Path]:
    """The clean list as CSV and Excel, keeping the input's other columns, with a column that
    marks duplicates (and, in Excel, a highlight) so they can be checked before importing."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    other = list(dict.fromkeys(column for n in names for column in n.other))
    header = ["Förnamn", "Efternamn", "Namn", *other, "Dubblett", "Rad i listan"]
    rows = [
        [n.first, n.last, n.full(last_first)]
        + [n.other.get(column, "") for column in other]
        + [notes.get(id(n), ""), n.row]
        for n in names
    ]
    csv_path = directory / "namnlista.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    xlsx_path = directory / "namnlista.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Namnlista"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    marked = PatternFill("solid", fgColor="FFF2CC")
    for name, row in zip(names, rows, strict=True):
        sheet.append(row)
        if id(name) in notes:
            for cell in sheet[sheet.max_row]:
                cell.fill = marked
    widths = [22, 24, 34, *[16] * len(other), 30, 12]
    for index, width in enumerate(widths):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = width
    sheet.freeze_panes = "A2"
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


def run(ctx: Any) -> dict[str, Any]:
    fix_casing = ctx.inputs.get("versaler", True) is not False
    last_first = ctx.inputs.get("format") == "efternamn_fornamn"
    names = read_names(ctx, "lista", "namn", fix_casing)
    if not names:
        raise UserError("Ladda upp en namnlista eller klistra in namnen, ett per rad.")
    if ctx.inputs.get("sortera"):
        names.sort(key=lambda n: (n.last.casefold(), n.first.casefold()))
    groups = find_duplicates(names)
    changed = sum(bool(n.changes) for n in names)
    notes = duplicate_notes(groups)
    csv_path, xlsx_path = write_files(Path(ctx.output_dir), names, last_first, notes)
    message = f"{len(names)} namn, {changed} rättade, {len(groups)} {'dubblett' if len(groups) == 1 else 'dubbletter'}."
    outputs: list[dict[str, Any]] = [notice(message, level="warning" if groups else "success")]
    if groups:
        outputs.append(
            table(
                [
                    {
                        "namn": " / ".join(dict.fromkeys(m.full() for m in members)),
                        "rader": ", ".join(str(m.row) for m in members),
                        "varfor": kind,
                    }
                    for kind, members in groups
                ],
                [
                    {"key": "namn", "label": "Namn", "type": "text"},
                    {"key": "rader", "label": "Rader", "type": "text"},
                    {"key": "varfor", "label": "Varför", "type": "text"},
                ],
                title="Möjliga dubbletter",
            )
        )
    outputs.append(
        table(
            [
                {
                    "rad": n.row,
                    "fornamn": n.first,
                    "efternamn": n.last,
                    "namn": n.full(last_first),
                    "original": n.original,
                    "andring": ", ".join(n.changes),
                    "anmarkning": ", ".join(n.remarks),
                }
                for n in names
            ],
            [
                {"key": "rad", "label": "Rad", "type": "integer"},
                {"key": "fornamn", "label": "Förnamn", "type": "text"},
                {"key": "efternamn", "label": "Efternamn", "type": "text"},
                {"key": "namn", "label": "Namn", "type": "text"},
                {"key": "original", "label": "Som det stod", "type": "text"},
                {"key": "andring", "label": "Ändringar", "type": "text"},
                {"key": "anmarkning", "label": "Anmärkning", "type": "text"},
            ],
            title="Rensad namnlista",
        )
    )
    outputs.append(file(xlsx_path.name, label="Namnlista (Excel)"))
    outputs.append(file(csv_path.name, label="Namnlista (CSV)"))
    return result(*outputs)
