"""Gruppgenerator: random groups from a class list, refined step by step.

The session state holds the names, the group size, the rules (pairs kept together or apart) and
the current groups, so every action builds on the last result and the export writes exactly the
groups the teacher saw.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skriptoteket_toolkit import (
    UserError,
    action,
    enum_field,
    file,
    integer_field,
    keep_state,
    markdown,
    notice,
    option,
    replace_state,
    result,
    string_field,
    table,
)
from skriptoteket_toolkit.names import Name, find_duplicates, read_names
from skriptoteket_toolkit.tables import clean_text

MAX_NAMES = 200  # an enum field holds at most 200 options
MAX_ATTEMPTS = 2000


@dataclass
class Plan:
    """Everything the groups are made from; it is the session state."""

    names: list[str]
    size: int
    seed: int
    together: list[list[str]] = field(default_factory=list)
    apart: list[list[str]] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)

    def to_state(self) -> dict[str, Any]:
        return {
            "names": self.names,
            "size": self.size,
            "seed": self.seed,
            "together": self.together,
            "apart": self.apart,
            "groups": self.groups,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Plan:
        if not state.get("names"):
            raise UserError("Sessionen saknar klasslistan. Starta verktyget på nytt.")
        return cls(
            names=list(state["names"]),
            size=int(state["size"]),
            seed=int(state["seed"]),
            together=[list(p) for p in state.get("together", [])],
            apart=[list(p) for p in state.get("apart", [])],
            groups=[list(g) for g in state.get("groups", [])],
        )


def unique_names(names: list[str]) -> list[str]:
    """Names made unique ("Sara Ali", "Sara Ali (2)") so that rules can point at one pupil."""
    seen: dict[str, int] = {}
    result: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def group_capacities(count: int, size: int) -> list[int]:
    """Sizes as even as possible: round(count / size) groups, differing by at most one."""
    groups = max(1, round(count / size))
    base, extra = divmod(count, groups)
    return [base + 1 if i < extra else base for i in range(groups)]


def make_groups(plan: Plan) -> list[list[str]]:
    """Random groups that keep every `together` pair in one group and every `apart` pair split."""
    capacities = group_capacities(len(plan.names), plan.size)
    parent = {name: name for name in plan.names}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for a, b in plan.together:
        parent[root(a)] = root(b)
    clusters: dict[str, list[str]] = {}
    for name in plan.names:
        clusters.setdefault(root(name), []).append(name)
    for members in clusters.values():
        if len(members) > max(capacities):
            raise UserError(
                f"{', '.join(members)} ska hållas ihop, men grupperna rymmer bara "
                f"{max(capacities)} elever. Ta bort någon regel eller välj större grupper."
            )
    enemies: dict[str, set[str]] = {key: set() for key in clusters}
    for a, b in plan.apart:
        ra, rb = root(a), root(b)
        if ra == rb:
            raise UserError(f"{a} och {b} ska både hållas ihop och isär. Ta bort en av reglerna.")
        enemies[ra].add(rb)
        enemies[rb].add(ra)
    rng = random.Random(plan.seed)  # noqa: S311 - fair groups, not secrets
    keys = list(clusters)
    for _ in range(MAX_ATTEMPTS):
        rng.shuffle(keys)
        # Big clusters and clusters with many enemies first: they are the hardest to place.
        order = sorted(keys, key=lambda k: (len(clusters[k]), len(enemies[k])), reverse=True)
        placed: list[list[str]] = [[] for _ in capacities]
        roots: list[set[str]] = [set() for _ in capacities]
        for key in order:
            members = clusters[key]
            fits = [
                i
                for i, capacity in enumerate(capacities)
                if len(placed[i]) + len(members) <= capacity and not roots[i] & enemies[key]
            ]
            if not fits:
                break
            chosen = rng.choice(fits)
            placed[chosen].extend(members)
            roots[chosen].add(key)
        else:
            for group in placed:
                rng.shuffle(group)
            return placed
    raise UserError(
        "Det gick inte att göra grupper som följer alla regler. Ta bort någon regel "
        "(åtgärden ”Ta bort alla regler”) eller ändra gruppstorleken."
    )


def write_docx(path: Path, title: str, groups: list[list[str]]) -> None:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(title, level=0)
    for number, group in enumerate(groups, start=1):
        document.add_heading(f"Grupp {number}", level=2)
        for name in group:
            paragraph = document.add_paragraph(name, style="List Bullet")
            paragraph.paragraph_format.space_after = Pt(0)
    document.save(path)


# ---- the glue to the platform -------------------------------------------------------------


def class_list(ctx: Any) -> list[Name]:
    names = read_names(ctx, "klasslista", "namn")
    if not names:
        raise UserError("Ladda upp en klasslista eller skriv in namnen, ett per rad.")
    if len(names) < 2:
        raise UserError("Det behövs minst två elever för att göra grupper.")
    if len(names) > MAX_NAMES:
        raise UserError(f"Listan har {len(names)} namn; verktyget klarar högst {MAX_NAMES}.")
    return names


def duplicate_warning(names: list[Name]) -> list[dict[str, Any]]:
    """Two rows with one name may be one pupil listed twice: say so, keep both (classes do have
    two pupils with the same name)."""
    groups = find_duplicates(names)
    if not groups:
        return []
    listed = "; ".join(
        f"{members[0].full()} (rad {', '.join(str(m.row) for m in members)})"
        for _, members in groups
    )
    return [
        notice(
            f"Möjliga dubbletter: {listed}. Är det samma elev, ta bort raden och kör igen.",
            level="warning",
        )
    ]


def new_seed() -> int:
    return secrets.randbelow(2**31)


def pair(action_input: dict[str, Any], names: list[str]) -> list[str]:
    a, b = action_input.get("elev_a"), action_input.get("elev_b")
    if a not in names or b not in names:
        raise UserError("Välj två elever ur listan.")
    if a == b:
        raise UserError("Välj två olika elever.")
    return sorted([str(a), str(b)])


def actions(plan: Plan) -> list[dict[str, Any]]:
    options = [option(n) for n in sorted(plan.names, key=str.casefold)]
    pair_fields = [
        enum_field("elev_a", "Elev", options, required=True),
        enum_field("elev_b", "och elev", options, required=True),
    ]
    listed = [
        action("slumpa", "Slumpa nya grupper", primary=True),
        action("hall_ihop", "Håll ihop två elever", pair_fields),
        action("hall_isar", "Håll isär två elever", pair_fields),
        action(
            "storlek",
            "Ändra gruppstorlek",
            [
                integer_field(
                    "gruppstorlek",
                    "Elever per grupp",
                    required=True,
                    min=2,
                    max=15,
                    default=plan.size,
                )
            ],
        ),
        action(
            "exportera",
            "Exportera som Word",
            [string_field("rubrik", "Rubrik", default="Grupper", max_length=200)],
        ),
    ]
    if plan.together or plan.apart:
        listed.append(
            action(
                "rensa_regler",
                "Ta bort alla regler",
                confirm="Ta bort alla regler om vilka som ska hållas ihop eller isär?",
            )
        )
    return listed


def show(plan: Plan) -> list[dict[str, Any]]:
    rows = [
        {"grupp": f"Grupp {i}", "antal": len(g), "elever": ", ".join(g)}
        for i, g in enumerate(plan.groups, start=1)
    ]
    outputs: list[dict[str, Any]] = [
        table(
            rows,
            [
                {"key": "grupp", "label": "Grupp", "type": "text"},
                {"key": "antal", "label": "Antal", "type": "integer"},
                {"key": "elever", "label": "Elever", "type": "text"},
            ],
            title=f"{len(plan.groups)} grupper av {len(plan.names)} elever",
        )
    ]
    rules = [f"- {a} och {b} hålls **ihop**" for a, b in plan.together]
    rules += [f"- {a} och {b} hålls **isär**" for a, b in plan.apart]
    if rules:
        outputs.append(markdown("**Regler**\n\n" + "\n".join(rules)))
    return outputs


def run(ctx: Any) -> dict[str, Any]:
    chosen_action = ctx.action
    if chosen_action is None:
        size = int(ctx.inputs.get("gruppstorlek") or 4)
        names = class_list(ctx)
        plan = Plan(names=unique_names([n.full() for n in names]), size=size, seed=new_seed())
        plan.groups = make_groups(plan)
        return result(
            *duplicate_warning(names),
            *show(plan),
            actions=actions(plan),
            state=replace_state(plan.to_state()),
        )
    plan = Plan.from_state(ctx.state)
    given = dict(chosen_action.input or {})
    outputs: list[dict[str, Any]] = []
    match chosen_action.id:
        case "slumpa":
            plan.seed = new_seed()
        case "hall_ihop" | "hall_isar":
            chosen = pair(given, plan.names)
            rules, other = (
                (plan.together, plan.apart)
                if chosen_action.id == "hall_ihop"
                else (plan.apart, plan.together)
            )
            if chosen in other:
                other.remove(chosen)
            if chosen not in rules:
                rules.append(chosen)
        case "storlek":
            plan.size = int(given.get("gruppstorlek") or plan.size)
        case "rensa_regler":
            plan.together, plan.apart = [], []
        case "exportera":
            title = clean_text(str(given.get("rubrik") or "")).strip() or "Grupper"
            target = Path(ctx.output_dir) / "grupper.docx"
            write_docx(target, title, plan.groups)
            outputs = [
                notice("Grupperna är exporterade som Word-dokument.", level="success"),
                file(target.name, label=f"{title} (Word)"),
            ]
            return result(*outputs, *show(plan), actions=actions(plan), state=keep_state())
        case _:
            raise UserError("Okänd åtgärd. Ladda om sidan och försök igen.")
    plan.groups = make_groups(plan)
    return result(*show(plan), actions=actions(plan), state=replace_state(plan.to_state()))
