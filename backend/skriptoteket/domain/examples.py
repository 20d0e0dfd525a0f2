"""A tool version's examples: `examples/<case>/` as in backend/script_bank (inputs.json, an
optional actions.json and expected.json, and the input files), kept with the version.

The version row holds each case's JSON and a description of its files (name, size, sha256);
the file bytes live beside it, so the catalog and the runner never load them. The description
is enough to hash the examples into the version's content hash and to copy them to the next
version without reading the bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from .errors import FieldError, InvalidInput

CASE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
# A plain file name: no folders, no hidden files, no control characters.
FILE_NAME = re.compile(r"^[^/\\\x00-\x1f.][^/\\\x00-\x1f]{0,199}$")
MAX_CASES = 50
MAX_EXAMPLE_BYTES = 8 * 1024 * 1024  # all files of all cases of one version


@dataclass(frozen=True, slots=True)
class ExampleFileInfo:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class ExampleInfo:
    """One case as stored with the version, without its files' bytes."""

    case: str
    inputs: dict[str, Any]  # inputs.json: a file field's value names files of the case
    actions: list[dict[str, Any]]  # actions.json: [{"id", "input"}], run in order afterwards
    expected: dict[str, Any] | None  # expected.json: how the last run ends
    files: tuple[ExampleFileInfo, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "inputs": self.inputs,
            "actions": self.actions,
            "expected": self.expected,
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in self.files],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExampleInfo:
        return cls(
            case=data["case"],
            inputs=dict(data["inputs"]),
            actions=list(data["actions"]),
            expected=data["expected"],
            files=tuple(ExampleFileInfo(f["name"], f["size"], f["sha256"]) for f in data["files"]),
        )


@dataclass(frozen=True, slots=True)
class NewExample:
    """One case as an author (or the script bank) hands it in, with the files' bytes."""

    case: str
    inputs: dict[str, Any]
    actions: list[dict[str, Any]]
    expected: dict[str, Any] | None
    files: dict[str, bytes]

    def info(self) -> ExampleInfo:
        return ExampleInfo(
            case=self.case,
            inputs=self.inputs,
            actions=self.actions,
            expected=self.expected,
            files=tuple(
                ExampleFileInfo(name, len(data), hashlib.sha256(data).hexdigest())
                for name, data in sorted(self.files.items())
            ),
        )


def examples_digest(examples: tuple[ExampleInfo, ...]) -> str | None:
    """What the version's content hash takes from its examples; None when there are none, so
    the hash of a version without examples is what it always was."""
    if not examples:
        return None
    canonical = json.dumps(
        [e.to_json() for e in examples], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_examples(examples: tuple[NewExample, ...], manifest: dict[str, Any]) -> None:
    """422 with every problem at its path: case and file names, sizes, and that each file a
    file field names is in its case."""
    errors: list[FieldError] = []
    if len(examples) > MAX_CASES:
        errors.append(FieldError("$.examples", "too_many", f"At most {MAX_CASES} examples."))
    file_fields = {
        f.get("name") for f in manifest.get("inputs", []) or [] if f.get("kind") == "file"
    }
    seen: set[str] = set()
    total = 0
    for i, example in enumerate(examples):
        at = f"$.examples[{i}]"
        if not CASE.match(example.case):
            errors.append(
                FieldError(
                    f"{at}.case",
                    "invalid_case",
                    "Use 1-63 lower-case letters a-z, digits, '-' and '_'.",
                )
            )
        if example.case in seen:
            errors.append(FieldError(f"{at}.case", "duplicate_case", "Two examples share a name."))
        seen.add(example.case)
        for name, data in example.files.items():
            total += len(data)
            if not FILE_NAME.match(name) or name in {
                "inputs.json",
                "actions.json",
                "expected.json",
            }:
                errors.append(
                    FieldError(f"{at}.files", "invalid_file_name", f"Not a file name: {name!r}.")
                )
        for field_name, value in example.inputs.items():
            if field_name not in file_fields:
                continue
            for named in [value] if isinstance(value, str) else value or []:
                if named not in example.files:
                    errors.append(
                        FieldError(
                            f"{at}.inputs.{field_name}",
                            "missing_file",
                            f"The example has no file {named!r}.",
                        )
                    )
    if total > MAX_EXAMPLE_BYTES:
        errors.append(
            FieldError("$.examples", "too_large", "The examples' files exceed 8 MiB together.")
        )
    if errors:
        raise InvalidInput(errors)
