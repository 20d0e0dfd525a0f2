"""What a run is given, as the runs handlers see it: the uploaded files, already in the file
store (the web layer streams them there, checked) as the tool session's files, with the first
bytes of each kept for the contract validator's content check; and the form values, checked
by the contract (`validated`)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from typing import Any

from skriptoteket.contract import Field, Limits, SubmissionError, validate_submission
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.runs import ToolSessionFile


@dataclass(frozen=True, slots=True)
class Upload:
    files: list[ToolSessionFile] = field(default_factory=list)
    heads: dict[str, bytes] = field(default_factory=dict)  # file name -> its first bytes

    def by_field(self) -> dict[str, list[ToolSessionFile]]:
        """The files by file field, as the contract validator reads them."""
        found: dict[str, list[ToolSessionFile]] = {}
        for f in self.files:
            found.setdefault(f.field or "", []).append(f)
        return found


def validated(form: list[Field], values: object, upload: Upload, limits: Limits) -> dict[str, Any]:
    """The contract validator's answer, or 422 with one error per field."""
    try:
        return dict(
            validate_submission(form, values, upload.by_field(), heads=upload.heads, limits=limits)
        )
    except SubmissionError as exc:
        raise InvalidInput(
            [FieldError(issue.path, issue.code, issue.message) for issue in exc.issues[:100]]
        ) from exc


def media_type_of(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def unique_name(name: str, taken: set[str] | frozenset[str]) -> str:
    """`name`, or `stem (2).ext`, `stem (3).ext`, ... when it is taken."""
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    n = 2
    while True:
        candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
        if candidate not in taken:
            return candidate
        n += 1
