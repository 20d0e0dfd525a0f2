"""Turning msgspec's validation messages into Issues with full JSON paths."""

from __future__ import annotations

import re

import msgspec

from .errors import Issue

_AT = re.compile(r" - at `(\$[^`]*)`$")
_FIELD = re.compile(r"field `([^`]+)`")


def join(prefix: str, inner: str) -> str:
    """`$.inputs[3]` + `$.name` -> `$.inputs[3].name`."""
    return prefix + inner[1:] if inner.startswith("$") else prefix


def issue_from(error: msgspec.ValidationError, prefix: str = "$") -> Issue:
    text = str(error)
    match = _AT.search(text)
    inner = match.group(1) if match else "$"
    message = text[: match.start()] if match else text
    code = "invalid"
    if "missing required field" in message:
        code = "required"
    elif "unknown field" in message:
        code = "unknown_field"
    elif message.startswith("Invalid value") or message.startswith("Invalid enum value"):
        code = "invalid_choice"
    elif "matching regex" in message:
        code = "pattern"
    elif "length >=" in message:
        code = "too_short"
    elif "length <=" in message:
        code = "too_long"
    elif ">=" in message or "<=" in message or "> " in message or "< " in message:
        code = "out_of_range"
    elif message.startswith("Expected"):
        code = "invalid_type"
    named = _FIELD.search(message)
    if named and code in {"required", "unknown_field"}:
        inner = f"{inner}.{named.group(1)}"
    return Issue(join(prefix, inner), code, message)
