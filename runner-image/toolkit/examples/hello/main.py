"""Hälsa på klassen: reads a class list, greets every pupil, then offers to split the class
into groups (an action, with the pupils kept in the session state)."""

from __future__ import annotations

import csv
import io
import random

from skriptoteket_toolkit import (
    UserError,
    action,
    artifact,
    file,
    integer_field,
    markdown,
    notice,
    replace_state,
    result,
    table,
)


def run(ctx):
    if ctx.action is not None and ctx.action.id == "dela_grupper":
        return split_into_groups(ctx.state.get("elever", []), ctx.action.input["storlek"])

    elever = read_class_list(ctx.files("klasslista")[0].read_text())
    if ctx.inputs.get("blanda"):
        random.Random(len(elever)).shuffle(elever)  # noqa: S311 - not for secrets
    halsning = ctx.inputs.get("halsning", "Hej")
    signatur = ctx.settings.get("signatur", "")

    rows = [{"namn": namn, "halsning": f"{halsning} {namn}! {signatur}".strip()} for namn in elever]
    (ctx.output_dir / "halsningar.txt").write_text(
        "\n".join(row["halsning"] for row in rows) + "\n", encoding="utf-8"
    )
    return result(
        notice(f"Hälsade på {len(elever)} elever.", level="success"),
        table(rows, columns=[("namn", "Namn"), ("halsning", "Hälsning")], title="Hälsningar"),
        markdown("Vill du dela in klassen i grupper? Välj **Dela i grupper** nedan."),
        file("halsningar.txt", label="Alla hälsningar som text"),
        actions=[
            action(
                "dela_grupper",
                "Dela i grupper",
                fields=[
                    integer_field(
                        "storlek", "Elever per grupp", required=True, default=3, min=2, max=10
                    )
                ],
                primary=True,
            )
        ],
        state=replace_state({"elever": elever}),
        artifacts=[artifact("halsningar.txt", label="Hälsningar")],
    )


def read_class_list(text: str) -> list[str]:
    reader = csv.DictReader(
        io.StringIO(text), delimiter=";" if ";" in text.split("\n", 1)[0] else ","
    )
    if not reader.fieldnames or "Namn" not in reader.fieldnames:
        raise UserError("Klasslistan saknar kolumnen Namn.")
    names = [row["Namn"].strip() for row in reader if (row.get("Namn") or "").strip()]
    if not names:
        raise UserError("Klasslistan innehåller inga elever.")
    return names


def split_into_groups(elever: list[str], storlek: int):
    if not elever:
        raise UserError("Det finns ingen klasslista i den här sessionen. Börja om.")
    groups = [elever[i : i + storlek] for i in range(0, len(elever), storlek)]
    rows = [
        {"grupp": number, "elever": ", ".join(members)} for number, members in enumerate(groups, 1)
    ]
    return result(
        notice(f"{len(groups)} grupper med upp till {storlek} elever.", level="info"),
        table(rows, columns=[("grupp", "Grupp"), ("elever", "Elever")], title="Grupper"),
        actions=[
            action(
                "dela_grupper",
                "Dela om",
                fields=[
                    integer_field(
                        "storlek", "Elever per grupp", required=True, default=storlek, min=2, max=10
                    )
                ],
                primary=True,
            )
        ],
    )
