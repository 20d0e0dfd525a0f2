"""The one field type of every form (inputs, settings, action forms): a union tagged by `kind`.

Each kind is its own struct, so the OpenAPI document and the generated TypeScript types say
exactly which attributes a kind has (`oneOf` with a discriminator on `kind`).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Final

import msgspec

NAME_PATTERN: Final = r"^[a-z][a-z0-9_]{0,63}$"
MAX_TEXT_LENGTH: Final = 10_000
MAX_OPTIONS: Final = 200
MAX_FIELDS_PER_FORM: Final = 25

FieldName = Annotated[
    str,
    msgspec.Meta(
        pattern=NAME_PATTERN,
        description="Unique in its form: a lowercase letter, then lowercase letters, digits, _",
    ),
]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]
Help = Annotated[str, msgspec.Meta(max_length=2000)]
MaxLength = Annotated[int, msgspec.Meta(ge=1, le=MAX_TEXT_LENGTH)]
Count = Annotated[int, msgspec.Meta(ge=0, le=1000)]
Extension = Annotated[
    str,
    msgspec.Meta(pattern=r"^\.[a-z0-9]{1,16}$", description="A lowercase file extension, `.csv`"),
]


class Option(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One choice of an enum or multi_enum field."""

    value: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    label: Label


class FieldBase(
    msgspec.Struct,
    kw_only=True,
    frozen=True,
    forbid_unknown_fields=True,
    omit_defaults=True,
    tag_field="kind",
):
    """What every kind has."""

    name: FieldName
    label: Label
    help: Help | None = None
    required: bool = False


class StringField(FieldBase, tag="string", kw_only=True, frozen=True):
    """One line of text."""

    default: str | None = None
    placeholder: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    max_length: MaxLength | None = None


class TextField(FieldBase, tag="text", kw_only=True, frozen=True):
    """Several lines of text."""

    default: str | None = None
    placeholder: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    max_length: MaxLength | None = None


class IntegerField(FieldBase, tag="integer", kw_only=True, frozen=True):
    default: int | None = None
    min: int | None = None
    max: int | None = None


class NumberField(FieldBase, tag="number", kw_only=True, frozen=True):
    """A number; with `step`, only whole steps counted from `min` (or 0), e.g. 0.5 for halves."""

    default: float | None = None
    min: float | None = None
    max: float | None = None
    step: Annotated[float, msgspec.Meta(gt=0)] | None = None

    def on_step(self, value: float) -> bool:
        """Whether `value` is a whole number of steps from `min` (or 0); any value without one."""
        if self.step is None:
            return True
        steps = (value - (self.min or 0)) / self.step
        return math.isclose(steps, round(steps), rel_tol=0, abs_tol=1e-9)


class BooleanField(FieldBase, tag="boolean", kw_only=True, frozen=True):
    default: bool | None = None


class EnumField(FieldBase, tag="enum", kw_only=True, frozen=True):
    """Exactly one of `options` (by value)."""

    options: Annotated[list[Option], msgspec.Meta(min_length=1, max_length=MAX_OPTIONS)]
    default: str | None = None


class MultiEnumField(FieldBase, tag="multi_enum", kw_only=True, frozen=True):
    """Any number of `options` (by value), within min_items..max_items."""

    options: Annotated[list[Option], msgspec.Meta(min_length=1, max_length=MAX_OPTIONS)]
    default: list[str] | None = None
    min_items: Count | None = None
    max_items: Count | None = None


class DateField(FieldBase, tag="date", kw_only=True, frozen=True):
    """A calendar date, ISO 8601 (`2026-11-27`)."""

    default: date | None = None
    min: date | None = None
    max: date | None = None


class FileField(FieldBase, tag="file", kw_only=True, frozen=True):
    """Uploaded files; `accept` lists extensions, checked by extension and by content."""

    accept: list[Extension] = msgspec.field(default_factory=list)
    min_files: Count | None = None
    max_files: Count | None = None
    max_bytes: Annotated[int, msgspec.Meta(ge=1)] | None = None


Field = (
    StringField
    | TextField
    | IntegerField
    | NumberField
    | BooleanField
    | EnumField
    | MultiEnumField
    | DateField
    | FileField
)

FIELD_KINDS: Final = (
    "string",
    "text",
    "integer",
    "number",
    "boolean",
    "enum",
    "multi_enum",
    "date",
    "file",
)
