"""E-postlista: guardians' and pupils' addresses from a class list, checked and deduplicated."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, file, markdown, notice, result, table
from skriptoteket_toolkit.tables import Table, normalize_header, read_table

EMAIL_WORDS = ("epost", "email", "mejl", "mail")
GUARDIAN_WORDS = (
    "vardnadshavare",
    "vh",
    "foralder",
    "malsman",
    "guardian",
    "parent",
    "mamma",
    "pappa",
)
PUPIL_COLUMNS = ("Elev", "Namn", "Elevnamn", "Elevens namn")
CLASS_COLUMNS = ("Klass", "Grupp", "Basgrupp")
KINDS = {"vardnadshavare": "Vårdnadshavare", "elev": "Elev"}
SEPARATORS = {"semikolon": "; ", "komma": ", "}

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN = re.compile(r"^([^\W_]([\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,}$")
_ANGLE = re.compile(r"<([^<>]+)>")


@dataclass(frozen=True)
class Address:
    email: str
    kind: str  # "vardnadshavare" or "elev"
    pupil: str
    klass: str


@dataclass(frozen=True)
class Problem:
    row: int
    pupil: str
    column: str
    value: str
    reason: str


def email_columns(table: Table) -> list[tuple[str, str]]:
    """(column, kind) for every column that holds e-mail addresses, by its name."""
    found = []
    for column in table.columns:
        key = normalize_header(column)
        if any(word in key for word in EMAIL_WORDS):
            kind = "vardnadshavare" if any(word in key for word in GUARDIAN_WORDS) else "elev"
            found.append((column, kind))
    return found


def problem_with(address: str) -> str | None:
    """Why `address` is not a usable e-mail address, in Swedish; None when it is."""
    if " " in address:
        return "innehåller mellanslag"
    if address.count("@") == 0:
        return "saknar @"
    if address.count("@") > 1:
        return "har flera @"
    local, domain = address.split("@")
    if not local:
        return "saknar namn före @"
    if not _LOCAL.match(local):
        return "ogiltiga tecken eller punkter före @"
    if not _DOMAIN.match(domain):
        return "ogiltig domän efter @"
    return None


def split_cell(text: str) -> list[str]:
    """A cell may hold several addresses ("a@x.se; b@y.se") or "Namn <a@x.se>"."""
    text = text.replace("mailto:", "")
    parts = [p.strip() for p in re.split(r"[;,\n]+", text) if p.strip()]
    found = []
    for part in parts:
        angle = _ANGLE.search(part)
        found.append(angle.group(1).strip() if angle else part)
    return found


def collect(
    table: Table, wanted: set[str], only_class: str = ""
) -> tuple[list[Address], list[Problem], int]:
    """Valid unique addresses, the problems found, and how many duplicates were dropped."""
    columns = [(c, k) for c, k in email_columns(table) if k in wanted]
    if not columns:
        wanted_text = " eller ".join(KINDS[k].lower() for k in sorted(wanted))
        raise UserError(
            f"Hittade ingen e-postkolumn för {wanted_text} i {table.name}. Kolumnen ska heta till "
            "exempel ”E-post” (elev) eller ”Vårdnadshavare 1 e-post”. Filen har kolumnerna: "
            f"{table.describe_columns()}."
        )
    pupil = table.column(*PUPIL_COLUMNS)
    first, last = table.column("Förnamn"), table.column("Efternamn")
    klass = table.column(*CLASS_COLUMNS)
    if only_class and klass is None:
        raise UserError(
            f"Du valde klass ”{only_class}”, men {table.name} har ingen kolumn ”Klass”."
        )
    seen: set[str] = set()
    addresses: list[Address] = []
    problems: list[Problem] = []
    duplicates = 0
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        if only_class and row[klass or ""].strip().casefold() != only_class.strip().casefold():
            continue
        name = (
            row[pupil]
            if pupil
            else " ".join(p for p in (row.get(first or "", ""), row.get(last or "", "")) if p)
        )
        for column, kind in columns:
            for value in split_cell(row[column]):
                reason = problem_with(value)
                if reason:
                    problems.append(Problem(number, name, column, value, reason))
                    continue
                local, domain = value.split("@")
                email = f"{local}@{domain.lower()}"
                if email.casefold() in seen:
                    duplicates += 1
                    continue
                seen.add(email.casefold())
                addresses.append(Address(email, kind, name, row[klass] if klass else ""))
    return addresses, problems, duplicates


def write_csv(path: Path, addresses: list[Address]) -> None:
    # Semicolons and a BOM: Excel with Swedish settings opens it with ÅÄÖ intact.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["E-post", "Typ", "Elev", "Klass"])
        for a in addresses:
            writer.writerow([a.email, KINDS[a.kind], a.pupil, a.klass])


def run(ctx: Any) -> dict[str, Any]:
    files = ctx.files("klasslista")
    if not files:
        raise UserError("Ladda upp en klasslista (CSV eller Excel) med e-postadresser.")
    sheet = read_table(
        Path(files[0].path), files[0].name, header_hints=(*PUPIL_COLUMNS, "E-post", "Förnamn")
    )
    if not sheet.rows:
        raise UserError(f"{sheet.name.capitalize()} har rubriker men inga elever.")
    recipients = ctx.inputs.get("mottagare") or "vardnadshavare"
    wanted = {"vardnadshavare", "elev"} if recipients == "alla" else {recipients}
    addresses, problems, duplicates = collect(sheet, wanted, str(ctx.inputs.get("klass") or ""))
    separator = SEPARATORS[ctx.inputs.get("avgransare") or "semikolon"]
    target = Path(ctx.output_dir) / "e-postlista.csv"
    write_csv(target, addresses)

    guardians = sum(a.kind == "vardnadshavare" for a in addresses)
    parts = [f"{len(addresses)} unika adresser"]
    if recipients == "alla":
        parts[0] += f" ({guardians} till vårdnadshavare, {len(addresses) - guardians} till elever)"
    parts.append(f"{duplicates} dubbletter borttagna")
    parts.append(f"{len(problems)} ogiltiga adresser" if problems else "inga ogiltiga adresser")
    level = "warning" if problems or not addresses else "success"
    outputs: list[dict[str, Any]] = [notice(", ".join(parts) + ".", level=level)]
    if addresses:
        outputs.append(
            markdown(
                "Kopiera raden nedan till fältet **Hemlig kopia (Bcc)** i ditt e-postprogram:\n\n```\n"
                + separator.join(a.email for a in addresses)
                + "\n```"
            )
        )
    if problems:
        outputs.append(
            table(
                [
                    {
                        "rad": p.row,
                        "elev": p.pupil,
                        "kolumn": p.column,
                        "varde": p.value,
                        "problem": p.reason,
                    }
                    for p in problems
                ],
                [
                    {"key": "rad", "label": "Rad", "type": "integer"},
                    {"key": "elev", "label": "Elev", "type": "text"},
                    {"key": "kolumn", "label": "Kolumn", "type": "text"},
                    {"key": "varde", "label": "Värde", "type": "text"},
                    {"key": "problem", "label": "Problem", "type": "text"},
                ],
                title="Ogiltiga adresser att rätta i elevregistret",
            )
        )
    outputs.append(
        table(
            [
                {"epost": a.email, "typ": KINDS[a.kind], "elev": a.pupil, "klass": a.klass}
                for a in addresses
            ],
            [
                {"key": "epost", "label": "E-post", "type": "text"},
                {"key": "typ", "label": "Typ", "type": "text"},
                {"key": "elev", "label": "Elev", "type": "text"},
                {"key": "klass", "label": "Klass", "type": "text"},
            ],
            title="Adresser",
        )
    )
    outputs.append(file(target.name, label="E-postlista (CSV för Excel)"))
    return result(*outputs)
