"""Schemakrockar: a timetable in, every double booking of a teacher, room or group out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, notice, result, table
from skriptoteket_toolkit.tables import Table, parse_date, read_table

DAY = ("Dag", "Veckodag", "Datum", "Day")
START = ("Start", "Starttid", "Från", "Börjar", "Tid från")
END = ("Slut", "Sluttid", "Till", "Slutar", "Tid till")
TIME = ("Tid", "Lektionstid", "Tider")
TEACHER = ("Lärare", "Lärarsignatur", "Signatur", "Personal", "Lärare (signatur)")
ROOM = ("Sal", "Rum", "Lokal", "Klassrum", "Salar")
GROUP = ("Grupp", "Klass", "Undervisningsgrupp", "Grupper", "Klasser")
SUBJECT = ("Ämne", "Kurs", "Aktivitet", "Lektion")
WEEKS = ("Vecka", "Veckor", "Veckonummer")
KINDS = {"larare": "Lärare", "sal": "Sal", "grupp": "Grupp"}
DAYS = {
    "mandag": 1,
    "man": 1,
    "ma": 1,
    "monday": 1,
    "mon": 1,
    "tisdag": 2,
    "tis": 2,
    "ti": 2,
    "tuesday": 2,
    "tue": 2,
    "onsdag": 3,
    "ons": 3,
    "on": 3,
    "wednesday": 3,
    "wed": 3,
    "torsdag": 4,
    "tors": 4,
    "tor": 4,
    "to": 4,
    "thursday": 4,
    "thu": 4,
    "fredag": 5,
    "fre": 5,
    "fr": 5,
    "friday": 5,
    "fri": 5,
    "lordag": 6,
    "lor": 6,
    "saturday": 6,
    "sondag": 7,
    "son": 7,
    "sunday": 7,
}
DAY_NAMES = {
    1: "Måndag",
    2: "Tisdag",
    3: "Onsdag",
    4: "Torsdag",
    5: "Fredag",
    6: "Lördag",
    7: "Söndag",
}
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")
_SPLIT = re.compile(r"\s*[,/&+;]\s*|\s+och\s+")


@dataclass(frozen=True)
class Lesson:
    row: int
    day: str  # "1".."7" or an ISO date
    start: int  # minutes after midnight
    end: int
    teachers: tuple[str, ...]
    rooms: tuple[str, ...]
    groups: tuple[str, ...]
    subject: str
    weeks: frozenset[int]  # empty: every week

    def describe(self) -> str:
        parts = [
            self.subject,
            ", ".join(self.groups),
            ", ".join(self.rooms),
            ", ".join(self.teachers),
        ]
        return " · ".join(p for p in parts if p) or f"rad {self.row}"

    def resources(self, kind: str) -> tuple[str, ...]:
        return {"larare": self.teachers, "sal": self.rooms, "grupp": self.groups}[kind]


@dataclass(frozen=True)
class Clash:
    kind: str
    resource: str
    first: Lesson
    second: Lesson

    @property
    def overlap(self) -> int:
        return min(self.first.end, self.second.end) - max(self.first.start, self.second.start)


def parse_time(text: str) -> int | None:
    match = _TIME.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    return hours * 60 + minutes if hours < 24 and minutes < 60 else None


def parse_day(text: str) -> str | None:
    key = (
        re.sub(r"[^a-zåäö]", "", text.strip().casefold())
        .replace("å", "a")
        .replace("ä", "a")
        .replace("ö", "o")
    )
    if key in DAYS:
        return str(DAYS[key])
    if text.strip() in {"1", "2", "3", "4", "5", "6", "7"}:
        return text.strip()
    day = parse_date(text)
    return day.isoformat() if day else None


def parse_weeks(text: str) -> frozenset[int] | None:
    """ "34-40", "35, 37", "v.36" -> week numbers; "" -> every week (empty set); None if unreadable."""
    weeks: set[int] = set()
    for part in re.split(r"[,;\s]+", re.sub(r"[vV]\.?\s*", "", text.strip())):
        if not part:
            continue
        span = re.fullmatch(r"(\d{1,2})\s*[-–]\s*(\d{1,2})", part)
        if span:
            a, b = int(span.group(1)), int(span.group(2))
            weeks.update(range(a, b + 1) if a <= b else [*range(a, 54), *range(1, b + 1)])
        elif part.isdigit():
            weeks.add(int(part))
        else:
            return None
    return frozenset(weeks)


def _names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in _SPLIT.split(text) if p.strip()))


def read_lessons(table: Table, kinds: list[str]) -> tuple[list[Lesson], list[str]]:
    """The lessons, and a Swedish note for every row that could not be read."""
    if not table.rows:
        raise UserError(f"{table.name.capitalize()} har rubriker men inga lektioner.")
    day_col = table.require("dag", *DAY)
    start_col, end_col, time_col = table.column(*START), table.column(*END), table.column(*TIME)
    if not (start_col and end_col) and not time_col:
        raise UserError(
            f"Tiderna saknas i {table.name}: filen behöver kolumnerna ”Start” och ”Slut” "
            f"(eller ”Tid” som 08:00-09:00). Filen har kolumnerna: {table.describe_columns()}."
        )
    columns = {
        "larare": table.column(*TEACHER),
        "sal": table.column(*ROOM),
        "grupp": table.column(*GROUP),
    }
    usable = [k for k in kinds if columns[k]]
    if not usable:
        wanted = ", ".join(f"”{KINDS[k]}”" for k in kinds)
        raise UserError(
            f"Det finns inget att jämföra: kolumnerna {wanted} saknas i {table.name}. Filen har kolumnerna: {table.describe_columns()}."
        )
    subject_col, weeks_col = table.column(*SUBJECT), table.column(*WEEKS)
    lessons: list[Lesson] = []
    notes: list[str] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        day = parse_day(row[day_col])
        if time_col and not (start_col and end_col):
            times = re.split(r"\s*[-–]\s*", row[time_col].strip())
            start, end = (
                (parse_time(times[0]), parse_time(times[1])) if len(times) == 2 else (None, None)
            )
        else:
            start, end = parse_time(row[start_col or ""]), parse_time(row[end_col or ""])
        weeks = parse_weeks(row[weeks_col]) if weeks_col else frozenset()
        if day is None or start is None or end is None or end <= start or weeks is None:
            notes.append(f"rad {number}")
            continue
        lessons.append(
            Lesson(
                row=number,
                day=day,
                start=start,
                end=end,
                teachers=_names(row[columns["larare"]]) if columns["larare"] else (),
                rooms=_names(row[columns["sal"]]) if columns["sal"] else (),
                groups=_names(row[columns["grupp"]]) if columns["grupp"] else (),
                subject=row[subject_col] if subject_col else "",
                weeks=weeks,
            )
        )
    return lessons, notes


def find_clashes(lessons: list[Lesson], kinds: list[str]) -> list[Clash]:
    clashes: list[Clash] = []
    for kind in kinds:
        booked: dict[tuple[str, str], list[Lesson]] = {}
        for lesson in lessons:
            for resource in lesson.resources(kind):
                booked.setdefault((resource.casefold(), lesson.day), []).append(lesson)
        for (_, _), same in booked.items():
            same.sort(key=lambda lesson: (lesson.start, lesson.end))
            for i, first in enumerate(same):
                for second in same[i + 1 :]:
                    if second.start >= first.end:
                        break
                    if first.weeks and second.weeks and not first.weeks & second.weeks:
                        continue
                    name = next(
                        r
                        for r in first.resources(kind)
                        if r.casefold() in {x.casefold() for x in second.resources(kind)}
                    )
                    clashes.append(Clash(kind, name, first, second))
    clashes.sort(
        key=lambda c: (list(KINDS).index(c.kind), c.resource.casefold(), c.first.day, c.first.start)
    )
    return clashes


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day_name(day: str) -> str:
    return DAY_NAMES[int(day)] if day.isdigit() else day


def run(ctx: Any) -> dict[str, Any]:
    uploads = ctx.files("schema")
    if not uploads:
        raise UserError("Ladda upp schemat (CSV eller Excel) med en rad per lektion.")
    sheet = read_table(Path(uploads[0].path), uploads[0].name, header_hints=(*DAY, *START, *TIME))
    kinds = [k for k in KINDS if k in (ctx.inputs.get("kontrollera") or list(KINDS))]
    lessons, unreadable = read_lessons(sheet, kinds)
    if not lessons:
        raise UserError(
            f"Ingen rad i {sheet.name} gick att läsa. Dagen ska vara en veckodag (Måndag, Mån) eller ett "
            "datum, och tiderna som 08:00 eller 8.00, med sluttiden efter starttiden."
        )
    clashes = find_clashes(lessons, kinds)
    per_kind = {k: sum(c.kind == k for c in clashes) for k in kinds}
    outputs: list[dict[str, Any]] = []
    if clashes:
        summary = ", ".join(f"{KINDS[k].lower()}: {n}" for k, n in per_kind.items())
        outputs.append(
            notice(
                f"{len(clashes)} {'krock' if len(clashes) == 1 else 'krockar'} bland {len(lessons)} lektioner ({summary}).",
                level="warning",
            )
        )
    else:
        outputs.append(notice(f"Inga krockar bland {len(lessons)} lektioner.", level="success"))
    if unreadable:
        outputs.append(
            notice(
                f"{len(unreadable)} rader kunde inte läsas (dag eller tid saknas eller är fel) och kontrollerades inte: {', '.join(unreadable[:20])}.",
                level="warning",
            )
        )
    if not clashes:
        return result(*outputs)
    outputs.append(
        table(
            [
                {
                    "typ": KINDS[c.kind],
                    "resurs": c.resource,
                    "dag": day_name(c.first.day),
                    "tid1": f"{clock(c.first.start)}–{clock(c.first.end)}",
                    "lektion1": c.first.describe(),
                    "tid2": f"{clock(c.second.start)}–{clock(c.second.end)}",
                    "lektion2": c.second.describe(),
                    "overlapp": c.overlap,
                    "rader": f"{c.first.row} och {c.second.row}",
                }
                for c in clashes
            ],
            [
                {"key": "typ", "label": "Typ", "type": "text"},
                {"key": "resurs", "label": "Dubbelbokad", "type": "text"},
                {"key": "dag", "label": "Dag", "type": "text"},
                {"key": "tid1", "label": "Tid", "type": "text"},
                {"key": "lektion1", "label": "Lektion", "type": "text"},
                {"key": "tid2", "label": "Krockar med tid", "type": "text"},
                {"key": "lektion2", "label": "Krockar med lektion", "type": "text"},
                {"key": "overlapp", "label": "Överlapp (min)", "type": "integer"},
                {"key": "rader", "label": "Rader i filen", "type": "text"},
            ],
            title="Krockar",
        )
    )
    return result(*outputs)
