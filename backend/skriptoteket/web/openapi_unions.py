"""OpenAPI for tagged unions: `oneOf` with a `discriminator`, so that generated clients get
proper discriminated unions (Field and Output by `kind`, the state change by `mode`).

Litestar renders a union of structs as a bare `oneOf` of references. After the document is
built, every `oneOf` whose members are all components with the same required constant
property (the msgspec tag) gets a discriminator with the tag-to-component mapping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from litestar.openapi.spec import OpenAPI, Reference, Schema
from litestar.openapi.spec.discriminator import Discriminator


def add_discriminators(openapi: OpenAPI) -> None:
    components = (openapi.components.schemas or {}) if openapi.components else {}
    seen: set[int] = set()

    def visit(node: Any) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, Schema) and node.one_of and node.discriminator is None:
            node.discriminator = _discriminator(node.one_of, components)
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            for field in dataclasses.fields(node):
                visit(getattr(node, field.name))
        elif isinstance(node, dict):
            for value in node.values():
                visit(value)
        elif isinstance(node, list | tuple):
            for value in node:
                visit(value)

    visit(openapi)


def _discriminator(
    members: Sequence[Schema | Reference], components: dict[str, Schema]
) -> Discriminator | None:
    mapping: dict[str, dict[str, str]] = {}  # tag property -> tag value -> reference
    for member in members:
        if not isinstance(member, Reference):
            return None
        schema = components.get(member.ref.rsplit("/", 1)[-1])
        if schema is None or not schema.properties:
            return None
        for name, prop in schema.properties.items():
            if (
                isinstance(prop, Schema)
                and isinstance(prop.const, str)
                and name in (schema.required or [])
            ):
                mapping.setdefault(name, {})[prop.const] = member.ref
    complete = [name for name, tags in mapping.items() if len(tags) == len(members)]
    if len(complete) != 1:
        return None
    return Discriminator(property_name=complete[0], mapping=mapping[complete[0]])
