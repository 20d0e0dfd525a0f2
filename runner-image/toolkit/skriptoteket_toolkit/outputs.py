"""Builders for what a tool returns: outputs, actions with their fields, state, artifacts.

Each returns the plain JSON shape of the contract (a dict), so a tool may equally write the
dicts by hand. Paths of files may be relative to the output directory or absolute inside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

Json = dict[str, Any]


def _clean(**attributes: Any) -> Json:
    """The shape without the attributes left at None."""
    return {key: value for key, value in attributes.items() if value is not None}


# --- outputs ---------------------------------------------------------------------------------


def notice(message: str, level: str = "info") -> Json:
    """A banner; level is info, success, warning or error."""
    return {"kind": "notice", "level": level, "message": message}


def markdown(text: str) -> Json:
    """Markdown text (no raw HTML: it is drawn sanitized)."""
    return {"kind": "markdown", "markdown": text}


def table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str | tuple[str, str] | Mapping[str, Any]] | None = None,
    title: str | None = None,
) -> Json:
    """A sortable table. Columns are keys, (key, label) pairs or {key, label, type} dicts;
    without columns, the keys of the rows in the order first seen."""
    rows = [dict(row) for row in rows]
    if columns is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
        columns = list(seen)
    shaped: list[Json] = []
    for column in columns:
        if isinstance(column, str):
            shaped.append({"key": column, "label": column})
        elif isinstance(column, tuple):
            shaped.append({"key": column[0], "label": column[1]})
        else:
            shaped.append(dict(column))
    return _clean(kind="table", title=title, columns=shaped, rows=rows)


def json_view(value: Any, title: str | None = None) -> Json:
    """Any JSON value, drawn as a collapsible viewer."""
    return _clean(kind="json", title=title) | {"value": value}


def html(content: str, height: int | None = None) -> Json:
    """HTML in a sandboxed frame: no scripts, no remote loads."""
    return _clean(kind="html", html=content, height=height)


def file(path: str | os.PathLike[str], label: str | None = None) -> Json:
    """A download card for a file the tool wrote to ctx.output_dir."""
    return _clean(kind="file", artifact=os.fspath(path), label=label)


def image(path: str | os.PathLike[str], alt: str) -> Json:
    """An inline PNG, JPEG or SVG the tool wrote to ctx.output_dir; alt describes it."""
    return {"kind": "image", "artifact": os.fspath(path), "alt": alt}


def artifact(path: str | os.PathLike[str], label: str | None = None, promote: bool = False) -> Json:
    """A label for a file in ctx.output_dir; promote=True keeps it for the session's next step."""
    shaped = _clean(path=os.fspath(path), label=label)
    return shaped | ({"promote": True} if promote else {})


# --- actions and their fields -----------------------------------------------------------------


def action(
    id: str,
    label: str,
    fields: Sequence[Json] = (),
    primary: bool = False,
    confirm: str | None = None,
) -> Json:
    """A next step the user can take, with its own form (`id`: a-z, 0-9, _ . -)."""
    shaped = _clean(id=id, label=label, confirm=confirm) | {"fields": list(fields)}
    return shaped | ({"primary": True} if primary else {})


def option(value: str, label: str | None = None) -> Json:
    return {"value": value, "label": label if label is not None else value}


def _field(kind: str, name: str, label: str, **attributes: Any) -> Json:
    if isinstance(attributes.get("default"), date):
        attributes["default"] = attributes["default"].isoformat()
    for bound in ("min", "max"):
        if isinstance(attributes.get(bound), date):
            attributes[bound] = attributes[bound].isoformat()
    if attributes.get("required") is False:
        del attributes["required"]
    return {"kind": kind, "name": name, "label": label} | _clean(**attributes)


def string_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    help: str | None = None,
    default: str | None = None,
    placeholder: str | None = None,
    max_length: int | None = None,
) -> Json:
    return _field(
        "string",
        name,
        label,
        required=required,
        help=help,
        default=default,
        placeholder=placeholder,
        max_length=max_length,
    )


def text_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    help: str | None = None,
    default: str | None = None,
    placeholder: str | None = None,
    max_length: int | None = None,
) -> Json:
    return _field(
        "text",
        name,
        label,
        required=required,
        help=help,
        default=default,
        placeholder=placeholder,
        max_length=max_length,
    )


def integer_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    help: str | None = None,
    default: int | None = None,
    min: int | None = None,
    max: int | None = None,
) -> Json:
    return _field(
        "integer", name, label, required=required, help=help, default=default, min=min, max=max
    )


def number_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    help: str | None = None,
    default: float | None = None,
    min: float | None = None,
    max: float | None = None,
) -> Json:
    return _field(
        "number", name, label, required=required, help=help, default=default, min=min, max=max
    )


def boolean_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    help: str | None = None,
    default: bool | None = None,
) -> Json:
    return _field("boolean", name, label, required=required, help=help, default=default)


def enum_field(
    name: str,
    label: str,
    options: Sequence[Json | str],
    *,
    required: bool = False,
    help: str | None = None,
    default: str | None = None,
) -> Json:
    return _field(
        "enum",
        name,
        label,
        options=_options(options),
        required=required,
        help=help,
        default=default,
    )


def multi_enum_field(
    name: str,
    label: str,
    options: Sequence[Json | str],
    *,
    required: bool = False,
    help: str | None = None,
    default: list[str] | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
) -> Json:
    return _field(
        "multi_enum",
        name,
        label,
        options=_options(options),
        required=required,
        help=help,
        default=default,
        min_items=min_items,
        max_items=max_items,
    )


def date_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    help: str | None = None,
    default: date | str | None = None,
    min: date | str | None = None,
    max: date | str | None = None,
) -> Json:
    return _field(
        "date", name, label, required=required, help=help, default=default, min=min, max=max
    )


def file_field(
    name: str,
    label: str,
    *,
    required: bool = False,
    help: str | None = None,
    accept: Sequence[str] = (),
    min_files: int | None = None,
    max_files: int | None = None,
    max_bytes: int | None = None,
) -> Json:
    return _field(
        "file",
        name,
        label,
        required=required,
        help=help,
        accept=list(accept) or None,
        min_files=min_files,
        max_files=max_files,
        max_bytes=max_bytes,
    )


def _options(options: Sequence[Json | str]) -> list[Json]:
    return [option(o) if isinstance(o, str) else dict(o) for o in options]


# --- state and the result ---------------------------------------------------------------------


def keep_state() -> Json:
    """Leave the session's state as it is (what an omitted state means)."""
    return {"mode": "keep"}


def replace_state(value: Mapping[str, Any]) -> Json:
    """Replace the session's state with `value` (a JSON object, at most 64 KiB)."""
    return {"mode": "replace", "value": dict(value)}


def clear_state() -> Json:
    return {"mode": "clear"}


def result(
    *outputs: Json,
    actions: Sequence[Json] = (),
    state: Json | None = None,
    artifacts: Sequence[Json] = (),
) -> Json:
    """What run(ctx) returns: outputs in order, the next actions, a state change, labels."""
    shaped: Json = {"outputs": list(outputs), "actions": list(actions)}
    if state is not None:
        shaped["state"] = state
    if artifacts:
        shaped["artifacts"] = list(artifacts)
    return shaped
