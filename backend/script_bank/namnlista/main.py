"""Namnlista: a messy name list in, clean first and last names out, duplicates pointed out."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, file, notice, result, table
from skriptoteket_toolkit.tables import NAME_COLUMNS, clean_text, read_table, read_text_file

PARTICLES = {
    "von",
    "van",
    "af",
    "de",
    "der",
    "den",
    "du",
    "da",
    "di",
    "la",
    "le",
    "zu",
    "del",
    "dos",
    "das",
}
INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
EDGE_PUNCTUATION = " \t\"'“”„«»,;:.*_|"


@dataclass
class Name:
    row: int
    original: str
    first: str = ""
    last: str = ""
    changes: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    def full(self, last_first: bool = False) -> str:
        if last_first and self.first and self.last:
            return f"{self.last}, {self.first}"
        return " ".join(p for p in (self.first, self.last) if p)


def tidy(text: str, changes: list[str]) -> str:
    cleaned = INVISIBLE.sub("", text)
    if cleaned != text:
        changes.append("osynliga tecken borttagna")
    spaced = re.sub(r"\s+", " ", cleaned.replace("\u00a0", " ")).strip(EDGE_PUNCTUATION).strip()
    spaced = re.sub(r"\s*-\s*", "-", spaced)
    if spaced != cleaned.strip():
        changes.append("mellanslag/tecken rättade")
    return spaced


def fix_case(words: str, changes: list[str], first_word_is_start: bool = True) -> str:
    """Capitalize words written all in lower or upper case; leave mixed case (McDonald) alone."""
    fixed_words = []
    for index, word in enumerate(words.split(" ")):
        if not word:
            continue
        if word.islower() or word.isupper():
            if word.casefold() in PARTICLES and (index > 0 or not first_word_is_start):
                fixed = word.lower()
            else:
                fixed = "-".join(
                    "'".join(part[:1].upper() + part[1:].lower() for part in piece.split("'"))
                    for piece in word.split("-")
                )
        else:
            fixed = word
        fixed_words.append(fixed)
    joined = " ".join(fixed_words)
    if joined != words and "stor/liten bokstav rättad" not in changes:
        changes.append("stor/liten bokstav rättad")
    return joined


def split_full(full: str) -> tuple[str, str]:
    """Last word as last name, with particles before it ("Carl von Linné" -> "Carl", "von Linné")."""
    words = full.split(" ")
    if len(words) < 2:
        return full, ""
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def clean(row: int, original: str, fix_casing: bool) -> Name:
    name = Name(row, original)
    text = tidy(original, name.changes)
    if "," in text:
        last, _, first = text.partition(",")
        text = f"{first.strip()} {last.strip()}".strip()
        name.changes.append("efternamn först – vänt")
    if fix_casing:
        text = fix_case(text, name.changes)
    name.first, name.last = split_full(text)
    if not name.last:
        name.remarks.append("bara ett namn")
    return name


def clean_pair(row: int, first: str, last: str, fix_casing: bool) -> Name:
    name = Name(row, f"{first} {last}".strip())
    name.first, name.last = tidy(first, name.changes), tidy(last, name.changes)
    if fix_casing:
        name.first = fix_case(name.first, name.changes)
        name.last = fix_case(name.last, name.changes, first_word_is_start=False)
    if not name.first or not name.last:
        name.remarks.append("förnamn eller efternamn saknas")
    return name


def fold(text: str) -> str:
    """For near-duplicates: no case, and accents other than å, ä, ö folded (é → e)."""
    kept = text.casefold().replace("å", "\x01").replace("ä", "\x02").replace("ö", "\x03")
    plain = "".join(c for c in unicodedata.normalize("NFKD", kept) if not unicodedata.combining(c))
    return (
        re.sub(r"[\s-]+", " ", plain).replace("\x01", "å").replace("\x02", "ä").replace("\x03", "ö")
    )


def duplicates(names: list[Name]) -> list[tuple[str, list[Name]]]:
    """Groups of rows that name the same person: same name, or same name in another order."""
    groups: dict[str, list[Name]] = {}
    for name in names:
        key = " ".join(sorted(fold(name.full()).split(" ")))
        groups.setdefault(key, []).append(name)
    found = []
    for members in groups.values():
        if len(members) > 1:
            exact = len({m.full().casefold() for m in members}) == 1
            kind = "samma namn" if exact else "samma namn, annan stavning eller ordning"
            found.append((kind, members))
            for member in members:
                member.remarks.append("dubblett")
    return found


def read_names(ctx: Any, fix_casing: bool) -> list[Name]:
    names: list[Name] = []
    for upload in ctx.files("lista"):
        if upload.name.lower().endswith((".csv", ".xlsx")):
            sheet = read_table(
                Path(upload.path), upload.name, header_hints=(*NAME_COLUMNS, "Förnamn", "Efternamn")
            )
            first, last = sheet.column("Förnamn", "Tilltalsnamn"), sheet.column("Efternamn")
            full = sheet.column(*NAME_COLUMNS)
            if first and last:
                names += [
                    clean_pair(n, r[first], r[last], fix_casing)
                    for n, r in zip(sheet.row_numbers, sheet.rows, strict=True)
                    if (r[first] + r[last]).strip()
                ]
            elif full or len(sheet.columns) == 1:
                column = full or sheet.columns[0]
                values = list(zip(sheet.row_numbers, sheet.values(column), strict=True))
                if full is None:  # one column without a known header: its first line is a name
                    values.insert(0, (sheet.row_numbers[0] - 1 if sheet.row_numbers else 1, column))
                names += [clean(n, v, fix_casing) for n, v in values if v.strip()]
            else:
                raise UserError(
                    f"Hittade inga namn i {sheet.name}. Döp kolumnen till ”Namn” (eller använd "
                    f"”Förnamn” och ”Efternamn”). Filen har kolumnerna: {sheet.describe_columns()}."
                )
        else:
            lines = read_text_file(Path(upload.path), upload.name).split("\n")
            names += [
                clean(n, line, fix_casing) for n, line in enumerate(lines, start=1) if line.strip()
            ]
    lines = clean_text(str(ctx.inputs.get("namn") or "")).split("\n")
    names += [clean(n, line, fix_casing) for n, line in enumerate(lines, start=1) if line.strip()]
    names = [n for n in names if n.full()]
    if not names:
        raise UserError("Ladda upp en namnlista eller klistra in namnen, ett per rad.")
    return names


def write_files(directory: Path, names: list[Name], last_first: bool) -> tuple[Path, Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = [[n.first, n.last, n.full(last_first)] for n in names]
    header = ["Förnamn", "Efternamn", "Namn"]
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
    for row in rows:
        sheet.append(row)
    for letter, width in (("A", 22), ("B", 24), ("C", 34)):
        sheet.column_dimensions[letter].width = width
    workbook.save(xlsx_path)
    return csv_path, xlsx_path


def run(ctx: Any) -> dict[str, Any]:
    fix_casing = ctx.inputs.get("versaler", True) is not False
    last_first = ctx.inputs.get("format") == "efternamn_fornamn"
    names = read_names(ctx, fix_casing)
    if ctx.inputs.get("sortera"):
        names.sort(key=lambda n: (n.last.casefold(), n.first.casefold()))
    groups = duplicates(names)
    changed = sum(bool(n.changes) for n in names)
    csv_path, xlsx_path = write_files(Path(ctx.output_dir), names, last_first)
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
