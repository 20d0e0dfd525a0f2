"""Placeringskarta: a class list and a room size in, a seating chart (PNG and PDF) out."""

from __future__ import annotations

import random
import secrets
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import (
    UserError,
    action,
    file,
    image,
    notice,
    replace_state,
    result,
    table,
)
from skriptoteket_toolkit.names import find_duplicates, read_names

A4_LANDSCAPE = (11.69, 8.27)
ORDERS = {"slump": "slumpad", "fornamn": "efter förnamn", "efternamn": "efter efternamn"}


def seat(names: list[str], rows: int, columns: int, order: str, seed: int) -> list[list[str]]:
    """The chart as rows (row 0 nearest the board) of seats ("" = empty), filled from the front."""
    if len(names) > rows * columns:
        raise UserError(
            f"Det finns {len(names)} elever men bara {rows * columns} platser "
            f"({rows} rader × {columns} platser). Öka antalet rader eller platser per rad."
        )
    ordered = list(names)
    if order == "slump":
        random.Random(seed).shuffle(ordered)  # noqa: S311 - seating, not secrets
    elif order == "efternamn":
        ordered.sort(key=lambda n: (n.split()[-1].casefold(), n.casefold()))
    else:
        ordered.sort(key=str.casefold)
    ordered += [""] * (rows * columns - len(ordered))
    return [ordered[r * columns : (r + 1) * columns] for r in range(rows)]


def _label(name: str) -> str:
    """First name(s) on one line and last name on the next, so desks stay narrow."""
    parts = name.split()
    return name if len(parts) < 2 else f"{' '.join(parts[:-1])}\n{parts[-1]}"


def draw(chart: list[list[str]], title: str, png: Path, pdf: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    rows, columns = len(chart), len(chart[0])
    figure = plt.figure(figsize=A4_LANDSCAPE)
    axes = figure.add_axes((0.03, 0.03, 0.94, 0.86))
    axes.set_xlim(0, columns)
    axes.set_ylim(rows + 0.9, 0)
    axes.axis("off")
    figure.suptitle(title, fontsize=18, fontweight="bold", y=0.965)
    axes.add_patch(
        FancyBboxPatch(
            (columns * 0.2, 0.1),
            columns * 0.6,
            0.35,
            boxstyle="round,pad=0.02",
            facecolor="#37474f",
        )
    )
    axes.text(columns / 2, 0.28, "Tavlan", ha="center", va="center", color="white", fontsize=12)
    size = max(6.0, min(13.0, 80 / max(columns, 4)))
    for r, row in enumerate(chart):
        for c, name in enumerate(row):
            x, y = c + 0.06, r + 0.9 + 0.08
            axes.add_patch(
                FancyBboxPatch(
                    (x, y),
                    0.88,
                    0.78,
                    boxstyle="round,pad=0.01,rounding_size=0.08",
                    facecolor="#e3f2fd" if name else "#fafafa",
                    edgecolor="#90a4ae",
                    linewidth=1,
                )
            )
            axes.text(
                x + 0.05,
                y + 0.1,
                f"{r + 1}:{c + 1}",
                fontsize=size * 0.55,
                color="#78909c",
                va="top",
            )
            if name:
                axes.text(
                    x + 0.44,
                    y + 0.43,
                    _label(name),
                    ha="center",
                    va="center",
                    fontsize=size,
                    wrap=True,
                )
    figure.savefig(png, format="png", dpi=110)
    figure.savefig(pdf, format="pdf")
    plt.close(figure)


def class_list(ctx: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """The pupils' names, and a warning about rows that may name one pupil twice."""
    names = read_names(ctx, "klasslista", "namn")
    if not names:
        raise UserError("Ladda upp en klasslista eller skriv in namnen, ett per rad.")
    warnings = [
        notice(
            f"Möjligen samma elev två gånger: {members[0].full()} "
            f"(rad {', '.join(str(m.row) for m in members)}). Ta bort raden om det är det.",
            level="warning",
        )
        for _, members in find_duplicates(names)
    ]
    return [n.full() for n in names], warnings


def render(
    ctx: Any, state: dict[str, Any], warnings: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    chart = seat(state["names"], state["rows"], state["columns"], state["order"], state["seed"])
    png, pdf = (
        Path(ctx.output_dir) / "placeringskarta.png",
        Path(ctx.output_dir) / "placeringskarta.pdf",
    )
    draw(chart, state["title"], png, pdf)
    free = sum(1 for row in chart for name in row if not name)
    outputs: list[dict[str, Any]] = [
        *(warnings or []),
        notice(
            f"{len(state['names'])} elever på {state['rows']} rader × {state['columns']} platser, "
            f"ordning {ORDERS[state['order']]}"
            + (
                "."
                if not free
                else f"; {free} {'plats' if free == 1 else 'platser'} ledig{'' if free == 1 else 'a'} längst bak."
            ),
            level="success",
        ),
        image(png.name, alt=f"Placeringskarta: {state['title']}, tavlan överst"),
        file(pdf.name, label="Placeringskarta (PDF, A4 liggande)"),
        table(
            [
                {"rad": r + 1, "plats": c + 1, "elev": name}
                for r, row in enumerate(chart)
                for c, name in enumerate(row)
                if name
            ],
            [
                {"key": "rad", "label": "Rad", "type": "integer"},
                {"key": "plats", "label": "Plats", "type": "integer"},
                {"key": "elev", "label": "Elev", "type": "text"},
            ],
            title="Platser (rad 1 närmast tavlan)",
        ),
    ]
    actions = [action("blanda", "Blanda om", primary=True)] if state["order"] == "slump" else []
    return result(*outputs, actions=actions, state=replace_state(state))


def run(ctx: Any) -> dict[str, Any]:
    if ctx.action is not None:
        state = dict(ctx.state)
        if not state.get("names"):
            raise UserError("Sessionen saknar klasslistan. Starta verktyget på nytt.")
        if ctx.action.id != "blanda":
            raise UserError("Okänd åtgärd. Ladda om sidan och försök igen.")
        state["seed"] = secrets.randbelow(2**31)
        return render(ctx, state)
    names, warnings = class_list(ctx)
    state = {
        "names": names,
        "rows": int(ctx.inputs.get("rader") or 5),
        "columns": int(ctx.inputs.get("platser") or 6),
        "order": ctx.inputs.get("ordning") or "slump",
        "title": str(ctx.inputs.get("rubrik") or "").strip() or "Placeringskarta",
        "seed": secrets.randbelow(2**31),
    }
    return render(ctx, state, warnings)
