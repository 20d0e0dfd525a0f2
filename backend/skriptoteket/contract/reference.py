"""The reference part of docs/tool-contract.md, written from the contract's structs.

The prose of that page is ours to write; the tables between its two REFERENCE markers are
rendered here from the msgspec structs and the limits table, so they cannot drift from the code.
`python -m skriptoteket.contract.reference` rewrites them; `--check` fails when they are stale
(tests/contract/test_docs_current.py runs the same check).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Final, get_args

import msgspec
import msgspec.inspect as mi

from .fields import FieldBase, Option
from .limits import DEFAULT_LIMITS, ENV_PREFIX, HARD_MAXIMA, KIB, MIB, Limits
from .manifest import Manifest, ToolLimits
from .outputs import OutputBase, TableColumn
from .run import (
    Action,
    ActionCall,
    Artifact,
    ErrorCode,
    RequestFile,
    RunError,
    RunInfo,
    RunRequest,
    RunResult,
    StateBase,
)

BEGIN: Final = "<!-- BEGIN REFERENCE (python -m skriptoteket.contract.reference) -->"
END: Final = "<!-- END REFERENCE -->"
DOC: Final = Path(__file__).resolve().parents[3] / "docs" / "tool-contract.md"


def render_reference() -> str:
    """The generated tables, in Markdown, without the markers."""
    parts: list[str] = [
        "### Manifest",
        _struct_section(Manifest),
        _struct_section(ToolLimits, "`limits`"),
        "### Fields",
        "Every kind has the attributes of the first table; the other tables add its own.",
        _fields_table(_struct_info(FieldBase).fields),
        *_kind_sections(FieldBase, common={"name", "label", "help", "required"}),
        _struct_section(Option, "`Option` (of `enum` and `multi_enum`)"),
        "### Request (`request.json`)",
        _struct_section(RunRequest),
        _struct_section(RunInfo, "`run`"),
        _struct_section(ActionCall, "`action`"),
        _struct_section(RequestFile, "`files[]`"),
        "### Result (`result.json`)",
        _struct_section(RunResult),
        _struct_section(RunError, "`error`"),
        "`error.code` is one of " + ", ".join(f"`{c}`" for c in get_args(ErrorCode)) + ".",
        _struct_section(Action, "`actions[]`"),
        _struct_section(Artifact, "`artifacts[]`"),
        "`state`, by `mode`:",
        *_kind_sections(StateBase, common=set()),
        "### Outputs",
        *_kind_sections(OutputBase, common=set()),
        _struct_section(TableColumn, "`columns[]` of a table"),
        "### Limits",
        _limits_table(),
    ]
    return "\n\n".join(parts) + "\n"


def _struct_section(cls: type[msgspec.Struct], title: str | None = None) -> str:
    info = _struct_info(cls)
    head = f"**{title or '`' + cls.__name__ + '`'}**"
    doc = _first_paragraph(cls)
    lines = [head + (f": {doc}" if doc else "")]
    if info.fields:
        lines += ["", _fields_table(info.fields)]
    return "\n".join(lines)


def _kind_sections(base: type[msgspec.Struct], common: set[str]) -> Iterable[str]:
    for cls in _tagged_subclasses(base):
        info = _struct_info(cls)
        own = [f for f in info.fields if f.name not in common]
        doc = _first_paragraph(cls, inherited_from=base)
        head = f'**`{info.tag_field}: "{info.tag}"`**' + (f": {doc}" if doc else "")
        yield head + ("\n\n" + _fields_table(own) if own else "")


def _struct_info(cls: type[msgspec.Struct]) -> mi.StructType:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    return info


def _tagged_subclasses(base: type[msgspec.Struct]) -> list[type[msgspec.Struct]]:
    return [cls for cls in base.__subclasses__() if cls.__struct_config__.tag is not None]


def _first_paragraph(cls: type, inherited_from: type | None = None) -> str:
    doc = cls.__dict__.get("__doc__")
    if not doc or (inherited_from is not None and doc == inherited_from.__doc__):
        return ""
    return " ".join(doc.strip().split("\n\n")[0].split())


def _fields_table(fields: Iterable[mi.Field]) -> str:
    rows = ["| attribute | type | default | constraints |", "|---|---|---|---|"]
    for f in fields:
        rows.append(f"| `{f.name}` | {_type(f.type)} | {_default(f)} | {_constraints(f.type)} |")
    return "\n".join(rows)


def _default(f: mi.Field) -> str:
    if f.required:
        return "required"
    if f.default_factory is not msgspec.NODEFAULT:
        value = f.default_factory()
        return "`{}`" if isinstance(value, dict) and not value else _json(value)
    return _json(f.default)


def _json(value: object) -> str:
    encoded = msgspec.json.encode(value).decode()
    return f"`{encoded}`".replace("|", "\\|")


def _unwrap(t: mi.Type) -> mi.Type:
    return t.type if isinstance(t, mi.Metadata) else t


def _type(t: mi.Type) -> str:
    t = _unwrap(t)
    if isinstance(t, mi.UnionType):
        structs = [m for m in t.types if isinstance(m, mi.StructType) and m.tag is not None]
        if len(structs) > 1 and len(structs) == len(t.types):
            tags = ", ".join(f"`{m.tag}`" for m in structs)
            return f"one of (by `{structs[0].tag_field}`) {tags}"
        return " or ".join(_type(member) for member in t.types)
    if isinstance(t, mi.ListType):
        return f"list of {_type(t.item_type)}"
    if isinstance(t, mi.DictType):
        return f"object of {_type(t.value_type)}"
    if isinstance(t, mi.LiteralType):
        return " or ".join(f"`{_json(v)[1:-1]}`" for v in t.values)
    if isinstance(t, mi.StructType):
        return f"`{t.cls.__name__}`"
    simple = {
        mi.StrType: "string",
        mi.IntType: "integer",
        mi.FloatType: "number",
        mi.BoolType: "boolean",
        mi.NoneType: "null",
        mi.DateType: "date (ISO 8601)",
        mi.AnyType: "any JSON",
    }
    return simple.get(type(t), type(t).__name__)


def _constraints(t: mi.Type) -> str:
    notes: list[str] = []
    if isinstance(t, mi.Metadata) and t.extra_json_schema:
        description = t.extra_json_schema.get("description")
        if description:
            notes.append(str(description))
    t = _unwrap(t)
    members = t.types if isinstance(t, mi.UnionType) else (t,)
    for member in map(_unwrap, members):
        if isinstance(member, mi.StrType):
            notes += _bounds("length", member.min_length, member.max_length)
            if member.pattern:
                notes.append(f"pattern `{member.pattern}`")
        elif isinstance(member, mi.IntType | mi.FloatType):
            notes += _bounds("", member.ge, member.le)
        elif isinstance(member, mi.ListType):
            notes += _bounds("items", member.min_length, member.max_length)
            notes += [n for n in _constraints(member.item_type).split("; ") if n]
    return "; ".join(notes).replace("|", "\\|")


def _bounds(what: str, low: float | None, high: float | None) -> list[str]:
    prefix = f"{what} " if what else ""
    if low is None and high is None:
        return []
    if high is None:
        return [f"{prefix}≥ {low}"]
    if low is None:
        return [f"{prefix}≤ {high}"]
    return [f"{prefix}{low} to {high}"]


def _limits_table() -> str:
    info = _struct_info(Limits)
    rows = [
        "Served at `GET /api/v1/limits`. A deployment sets one with the environment variable "
        f"`{ENV_PREFIX}<NAME>`; a value is clamped to 1..its maximum.",
        "",
        "| limit | environment variable | default | maximum | meaning |",
        "|---|---|---|---|---|",
    ]
    for f in info.fields:
        description = ""
        if isinstance(f.type, mi.Metadata) and f.type.extra_json_schema:
            description = str(f.type.extra_json_schema.get("description", ""))
        default, maximum = getattr(DEFAULT_LIMITS, f.name), HARD_MAXIMA[f.name]
        rows.append(
            f"| `{f.name}` | `{ENV_PREFIX}{f.name.upper()}` | {_amount(f.name, default)} | "
            f"{_amount(f.name, maximum)} | {description} |"
        )
    return "\n".join(rows)


def _amount(name: str, value: float) -> str:
    """A value as code; a byte limit also in KiB or MiB."""
    text = f"`{int(value)}`" if float(value).is_integer() else f"`{value}`"
    if name.endswith("_bytes"):
        for unit, size in (("MiB", MIB), ("KiB", KIB)):
            if value >= size and value % size == 0:
                return f"{text} ({int(value // size)} {unit})"
    return text


def rewrite(text: str) -> str:
    """`text` (the whole page) with its reference region replaced by the current one."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n\n" + render_reference() + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail when the page is stale")
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    fresh = rewrite(current)
    if args.check:
        if fresh != current:
            print(f"{DOC.name} is stale: run `make docs`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
