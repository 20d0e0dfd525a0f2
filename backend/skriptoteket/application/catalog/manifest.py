"""The one place a version's manifest is checked against the tool contract at save.

Until the contract module lands, a minimal structural check stands in for it; the contract's
`validate_manifest` replaces `_validate` below and nothing else changes.
"""

from __future__ import annotations

import re
from typing import Any

from skriptoteket.domain.errors import FieldError, InvalidInput

MAX_FIELDS_PER_FORM = 25
_ENTRYPOINT = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_/-]*\.py):([A-Za-z_][A-Za-z0-9_]*)$")


def check_manifest(data: Any) -> dict[str, Any]:
    """The manifest as canonical JSON, or InvalidInput with JSON paths under `manifest`."""
    errors = _validate(data)
    if errors:
        raise InvalidInput(errors)
    return dict(data)


def entrypoint_file(manifest: dict[str, Any]) -> str | None:
    """`main.py` of `main.py:run`."""
    match = _ENTRYPOINT.match(str(manifest.get("entrypoint", "")))
    return match.group(1) if match else None


def _validate(data: Any) -> list[FieldError]:
    if not isinstance(data, dict):
        return [FieldError("manifest", "invalid", "The manifest must be an object.")]
    errors: list[FieldError] = []
    if data.get("contract") != 1:
        errors.append(FieldError("manifest.contract", "invalid", "Expected contract 1."))
    if not isinstance(data.get("entrypoint"), str) or not _ENTRYPOINT.match(data["entrypoint"]):
        errors.append(
            FieldError("manifest.entrypoint", "invalid", "Expected 'file.py:function'.")
        )
    if "usage" in data and not isinstance(data["usage"], str):
        errors.append(FieldError("manifest.usage", "invalid", "Expected a string."))
    for form in ("inputs", "settings"):
        fields = data.get(form, [])
        if not isinstance(fields, list):
            errors.append(FieldError(f"manifest.{form}", "invalid", "Expected an array."))
            continue
        if len(fields) > MAX_FIELDS_PER_FORM:
            errors.append(
                FieldError(
                    f"manifest.{form}",
                    "too_many_fields",
                    f"At most {MAX_FIELDS_PER_FORM} fields per form.",
                )
            )
            continue
        for i, f in enumerate(fields):
            if not isinstance(f, dict) or not isinstance(f.get("name"), str):
                errors.append(
                    FieldError(f"manifest.{form}[{i}].name", "required", "A field needs a name.")
                )
    unknown = set(data) - {"contract", "entrypoint", "usage", "inputs", "settings", "limits"}
    errors.extend(
        FieldError(f"manifest.{key}", "unknown_field", "Not a manifest field.")
        for key in sorted(unknown)
    )
    return errors
