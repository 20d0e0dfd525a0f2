"""The one place a version's manifest is checked against the tool contract at save."""

from __future__ import annotations

from typing import Any

import msgspec

from skriptoteket.contract import ManifestError, validate_manifest
from skriptoteket.domain.errors import FieldError, InvalidInput

# A manifest with 10 000 broken fields gets a readable answer, not 10 000 errors.
MAX_REPORTED = 100


def check_manifest(data: Any) -> dict[str, Any]:
    """The manifest in its canonical JSON form, or InvalidInput with one error per problem at
    its JSON path in the request body (`$.manifest.inputs[3].name`)."""
    try:
        manifest = validate_manifest(data)
    except ManifestError as exc:
        errors = [
            FieldError(_in_body(issue.path), issue.code, issue.message)
            for issue in exc.issues[:MAX_REPORTED]
        ]
        if len(exc.issues) > MAX_REPORTED:
            more = len(exc.issues) - MAX_REPORTED
            errors.append(FieldError("$.manifest", "more_errors", f"And {more} more problems."))
        raise InvalidInput(errors) from exc
    canonical: dict[str, Any] = msgspec.to_builtins(manifest)
    return canonical


def entrypoint_file(manifest: dict[str, Any]) -> str:
    """`main.py` of `main.py:run` (the manifest is already checked)."""
    return str(manifest["entrypoint"]).rpartition(":")[0]


def _in_body(path: str) -> str:
    """The contract's paths are relative to the manifest (`$.inputs[0]`); ours to the body."""
    return "$.manifest" + path[1:] if path.startswith("$") else f"$.manifest.{path}"
