"""The one validator of submitted form values: inputs, settings and action input.

It normalizes before it checks: strings are trimmed (empty means absent), numeric, boolean and
date strings are coerced, absent values take the field's default. It then checks required,
bounds and options, rejects unknown names, and checks uploaded files (by count, size and
extension) against the file fields. Every problem is reported, each as an Issue whose path
is the field name; it never raises anything but SubmissionError.
"""

from __future__ import annotations

import builtins
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final, Protocol

from .errors import Issue, SubmissionError
from .fields import (
    MAX_TEXT_LENGTH,
    BooleanField,
    DateField,
    EnumField,
    Field,
    FileField,
    IntegerField,
    MultiEnumField,
    NumberField,
    StringField,
    TextField,
)
from .limits import DEFAULT_LIMITS, Limits
from .run import FieldValue
from .sniff import content_matches, content_refusal, extension_of

# Integers beyond this are not exact in JavaScript (the SPA) nor in every JSON reader.
MAX_SAFE_INTEGER: Final = 2**53 - 1

_INTEGER = re.compile(r"^[+-]?\d{1,16}$")
_NUMBER = re.compile(r"^[+-]?(\d{1,300}([.,]\d{0,300})?|[.,]\d{1,300})([eE][+-]?\d{1,3})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE: Final = frozenset({"true", "1", "yes", "on", "ja"})
_FALSE: Final = frozenset({"false", "0", "no", "off", "nej"})


class UploadedFile(Protocol):
    """What the validator reads of an uploaded file: its name and size. The platform passes its
    tool session files as they are; a caller without files of its own passes any object with
    these two attributes."""

    @property
    def name(self) -> str: ...

    @property
    def bytes(self) -> int: ...


class _Invalid(Exception):
    """One field's problem; internal, turned into an Issue."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message


def validate_submission(
    fields: Sequence[Field],
    values: object,
    files: Mapping[str, Sequence[UploadedFile]] | None = None,
    *,
    heads: Mapping[str, builtins.bytes] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, FieldValue]:
    """The normalized values (in field order; file fields excluded, their files are checked),
    or SubmissionError listing every problem as (field name, code, message). `heads` holds the
    first bytes (sniff.SNIFF_BYTES of them) of uploaded files by name, to check their content
    against `accept`; a file not in it is checked by name only."""
    if values is None:
        values = {}
    if not isinstance(values, Mapping):
        raise SubmissionError([Issue("$", "invalid_type", "The values must be an object.")])
    files = files or {}
    heads = heads or {}
    issues: list[Issue] = []
    by_name = {field.name: field for field in fields}
    for name in values:
        if not isinstance(name, str) or name not in by_name:
            issues.append(Issue(str(name)[:100], "unknown_field", "There is no such field."))
    for name in files:
        if not isinstance(by_name.get(name), FileField):
            issues.append(Issue(str(name)[:100], "unknown_field", "There is no such file field."))

    result: dict[str, FieldValue] = {}
    for field in fields:
        try:
            if isinstance(field, FileField):
                if _present(values.get(field.name)):
                    raise _Invalid("invalid_type", "Files are uploaded, not sent as values.")
                _check_files(field, files.get(field.name, ()), heads)
                continue
            value = _normalize(field, values.get(field.name))
            if value is None:
                value = _default(field)
            if value is None:
                if field.required:
                    raise _Invalid("required", "A value is required.")
                continue
            result[field.name] = value
        except _Invalid as problem:
            issues.append(Issue(field.name, problem.code, problem.message))
    issues.extend(_check_upload_totals(files, limits))
    if issues:
        raise SubmissionError(issues)
    return result


def _present(raw: object) -> bool:
    return not (raw is None or (isinstance(raw, str) and not raw.strip()) or raw == [])


def _default(field: Field) -> FieldValue | None:
    """The field's default, normalized like a submitted value (a bad default counts as none)."""
    default = getattr(field, "default", None)
    if isinstance(default, date):
        default = default.isoformat()
    if isinstance(field, BooleanField) and default is None and not field.required:
        return False  # an unticked box
    try:
        return _normalize(field, default)
    except _Invalid:
        return None


def _normalize(field: Field, raw: object) -> FieldValue | None:
    """The value in its field's type, None when absent; _Invalid when it cannot be."""
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return None
    if raw is None:
        return None
    match field:
        case StringField() | TextField():
            return _text(field, raw)
        case IntegerField():
            return _integer(field, raw)
        case NumberField():
            return _number(field, raw)
        case BooleanField():
            return _boolean(raw)
        case EnumField():
            return _choice(field, raw)
        case MultiEnumField():
            return _choices(field, raw)
        case DateField():
            return _date(field, raw)
    raise _Invalid("invalid", "This field does not take a value.")  # pragma: no cover


def _text(field: StringField | TextField, raw: object) -> str:
    if not isinstance(raw, str):
        raise _Invalid("invalid_type", "Enter text.")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(field, StringField) and "\n" in text:
        raise _Invalid("invalid", "Enter a single line.")
    if "\x00" in text or not _encodable(text):
        raise _Invalid("invalid", "The text contains characters that are not allowed.")
    limit = field.max_length or MAX_TEXT_LENGTH
    if len(text) > limit:
        raise _Invalid("too_long", f"At most {limit} characters.")
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from JSON's \ud800
        return False
    return True


def _integer(field: IntegerField, raw: object) -> int:
    if isinstance(raw, bool):
        raise _Invalid("invalid_type", "Enter a whole number.")
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and _INTEGER.match(raw):
        raw = int(raw)
    if not isinstance(raw, int):
        raise _Invalid("invalid_type", "Enter a whole number.")
    if abs(raw) > MAX_SAFE_INTEGER:
        raise _Invalid("out_of_range", "The number is too large.")
    _bounds(raw, field.min, field.max)
    return raw


def _number(field: NumberField, raw: object) -> float:
    if isinstance(raw, bool):
        raise _Invalid("invalid_type", "Enter a number.")
    if isinstance(raw, str) and _NUMBER.match(raw) and raw.count(",") + raw.count(".") <= 1:
        raw = float(raw.replace(",", "."))  # a decimal comma is how Swedes write numbers
    if isinstance(raw, int):
        if abs(raw) > MAX_SAFE_INTEGER:
            raise _Invalid("out_of_range", "The number is too large.")
        raw = float(raw)
    if not isinstance(raw, float):
        raise _Invalid("invalid_type", "Enter a number.")
    if not math.isfinite(raw):
        raise _Invalid("out_of_range", "Enter a finite number.")
    _bounds(raw, field.min, field.max)
    if not field.on_step(raw):
        raise _Invalid(
            "out_of_range", f"In steps of {field.step:g}, counted from {field.min or 0:g}."
        )
    return raw


def _bounds(value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise _Invalid("out_of_range", f"At least {low}.")
    if high is not None and value > high:
        raise _Invalid("out_of_range", f"At most {high}.")


def _boolean(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.lower() in _TRUE | _FALSE:
        return raw.lower() in _TRUE
    raise _Invalid("invalid_type", "Enter true or false.")


def _option(field: EnumField | MultiEnumField, raw: object) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise _Invalid("invalid_type", "Choose one of the options.")
    value = raw.strip()
    if value not in {option.value for option in field.options}:
        raise _Invalid("invalid_choice", "Choose one of the options.")
    return value


def _choice(field: EnumField, raw: object) -> str:
    return _option(field, raw)


def _choices(field: MultiEnumField, raw: object) -> list[str] | None:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise _Invalid("invalid_type", "Choose among the options.")
    if len(items) > 10 * len(field.options):
        raise _Invalid("too_long", "Too many choices.")
    chosen: list[str] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        value = _option(field, item)
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        return None
    if field.min_items is not None and len(chosen) < field.min_items:
        raise _Invalid("too_short", f"Choose at least {field.min_items}.")
    if field.max_items is not None and len(chosen) > field.max_items:
        raise _Invalid("too_long", f"Choose at most {field.max_items}.")
    return chosen


def _date(field: DateField, raw: object) -> str:
    if not isinstance(raw, str) or not _DATE.match(raw):
        raise _Invalid("invalid_type", "Enter a date as YYYY-MM-DD.")
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise _Invalid("invalid", "There is no such date.") from None
    if field.min is not None and value < field.min:
        raise _Invalid("out_of_range", f"On or after {field.min.isoformat()}.")
    if field.max is not None and value > field.max:
        raise _Invalid("out_of_range", f"On or before {field.max.isoformat()}.")
    return value.isoformat()


def _check_files(
    field: FileField, uploaded: Sequence[UploadedFile], heads: Mapping[str, builtins.bytes]
) -> None:
    count = len(uploaded)
    least = max(field.min_files or 0, 1 if field.required else 0)
    if count < least:
        raise _Invalid("required" if count == 0 else "too_short", f"Upload at least {least}.")
    if field.max_files is not None and count > field.max_files:
        raise _Invalid("too_long", f"Upload at most {field.max_files}.")
    for file in uploaded:
        if field.max_bytes is not None and file.bytes > field.max_bytes:
            raise _Invalid("too_large", f"{file.name} is larger than {field.max_bytes} bytes.")
        extension = extension_of(file.name)
        if field.accept and extension not in field.accept:
            raise _Invalid("invalid_type", f"{file.name}: allowed are {', '.join(field.accept)}.")
        head = heads.get(file.name)
        if field.accept and head is not None and not content_matches(extension, head):
            raise _Invalid("invalid_content", content_refusal(file.name, extension))


def _check_upload_totals(
    files: Mapping[str, Sequence[UploadedFile]], limits: Limits
) -> list[Issue]:
    every = [file for uploaded in files.values() for file in uploaded]
    found: list[Issue] = []
    if len(every) > limits.upload_files:
        found.append(Issue("$", "too_many", f"At most {limits.upload_files} files per run."))
    if any(file.bytes > limits.upload_file_bytes for file in every):
        found.append(
            Issue("$", "too_large", f"A file is larger than {limits.upload_file_bytes} bytes.")
        )
    if sum(file.bytes for file in every) > limits.upload_total_bytes:
        found.append(
            Issue(
                "$",
                "too_large",
                f"The files are larger than {limits.upload_total_bytes} bytes together.",
            )
        )
    return found
