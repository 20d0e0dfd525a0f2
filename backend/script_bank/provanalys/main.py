"""Provanalys: points per pupil and question in, difficulty and discrimination per question out.

- Difficulty (p-värde): the mean score as a share of the question's maximum (0 = nobody, 1 = all).
- Discrimination, two classic measures:
  - item-rest correlation (point-biserial for 0/1 questions): the correlation between the
    question and the rest of the test, so a question is not compared with itself;
  - upper-lower 27 %: mean of the top 27 % minus mean of the bottom 27 % (by total), over max.
- Cronbach's alpha for the whole test.
A question is flagged when it is very hard or very easy, or separates strong and weak pupils
poorly (below the chosen limit) or backwards (negative: check the answer key).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import UserError, file, image, markdown, notice, result, table
from skriptoteket_toolkit.tables import Table, normalize_header, parse_number, read_table

ID_COLUMNS = {
    normalize_header(n)
    for n in (
        "Elev",
        "Namn",
        "Elevnamn",
        "Förnamn",
        "Efternamn",
        "Klass",
        "Grupp",
        "Personnummer",
        "Id",
        "Elev-id",
        "Summa",
        "Totalt",
        "Total",
        "Poäng",
        "Totalpoäng",
        "Poäng totalt",
        "Betyg",
        "Kommentar",
        "Datum",
    )
}
MAX_LABELS = {
    normalize_header(n)
    for n in ("Max", "Maxpoäng", "Max poäng", "Maximal poäng", "Maxpoang", "Möjlig poäng")
}
MIN_PUPILS = 5
METHODS = {"punktbiserial": "korrelation med resten av provet", "ovre_undre": "övre–undre 27 %"}


@dataclass(frozen=True)
class ItemStats:
    name: str
    max_points: float
    mean: float
    p: float
    item_rest: float | None
    upper_lower: float
    flags: list[str]

    def discrimination(self, method: str) -> float | None:
        return self.upper_lower if method == "ovre_undre" else self.item_rest


@dataclass(frozen=True)
class Scores:
    items: list[str]
    maxima: list[float]
    pupils: list[str]
    points: list[list[float]]  # per pupil, per item
    max_from_file: bool
    filled_blanks: int
    unreadable: list[str]


def read_scores(table: Table) -> Scores:
    if not table.rows:
        raise UserError(f"{table.name.capitalize()} har rubriker men inga elever.")
    label_col = table.column("Elev", "Namn", "Elevnamn") or table.columns[0]
    max_rows = [r for r in table.rows if normalize_header(r[label_col]) in MAX_LABELS]
    pupil_rows = [r for r in table.rows if normalize_header(r[label_col]) not in MAX_LABELS]
    items = [
        c
        for c in table.columns
        if normalize_header(c) not in ID_COLUMNS
        and c != label_col
        and _mostly_numbers([r[c] for r in pupil_rows])
    ]
    if len(items) < 2:
        raise UserError(
            f"Hittade {'bara en uppgiftskolumn' if items else 'inga uppgiftskolumner'} i {table.name}. Filen ska ha "
            "en rad per elev och en kolumn per uppgift med poäng (till exempel ”U1”, ”U2”, ”Uppgift 3”), "
            f"gärna med en rad ”Max” med maxpoängen. Filen har kolumnerna: {table.describe_columns()}."
        )
    if len(pupil_rows) < MIN_PUPILS:
        raise UserError(
            f"Analysen behöver minst {MIN_PUPILS} elever; {table.name} har {len(pupil_rows)}."
        )
    blanks = 0
    unreadable: list[str] = []
    points: list[list[float]] = []
    for row in pupil_rows:
        scores = []
        for item in items:
            value = parse_number(row[item])
            if value is None:
                if row[item].strip():
                    unreadable.append(f"{row[label_col] or '?'}: {item} = ”{row[item]}”")
                else:
                    blanks += 1
                value = 0.0
            scores.append(value)
        points.append(scores)
    if max_rows:
        maxima = [parse_number(max_rows[0][item]) or 0.0 for item in items]
        missing = [item for item, m in zip(items, maxima, strict=True) if m <= 0]
        if missing:
            raise UserError(
                f"Raden ”Max” saknar maxpoäng för {', '.join(missing)}. Fyll i dem och ladda upp filen igen."
            )
    else:
        maxima = [max(*(p[i] for p in points), 1.0) for i in range(len(items))]
    over = [items[i] for i in range(len(items)) if any(p[i] > maxima[i] for p in points)]
    if over:
        raise UserError(
            f"Några elever har fler poäng än maxpoängen på {', '.join(over)}. Kontrollera raden ”Max”."
        )
    names = [row[label_col] or f"Elev {n}" for n, row in enumerate(pupil_rows, start=1)]
    return Scores(items, maxima, names, points, bool(max_rows), blanks, unreadable)


def _mostly_numbers(values: list[str]) -> bool:
    filled = [v for v in values if v.strip()]
    return bool(filled) and sum(parse_number(v) is not None for v in filled) >= 0.8 * len(filled)


def correlation(xs: list[float], ys: list[float]) -> float | None:
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def analyse(scores: Scores, method: str, limit: float) -> tuple[list[ItemStats], float | None]:
    totals = [sum(p) for p in scores.points]
    order = sorted(range(len(totals)), key=lambda i: totals[i])
    group = max(1, round(0.27 * len(totals)))
    lower, upper = order[:group], order[-group:]
    stats: list[ItemStats] = []
    for i, name in enumerate(scores.items):
        column = [p[i] for p in scores.points]
        rest = [t - x for t, x in zip(totals, column, strict=True)]
        mean = statistics.fmean(column)
        p_value = mean / scores.maxima[i]
        item_rest = correlation(column, rest)
        upper_lower = (
            statistics.fmean(column[j] for j in upper) - statistics.fmean(column[j] for j in lower)
        ) / scores.maxima[i]
        flags = []
        if len(set(column)) < 2:
            flags.append("alla fick samma poäng")
        if p_value < 0.2:
            flags.append("mycket svår")
        elif p_value > 0.9:
            flags.append("mycket lätt")
        chosen = upper_lower if method == "ovre_undre" else item_rest
        if chosen is not None and chosen < 0:
            flags.append("negativ särskiljning – kontrollera facit och formulering")
        elif chosen is not None and chosen < limit:
            flags.append("låg särskiljning")
        stats.append(
            ItemStats(name, scores.maxima[i], mean, p_value, item_rest, upper_lower, flags)
        )
    alpha = None
    k = len(scores.items)
    total_variance = statistics.pvariance(totals)
    if k > 1 and total_variance > 0:
        item_variance = sum(statistics.pvariance([p[i] for p in scores.points]) for i in range(k))
        alpha = k / (k - 1) * (1 - item_variance / total_variance)
    return stats, alpha


def sv(value: float, digits: int = 0) -> str:
    """A number the Swedish way: decimal comma, no trailing zeros (7,5; 16; 0,73)."""
    text = f"{value:.{digits}f}" if digits else f"{value:g}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def draw(path: Path, stats: list[ItemStats], method: str, limit: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 6), dpi=110)
    axes.axvspan(0, 0.2, color="#fdecea")
    axes.axvspan(0.9, 1.0, color="#fdecea")
    axes.axhspan(-1, limit, color="#fff4e5")
    for item in stats:
        d = item.discrimination(method)
        y = 0.0 if d is None else d
        color = "#d32f2f" if item.flags else "#1565c0"
        axes.scatter(item.p, y, s=60, color=color, zorder=3)
        axes.annotate(item.name, (item.p, y), textcoords="offset points", xytext=(6, 4), fontsize=9)
    axes.set_xlim(0, 1)
    lowest = min([-0.2, *[(s.discrimination(method) or 0.0) - 0.1 for s in stats]])
    axes.set_ylim(max(-1.0, lowest), 1)
    axes.axhline(0, color="#9e9e9e", linewidth=0.8)
    axes.set_xlabel("Svårighet: p-värde (andel av maxpoängen)")
    axes.set_ylabel(f"Särskiljning ({METHODS[method]})")
    axes.set_title("Uppgifterna: röda är värda att granska")
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, format="png")
    plt.close(figure)


COLUMNS = [
    ("uppgift", "Uppgift", "text"),
    ("max", "Maxpoäng", "number"),
    ("medel", "Medelpoäng", "number"),
    ("p", "p-värde", "number"),
    ("rir", "Korrelation med resten", "number"),
    ("d27", "Övre–undre 27 %", "number"),
    ("granska", "Granska", "boolean"),
    ("varfor", "Varför", "text"),
]


def rows(stats: list[ItemStats]) -> list[dict[str, Any]]:
    return [
        {
            "uppgift": s.name,
            "max": s.max_points,
            "medel": round(s.mean, 2),
            "p": round(s.p, 2),
            "rir": _r(s.item_rest),
            "d27": round(s.upper_lower, 2),
            "granska": bool(s.flags),
            "varfor": ", ".join(s.flags),
        }
        for s in stats
    ]


def write_xlsx(path: Path, stats: list[ItemStats], scores: Scores) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Uppgifter"
    sheet.append([label for _, label, _ in COLUMNS])
    for row in rows(stats):
        sheet.append(
            ["Ja" if row[k] is True else "" if row[k] is False else row[k] for k, _, _ in COLUMNS]
        )
        if row["granska"]:
            for cell in sheet[sheet.max_row]:
                cell.fill = PatternFill("solid", fgColor="F8D7DA")
    pupils = workbook.create_sheet("Elever")
    pupils.append(["Elev", *scores.items, "Summa"])
    for name, points in zip(scores.pupils, scores.points, strict=True):
        pupils.append([name, *points, sum(points)])
    for current in (sheet, pupils):
        for cell in current[1]:
            cell.font = Font(bold=True)
        current.column_dimensions["A"].width = 22
    sheet.column_dimensions["H"].width = 50
    workbook.save(path)


def run(ctx: Any) -> dict[str, Any]:
    uploads = ctx.files("resultat")
    if not uploads:
        raise UserError(
            "Ladda upp provresultaten (CSV eller Excel) med en rad per elev och en kolumn per uppgift."
        )
    sheet = read_table(Path(uploads[0].path), uploads[0].name, header_hints=("Elev", "Namn"))
    scores = read_scores(sheet)
    method = ctx.inputs.get("metod") or "punktbiserial"
    limit = float(ctx.inputs.get("grans") if ctx.inputs.get("grans") is not None else 0.2)
    stats, alpha = analyse(scores, method, limit)
    flagged = [s for s in stats if s.flags]
    totals = [sum(p) for p in scores.points]
    lines = [
        f"**{len(scores.pupils)} elever, {len(scores.items)} uppgifter**, maxpoäng {sv(sum(scores.maxima))}.",
        f"Medelpoäng {sv(statistics.fmean(totals), 1)}, median {sv(statistics.median(totals), 1)}.",
    ]
    if alpha is not None:
        verdict = "god" if alpha >= 0.8 else "acceptabel" if alpha >= 0.7 else "låg"
        lines.append(f"Reliabilitet (Cronbachs alfa): **{sv(alpha, 2)}** ({verdict}).")
    review = ", ".join(s.name for s in flagged) if flagged else "inga"
    lines.append(f"**Värda att granska:** {review}.")
    lines.append(f"Särskiljning räknas som {METHODS[method]}; under {sv(limit, 2)} räknas som låg.")
    outputs: list[dict[str, Any]] = [markdown("\n\n".join(lines))]
    if not scores.max_from_file:
        outputs.append(
            notice(
                "Filen har ingen rad ”Max”, så den högsta poäng någon fått räknas som maxpoäng. Lägg till en rad med Elev = Max för exakta p-värden.",
                level="info",
            )
        )
    if scores.filled_blanks:
        outputs.append(
            notice(f"{scores.filled_blanks} tomma celler räknades som 0 poäng.", level="info")
        )
    if scores.unreadable:
        outputs.append(
            notice(
                "Några värden är inte poäng och räknades som 0: "
                + "; ".join(scores.unreadable[:10])
                + ".",
                level="warning",
            )
        )
    outputs.append(
        table(
            rows(stats),
            [{"key": k, "label": label, "type": t} for k, label, t in COLUMNS],
            title="Uppgiftsanalys",
        )
    )
    chart = Path(ctx.output_dir) / "provanalys.png"
    draw(chart, stats, method, limit)
    outputs.append(
        image(chart.name, alt="Spridningsdiagram: svårighet mot särskiljning per uppgift")
    )
    workbook = Path(ctx.output_dir) / "provanalys.xlsx"
    write_xlsx(workbook, stats, scores)
    outputs.append(file(workbook.name, label="Provanalys (Excel)"))
    return result(*outputs)
