"""Names of pupils and staff, cleaned the same way in every tool that reads a name list.

- invisible characters, doubled spaces and stray punctuation are removed;
- "Efternamn, Förnamn" is turned round: "Nguyen, Linh" is the one pupil Linh Nguyen;
- a name written all in capitals or all in small letters gets Swedish casing ("ÅSA ÖBERG" →
  "Åsa Öberg"); mixed case ("McDonald") is left alone;
- first and last name are split at the last word, particles going with the last name
  ("Carl von Linné" → "Carl" + "von Linné");
- duplicates are found across order, case and accents other than å, ä and ö ("Zoë"/"Zoe").

A tool reads its file field and its text field in one call, and gets every name with its row
and, from a table, the row's other columns:

    from skriptoteket_toolkit.names import find_duplicates, read_names

    names = read_names(ctx, "klasslista", "namn")
    for kind, members in find_duplicates(names):
        ...
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError
from skriptoteket_toolkit.tables import (
    FIRST_NAME_COLUMNS,
    LAST_NAME_COLUMNS,
    NAME_COLUMNS,
    Table,
    clean_text,
    read_table,
    read_text_file,
)

__all__ = [
    "HEADER_HINTS",
    "Name",
    "clean_name",
    "clean_pair",
    "find_duplicates",
    "names_in_table",
    "names_in_text",
    "read_names",
]

# Words that belong to the last name that follows them ("von Linné", "af Klint").
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
HEADER_HINTS = (*NAME_COLUMNS, *FIRST_NAME_COLUMNS, *LAST_NAME_COLUMNS)
SAME = "samma namn"
ALIKE = "samma namn, annan stavning eller ordning"
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_EDGE_PUNCTUATION = " \t\"'“”„«»,;:.*_|"


@dataclass
class Name:
    """One name as read (`row` is its line or row in the input) and as cleaned."""

    row: int
    original: str
    first: str = ""
    last: str = ""
    changes: list[str] = field(default_factory=list)  # what cleaning did, in Swedish
    remarks: list[str] = field(default_factory=list)  # what the user should look at
    other: dict[str, str] = field(default_factory=dict)  # the row's other columns (tables)

    def full(self, last_first: bool = False) -> str:
        if last_first and self.first and self.last:
            return f"{self.last}, {self.first}"
        return " ".join(p for p in (self.first, self.last) if p)


def tidy(text: str, changes: list[str]) -> str:
    cleaned = _INVISIBLE.sub("", text)
    if cleaned != text:
        changes.append("osynliga tecken borttagna")
    spaced = re.sub(r"\s+", " ", cleaned.replace("\u00a0", " ")).strip(_EDGE_PUNCTUATION).strip()
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


def clean_name(row: int, original: str, fix_casing: bool = True) -> Name:
    """A whole name in one cell or line, either "Förnamn Efternamn" or "Efternamn, Förnamn"."""
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


def clean_pair(row: int, first: str, last: str, fix_casing: bool = True) -> Name:
    """First and last name from columns of their own."""
    name = Name(row, f"{first} {last}".strip())
    name.first, name.last = tidy(first, name.changes), tidy(last, name.changes)
    if fix_casing:
        name.first = fix_case(name.first, name.changes)
        name.last = fix_case(name.last, name.changes, first_word_is_start=False)
    if not name.first or not name.last:
        name.remarks.append("förnamn eller efternamn saknas")
    return name


def names_in_text(text: str, fix_casing: bool = True) -> list[Name]:
    """One name per line (pasted into a form or a .txt file); blank lines skipped."""
    lines = clean_text(text).split("\n")
    named = [clean_name(n, line, fix_casing) for n, line in enumerate(lines, start=1)]
    return [n for n in named if n.full()]


def names_in_table(table: Table, fix_casing: bool = True) -> list[Name]:
    """Names from "Förnamn" + "Efternamn", else a "Namn"/"Elev" column, else the only column
    (then without a header: its first line is a name too). The other columns are kept."""
    first, last = table.column(*FIRST_NAME_COLUMNS), table.column(*LAST_NAME_COLUMNS)
    full = table.column(*NAME_COLUMNS)
    rows = list(zip(table.row_numbers, table.rows, strict=True))
    if first and last:
        used = {first, last}
        names = [clean_pair(n, r[first], r[last], fix_casing) for n, r in rows]
    elif full or first or last or len(table.columns) == 1:
        column = full or first or last or table.columns[0]
        used = {column}
        if not (full or first or last):  # a bare list: its first line is a name, not a header
            rows.insert(0, (rows[0][0] - 1 if rows else 1, {column: column}))
        names = [clean_name(n, r[column], fix_casing) for n, r in rows]
    else:
        raise UserError(
            f"Hittade ingen kolumn med namn i {table.name}. Döp kolumnen till ”Namn” eller "
            f"”Elev” (eller använd ”Förnamn” och ”Efternamn”). Filen har kolumnerna: "
            f"{table.describe_columns()}."
        )
    for name, (_, row) in zip(names, rows, strict=True):
        name.other = {c: v for c, v in row.items() if c not in used}
    return [n for n in names if n.full()]


def read_names(ctx: Any, file_field: str, text_field: str, fix_casing: bool = True) -> list[Name]:
    """Every name in a tool's file field (CSV, XLSX or text) and text field, in input order."""
    names: list[Name] = []
    for upload in ctx.files(file_field):
        path = Path(upload.path)
        if upload.name.lower().endswith((".csv", ".xlsx")):
            table = read_table(path, upload.name, header_hints=HEADER_HINTS)
            names += names_in_table(table, fix_casing)
        else:
            names += names_in_text(read_text_file(path, upload.name), fix_casing)
    names += names_in_text(str(ctx.inputs.get(text_field) or ""), fix_casing)
    return names


def fold(text: str) -> str:
    """For near-duplicates: no case, and accents other than å, ä, ö folded (é → e)."""
    kept = text.casefold().replace("å", "\x01").replace("ä", "\x02").replace("ö", "\x03")
    plain = "".join(c for c in unicodedata.normalize("NFKD", kept) if not unicodedata.combining(c))
    return (
        re.sub(r"[\s-]+", " ", plain).replace("\x01", "å").replace("\x02", "ä").replace("\x03", "ö")
    )


def find_duplicates(names: list[Name]) -> list[tuple[str, list[Name]]]:
    """Groups of names that may be the same person: the same name, or the same name in another
    order or spelling (`SAME` or `ALIKE`). Each member gets the remark "dubblett"."""
    groups: dict[str, list[Name]] = {}
    for name in names:
        key = " ".join(sorted(fold(name.full()).split(" ")))
        groups.setdefault(key, []).append(name)
    found = []
    for members in groups.values():
        if len(members) > 1:
            exact = len({m.full().casefold() for m in members}) == 1
            found.append((SAME if exact else ALIKE, members))
            for member in members:
                member.remarks.append("dubblett")
    return found
