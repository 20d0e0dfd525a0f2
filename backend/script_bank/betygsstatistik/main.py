"""Betygsstatistik: a grade export in, the distribution per class and subject out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from skriptoteket_toolkit import UserError, file, image, markdown, notice, result, table
from skriptoteket_toolkit.tables import Table, normalize_header, read_table

GRADES = ("A", "B", "C", "D", "E", "F")
# The points a grade is worth in a Swedish merit value (meritvärde).
POINTS = {"A": 20.0, "B": 17.5, "C": 15.0, "D": 12.5, "E": 10.0, "F": 0.0}
DASHES = {"-", "–", "—", "STRECK"}
COLORS = {
    "A": "#1a7f37",
    "B": "#4caf50",
    "C": "#9ccc65",
    "D": "#fdd835",
    "E": "#fb8c00",
    "F": "#d32f2f",
}

PUPIL_NAMES = ("Elev", "Namn", "Elevnamn", "Elevens namn")
CLASS_NAMES = ("Klass", "Grupp", "Undervisningsgrupp", "Basgrupp")
SUBJECT_NAMES = ("Ämne", "Kurs", "Ämne/kurs", "Ämnesnamn")
GRADE_NAMES = ("Betyg", "Slutbetyg", "Terminsbetyg", "Omdöme")
# Columns of a wide export (one column per subject) that are not subjects.
NOT_SUBJECTS = {
    normalize_header(n)
    for n in (
        *PUPIL_NAMES,
        *CLASS_NAMES,
        "Förnamn",
        "Efternamn",
        "Personnummer",
        "Pnr",
        "Mentor",
        "Årskurs",
        "Skola",
        "Id",
        "Elev-id",
    )
}
GROUPINGS = {"klass_amne": ("klass", "amne"), "amne": ("amne",), "klass": ("klass",)}


@dataclass(frozen=True)
class Grade:
    pupil: str
    klass: str
    subject: str
    grade: str  # "A".."F", "–" (streck) or "" (missing)


@dataclass
class GroupStats:
    klass: str
    subject: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def graded(self) -> int:
        return sum(self.counts[g] for g in GRADES)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def passed_share(self) -> float | None:
        return (
            round(100 * (self.graded - self.counts["F"]) / self.graded, 1) if self.graded else None
        )

    @property
    def mean_points(self) -> float | None:
        if not self.graded:
            return None
        return round(sum(POINTS[g] * self.counts[g] for g in GRADES) / self.graded, 1)


def read_grades(table: Table) -> tuple[list[Grade], Counter[str]]:
    """Every grade in the export (long: one row per grade; wide: one column per subject)."""
    if not table.rows:
        raise UserError(f"{table.name.capitalize()} har rubriker men inga elever.")
    pupil = table.column(*PUPIL_NAMES)
    klass = table.column(*CLASS_NAMES)
    grade_column = table.column(*GRADE_NAMES)
    unknown: Counter[str] = Counter()
    grades: list[Grade] = []
    if grade_column is not None:
        subject = table.column(*SUBJECT_NAMES)
        for row in table.rows:
            value = _grade(row[grade_column], unknown)
            if value is not None:
                grades.append(
                    Grade(
                        row[pupil] if pupil else "",
                        row[klass] if klass else "",
                        row[subject] if subject else "",
                        value,
                    )
                )
        return grades, unknown
    subjects = [
        c
        for c in table.columns
        if normalize_header(c) not in NOT_SUBJECTS and _looks_like_grades(table.values(c))
    ]
    if not subjects:
        raise UserError(
            f"Hittade inga betyg i {table.name}. Filen behöver antingen en kolumn ”Betyg” "
            "(och gärna ”Ämne” och ”Klass”), eller en kolumn per ämne med betygen A–F. "
            f"Filen har kolumnerna: {table.describe_columns()}."
        )
    for row in table.rows:
        for subject in subjects:
            value = _grade(row[subject], unknown)
            if value is not None:
                grades.append(
                    Grade(row[pupil] if pupil else "", row[klass] if klass else "", subject, value)
                )
    return grades, unknown


def _grade(text: str, unknown: Counter[str]) -> str | None:
    value = text.strip().upper()
    if value in GRADES or value == "":
        return value
    if value in DASHES:
        return "–"
    unknown[text.strip()] += 1
    return None


def _looks_like_grades(values: list[str]) -> bool:
    filled = [v.strip().upper() for v in values if v.strip()]
    return bool(filled) and sum(v in GRADES or v in DASHES for v in filled) >= 0.5 * len(filled)


def distribution(grades: list[Grade], grouping: str = "klass_amne") -> list[GroupStats]:
    keys = GROUPINGS[grouping]
    groups: dict[tuple[str, str], GroupStats] = {}
    for grade in grades:
        klass = (grade.klass or "–") if "klass" in keys else "Alla"
        subject = (grade.subject or "–") if "amne" in keys else "Alla"
        stats = groups.setdefault((klass, subject), GroupStats(klass, subject))
        stats.counts[grade.grade or "saknas"] += 1
    return [groups[key] for key in sorted(groups, key=lambda k: (k[0].casefold(), k[1].casefold()))]


COLUMNS = [
    ("klass", "Klass", "text"),
    ("amne", "Ämne", "text"),
    *[(g.lower(), g, "integer") for g in GRADES],
    ("streck", "Streck (–)", "integer"),
    ("saknas", "Saknas", "integer"),
    ("antal", "Antal", "integer"),
    ("godkand", "Andel A–E (%)", "number"),
    ("snitt", "Snittpoäng", "number"),
]


def table_rows(stats: list[GroupStats]) -> list[dict[str, object]]:
    return [
        {
            "klass": s.klass,
            "amne": s.subject,
            **{g.lower(): s.counts[g] for g in GRADES},
            "streck": s.counts["–"],
            "saknas": s.counts["saknas"],
            "antal": s.total,
            "godkand": s.passed_share,
            "snitt": s.mean_points,
        }
        for s in stats
    ]


def write_xlsx(path: Path, stats: list[GroupStats], grades: list[Grade]) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Fördelning"
    sheet.append([label for _, label, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table_rows(stats):
        sheet.append([row[key] for key, _, _ in COLUMNS])
    sheet.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLM", (12, 20, 6, 6, 6, 6, 6, 6, 11, 9, 8, 14, 11), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    if stats:
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = "Betygsfördelning"
        data = Reference(sheet, min_col=3, max_col=8, min_row=1, max_row=len(stats) + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=len(stats) + 1))
        sheet.add_chart(chart, "O2")
    raw = workbook.create_sheet("Betyg")
    raw.append(["Elev", "Klass", "Ämne", "Betyg"])
    for cell in raw[1]:
        cell.font = Font(bold=True)
    for grade in grades:
        raw.append([grade.pupil, grade.klass, grade.subject, grade.grade])
    workbook.save(path)


MAX_BARS = 60


def draw_chart(path: Path, stats: list[GroupStats]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = stats[:MAX_BARS]
    labels = [" · ".join(p for p in (s.klass, s.subject) if p != "Alla") or "Alla" for s in shown]
    figure, axes = plt.subplots(figsize=(9, 1.2 + 0.38 * len(shown)), dpi=110)
    left = [0.0] * len(shown)
    for grade in GRADES:
        shares = [100 * s.counts[grade] / s.graded if s.graded else 0.0 for s in shown]
        axes.barh(labels, shares, left=left, color=COLORS[grade], label=grade, edgecolor="white")
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Andel av satta betyg (%)")
    axes.set_title("Betygsfördelning per grupp")
    axes.legend(
        ncols=6,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.4 / max(len(shown), 1)),
        frameon=False,
    )
    figure.tight_layout()
    figure.savefig(path, format="png")
    plt.close(figure)


def summary(grades: list[Grade], stats: list[GroupStats]) -> str:
    counts = Counter(g.grade for g in grades)
    graded = sum(counts[g] for g in GRADES)
    pupils = len({(g.pupil, g.klass) for g in grades if g.pupil})
    lines = [
        f"**{graded} satta betyg** i {len(stats)} grupper"
        + (f" för {pupils} elever." if pupils else ".")
    ]
    if graded:
        passed = 100 * (graded - counts["F"]) / graded
        mean = sum(POINTS[g] * counts[g] for g in GRADES) / graded
        lines.append(f"Andel godkända betyg (A–E): **{passed:.1f} %**".replace(".", ",") + ".")
        lines.append(
            f"Snittpoäng per betyg (A = 20 … F = 0): **{mean:.1f}**".replace(".", ",") + "."
        )
        lines.append("Fördelning: " + ", ".join(f"{g}: {counts[g]}" for g in GRADES) + ".")
    if counts["–"] or counts[""]:
        lines.append(f"Streck (–): {counts['–']}, saknade betyg (tomma celler): {counts['']}.")
    return "\n\n".join(lines)


def run(ctx):  # type: ignore[no-untyped-def]
    files = ctx.files("betyg")
    if not files:
        raise UserError("Ladda upp en betygsexport (CSV eller Excel).")
    sheet = read_table(files[0].path, files[0].name, header_hints=(*PUPIL_NAMES, *GRADE_NAMES))
    grades, unknown = read_grades(sheet)
    grouping = ctx.inputs.get("gruppering") or "klass_amne"
    stats = distribution(grades, grouping)
    if not any(s.total for s in stats):
        raise UserError(f"{sheet.name.capitalize()} innehåller inga betyg.")
    outputs: list[dict[str, object]] = [markdown(summary(grades, stats))]
    if unknown:
        listed = ", ".join(f"”{v}” ({n})" for v, n in unknown.most_common(10))
        outputs.append(
            notice(f"Några värden är inte betyg A–F och räknades inte: {listed}.", level="warning")
        )
    outputs.append(
        table(
            table_rows(stats),
            [{"key": k, "label": label, "type": t} for k, label, t in COLUMNS],
            title="Betygsfördelning",
        )
    )
    chart = Path(ctx.output_dir) / "betygsfordelning.png"
    draw_chart(chart, stats)
    outputs.append(image(chart.name, alt="Stapeldiagram över betygsfördelningen per grupp"))
    if len(stats) > MAX_BARS:
        outputs.append(
            notice(
                f"Diagrammet visar de första {MAX_BARS} grupperna; alla finns i tabellen och Excel-filen.",
                level="info",
            )
        )
    workbook = Path(ctx.output_dir) / "betygsstatistik.xlsx"
    write_xlsx(workbook, stats, grades)
    outputs.append(file(workbook.name, label="Sammanställning (Excel)"))
    return result(*outputs)
