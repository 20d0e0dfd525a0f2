"""Frånvarosammanställning: an attendance export in, the pupils over a threshold out.

Two export shapes are understood:
- one row per lesson with a status ("Närvarande", "Giltig frånvaro", "Ogiltig frånvaro", …),
  optionally weighted by a minutes column (else every lesson counts the same);
- one row per pupil and day or lesson with minutes: scheduled time and absent time (total or
  split into valid/invalid).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, file, notice, result, table
from skriptoteket_toolkit.tables import Table, parse_date, parse_number, read_table

PUPIL = ("Elev", "Namn", "Elevnamn", "Elevens namn")
CLASS = ("Klass", "Grupp", "Basgrupp")
DATE = ("Datum", "Dag", "Lektionsdatum", "Date")
WEEK = ("Vecka", "V", "Veckonummer")
STATUS = ("Status", "Närvaro", "Närvarostatus", "Frånvarotyp", "Typ", "Registrering")
MINUTES = ("Minuter", "Längd", "Lektionslängd", "Längd (min)", "Lektionstid (min)")
SCHEDULED = (
    "Schemalagd tid",
    "Schemalagda minuter",
    "Schemalagd tid (min)",
    "Schematid",
    "Lektionstid",
    "Schemalagt",
)
ABSENT = ("Frånvaro", "Frånvaro (min)", "Total frånvaro", "Frånvarotid", "Frånvaro minuter")
VALID = ("Giltig frånvaro", "Giltig frånvaro (min)", "Anmäld frånvaro")
INVALID = ("Ogiltig frånvaro", "Ogiltig frånvaro (min)", "Ej anmäld frånvaro", "Oanmäld frånvaro")
KINDS = {"total": "all frånvaro", "ogiltig": "ogiltig frånvaro", "giltig": "giltig frånvaro"}


@dataclass
class Totals:
    scheduled: float = 0.0
    valid: float = 0.0
    invalid: float = 0.0
    other: float = 0.0  # absence of unstated kind

    def absent(self, kind: str) -> float:
        if kind == "giltig":
            return self.valid
        if kind == "ogiltig":
            return self.invalid
        return self.valid + self.invalid + self.other

    def share(self, kind: str) -> float:
        return 100 * self.absent(kind) / self.scheduled if self.scheduled else 0.0

    def add(self, other: Totals) -> None:
        self.scheduled += other.scheduled
        self.valid += other.valid
        self.invalid += other.invalid
        self.other += other.other


@dataclass
class Pupil:
    name: str
    klass: str
    total: Totals = field(default_factory=Totals)
    weeks: dict[str, Totals] = field(default_factory=dict)


@dataclass
class Attendance:
    pupils: list[Pupil]
    unit: str  # "min" or "lektioner"
    unknown_statuses: Counter[str]
    skipped_rows: list[int]


def classify(status: str) -> str | None:
    """ "present", "valid", "invalid", "other" (absent, kind not stated) or None (unknown)."""
    s = status.strip().casefold()
    if not s:
        return None
    if re.search(r"ogiltig|ej anmäld|oanmäld|skolk|ej giltig", s):
        return "invalid"
    if re.search(r"giltig|anmäld|sjuk|ledig|beviljad", s):
        return "valid"
    if re.search(r"frånvar|borta|^f$|^o$", s):
        return "other"
    if re.search(r"närvar|sen|^n$|^x$|^s$|deltog", s):
        return "present"
    return None


def minutes(text: str) -> float | None:
    """Minutes as "45", "45,0" or "0:45" (hours:minutes)."""
    match = re.fullmatch(r"\s*(\d+):(\d{2})\s*", text)
    if match:
        return int(match.group(1)) * 60 + int(match.group(2))
    return parse_number(text)


def week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year} v.{week:02d}"


def read_attendance(table: Table) -> Attendance:
    if not table.rows:
        raise UserError(f"{table.name.capitalize()} har rubriker men inga rader.")
    pupil_col = table.require("elevens namn", *PUPIL)
    class_col = table.column(*CLASS)
    date_col, week_col = table.column(*DATE), table.column(*WEEK)
    if date_col is None and week_col is None:
        raise UserError(
            f"Kolumnen ”Datum” (eller ”Vecka”) saknas i {table.name}. "
            f"Filen har kolumnerna: {table.describe_columns()}."
        )
    status_col = table.column(*STATUS)
    scheduled_col = table.column(*SCHEDULED)
    absence_cols = {
        k: table.column(*names)
        for k, names in (("other", ABSENT), ("valid", VALID), ("invalid", INVALID))
    }
    if scheduled_col is not None and any(absence_cols.values()):
        unit = "min"
    elif status_col is not None:
        unit = "min" if table.column(*MINUTES) else "lektioner"
    else:
        raise UserError(
            f"{table.name.capitalize()} saknar uppgift om närvaro. Filen behöver antingen en kolumn "
            "”Status” (Närvarande, Giltig frånvaro, Ogiltig frånvaro …) per lektion, eller "
            "kolumnerna ”Schemalagd tid” och ”Frånvaro” (eller ”Giltig frånvaro”/”Ogiltig frånvaro”) "
            f"i minuter. Filen har kolumnerna: {table.describe_columns()}."
        )
    minutes_col = table.column(*MINUTES) if unit == "min" and scheduled_col is None else None
    pupils: dict[tuple[str, str], Pupil] = {}
    unknown: Counter[str] = Counter()
    skipped: list[int] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        name = " ".join(row[pupil_col].split())
        week = _week(row, date_col, week_col)
        if not name or week is None:
            skipped.append(number)
            continue
        totals = Totals()
        if scheduled_col is not None and unit == "min" and any(absence_cols.values()):
            scheduled = minutes(row[scheduled_col])
            if scheduled is None:
                skipped.append(number)
                continue
            totals.scheduled = scheduled
            for kind, column in absence_cols.items():
                if column is not None:
                    setattr(totals, kind, minutes(row[column]) or 0.0)
            # A total column beside the split ones holds their sum, not extra absence.
            if absence_cols["other"] and (absence_cols["valid"] or absence_cols["invalid"]):
                totals.other = max(0.0, totals.other - totals.valid - totals.invalid)
        else:
            kind = classify(row[status_col or ""])
            weight = (minutes(row[minutes_col]) if minutes_col else 1.0) or 0.0
            if kind is None:
                unknown[row[status_col or ""].strip() or "(tom)"] += 1
                continue
            totals.scheduled = weight
            if kind != "present":
                setattr(totals, kind, weight)
        klass = row[class_col] if class_col else ""
        pupil = pupils.setdefault((name, klass), Pupil(name, klass))
        pupil.total.add(totals)
        pupil.weeks.setdefault(week, Totals()).add(totals)
    if not pupils:
        raise UserError(
            f"Inga rader i {table.name} gick att läsa. Kontrollera att varje rad har elevens namn, "
            "ett datum (ÅÅÅÅ-MM-DD) och närvarouppgifter."
        )
    ordered = sorted(pupils.values(), key=lambda p: (p.klass.casefold(), p.name.casefold()))
    return Attendance(ordered, unit, unknown, skipped)


def _week(row: dict[str, str], date_col: str | None, week_col: str | None) -> str | None:
    if date_col is not None:
        day = parse_date(row[date_col])
        if day is not None:
            return week_label(day)
    if week_col is not None:
        value = parse_number(re.sub(r"^[vV]\.?\s*", "", row[week_col]))
        if value is not None and 1 <= value <= 53:
            return f"v.{int(value):02d}"
    return None


def over_threshold(attendance: Attendance, threshold: float, kind: str) -> list[Pupil]:
    return [p for p in attendance.pupils if p.total.share(kind) > threshold]


def pupil_row(pupil: Pupil, kind: str, threshold: float) -> dict[str, Any]:
    return {
        "elev": pupil.name,
        "klass": pupil.klass,
        "schemalagt": round(pupil.total.scheduled, 1),
        "franvaro": round(pupil.total.absent(kind), 1),
        "andel": round(pupil.total.share(kind), 1),
        "giltig": round(pupil.total.share("giltig"), 1),
        "ogiltig": round(pupil.total.share("ogiltig"), 1),
        "veckor": sum(w.share(kind) > threshold for w in pupil.weeks.values()),
    }


def pupil_columns(unit: str) -> list[dict[str, str]]:
    return [
        {"key": "elev", "label": "Elev", "type": "text"},
        {"key": "klass", "label": "Klass", "type": "text"},
        {"key": "schemalagt", "label": f"Schemalagt ({unit})", "type": "number"},
        {"key": "franvaro", "label": f"Frånvaro ({unit})", "type": "number"},
        {"key": "andel", "label": "Frånvaro (%)", "type": "number"},
        {"key": "giltig", "label": "Giltig (%)", "type": "number"},
        {"key": "ogiltig", "label": "Ogiltig (%)", "type": "number"},
        {"key": "veckor", "label": "Veckor över gränsen", "type": "integer"},
    ]


def write_xlsx(path: Path, attendance: Attendance, threshold: float, kind: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    flagged = PatternFill("solid", fgColor="F8D7DA")
    columns = pupil_columns(attendance.unit)
    workbook = Workbook()
    sheets = [
        ("Över gränsen", over_threshold(attendance, threshold, kind)),
        ("Alla elever", attendance.pupils),
    ]
    for index, (title, pupils) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append([c["label"] for c in columns])
        for pupil in pupils:
            row = pupil_row(pupil, kind, threshold)
            sheet.append([row[c["key"]] for c in columns])
            if row["andel"] > threshold:
                for cell in sheet[sheet.max_row]:
                    cell.fill = flagged
        _style(sheet, Font)
    weekly = workbook.create_sheet("Per vecka")
    weekly.append(
        [
            "Elev",
            "Klass",
            "Vecka",
            f"Schemalagt ({attendance.unit})",
            f"Frånvaro ({attendance.unit})",
            "Frånvaro (%)",
        ]
    )
    for pupil in attendance.pupils:
        for week in sorted(pupil.weeks):
            totals = pupil.weeks[week]
            weekly.append(
                [
                    pupil.name,
                    pupil.klass,
                    week,
                    round(totals.scheduled, 1),
                    round(totals.absent(kind), 1),
                    round(totals.share(kind), 1),
                ]
            )
            if totals.share(kind) > threshold:
                for cell in weekly[weekly.max_row]:
                    cell.fill = flagged
    _style(weekly, Font)
    workbook.save(path)


def _style(sheet: Any, font: Any) -> None:
    for cell in sheet[1]:
        cell.font = font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 26
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 14


MAX_WEEK_COLUMNS = 45


def run(ctx: Any) -> dict[str, Any]:
    files = ctx.files("franvaro")
    if not files:
        raise UserError("Ladda upp en närvaroexport (CSV eller Excel).")
    sheet = read_table(Path(files[0].path), files[0].name, header_hints=(*PUPIL, *DATE))
    attendance = read_attendance(sheet)
    threshold = float(ctx.inputs.get("troskel") if ctx.inputs.get("troskel") is not None else 10)
    kind = ctx.inputs.get("franvarotyp") or "total"
    flagged = over_threshold(attendance, threshold, kind)
    shown = f"{threshold:g}".replace(".", ",")
    outputs: list[dict[str, Any]] = [
        notice(
            f"{len(flagged)} av {len(attendance.pupils)} elever har mer än {shown} % {KINDS[kind]}.",
            level="warning" if flagged else "success",
        )
    ]
    if attendance.unknown_statuses:
        listed = ", ".join(f"”{s}” ({n})" for s, n in attendance.unknown_statuses.most_common(8))
        outputs.append(notice(f"Okända närvarostatusar räknades inte: {listed}.", level="warning"))
    if attendance.skipped_rows:
        rows = ", ".join(str(n) for n in attendance.skipped_rows[:15])
        outputs.append(
            notice(
                f"{len(attendance.skipped_rows)} rader saknade namn, datum eller tid och hoppades över (rad {rows}).",
                level="warning",
            )
        )
    if attendance.unit == "lektioner":
        outputs.append(
            notice(
                "Filen har ingen kolumn med minuter, så varje lektion räknas lika.", level="info"
            )
        )
    outputs.append(
        table(
            [pupil_row(p, kind, threshold) for p in flagged],
            pupil_columns(attendance.unit),
            title=f"Elever över {shown} %",
        )
    )
    if flagged:
        weeks = sorted({w for p in flagged for w in p.weeks})[-MAX_WEEK_COLUMNS:]
        outputs.append(
            table(
                [
                    {
                        "elev": p.name,
                        **{
                            f"w{i}": round(p.weeks[w].share(kind), 1) if w in p.weeks else None
                            for i, w in enumerate(weeks)
                        },
                    }
                    for p in flagged
                ],
                [{"key": "elev", "label": "Elev", "type": "text"}]
                + [{"key": f"w{i}", "label": w, "type": "number"} for i, w in enumerate(weeks)],
                title="Frånvaro per vecka (%) för eleverna över gränsen",
            )
        )
    target = Path(ctx.output_dir) / "franvarosammanstallning.xlsx"
    write_xlsx(target, attendance, threshold, kind)
    outputs.append(file(target.name, label="Frånvarosammanställning (Excel)"))
    return result(*outputs)
