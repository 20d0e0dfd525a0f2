"""Checks on a version's source files before it is saved.

Python files are compiled, never executed: `compile()` only parses and builds bytecode, so a
syntax error is reported with its file, line and column while no tool code runs on the API.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from .errors import FieldError, InvalidInput, PayloadTooLarge

MAX_SOURCE_BYTES = 512 * 1024  # all source files of one version together (docs/tool-contract.md)
MAX_FILES = 50
ALLOWED_SUFFIXES = frozenset({".py", ".txt", ".md", ".json", ".csv", ".toml"})
# One path segment: letters, digits, dot, dash, underscore; no leading dot (no hidden files).
_SEGMENT = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")
MAX_DEPTH = 4


def source_bytes(files: dict[str, str]) -> int:
    return sum(len(text.encode("utf-8", "surrogatepass")) for text in files.values())


def check_sources(files: dict[str, str]) -> None:
    """Raise PayloadTooLarge (413) over the size cap, else InvalidInput (422) with every problem."""
    total = source_bytes(files)
    if total > MAX_SOURCE_BYTES:
        raise PayloadTooLarge(
            f"The source files are {total} bytes together; at most {MAX_SOURCE_BYTES} are allowed.",
            code="sources_too_large",
        )
    errors: list[FieldError] = []
    if len(files) > MAX_FILES:
        errors.append(
            FieldError("$.files", "too_many_files", f"At most {MAX_FILES} files per version.")
        )
    for path in sorted(files):
        errors.extend(_path_errors(path))
    for path in sorted(files):
        errors.extend(_text_errors(path, files[path]))
    if errors:
        raise InvalidInput(errors)


def file_field(path: str) -> str:
    """The JSON path of one file in the request body: $.files["main.py"]."""
    return "$.files[" + json.dumps(path, ensure_ascii=False) + "]"


def _path_errors(path: str) -> list[FieldError]:
    where = file_field(path)
    parts = path.split("/")
    if (
        not path
        or path.startswith("/")
        or len(parts) > MAX_DEPTH
        or any(not _SEGMENT.match(part) or part in (".", "..") for part in parts)
    ):
        return [
            FieldError(
                where,
                "invalid_path",
                "A file name is a relative path of letters, digits, '.', '-' and '_' "
                f"(at most {MAX_DEPTH} levels, no '..', no hidden files).",
            )
        ]
    if PurePosixPath(path).suffix.lower() not in ALLOWED_SUFFIXES:
        allowed = ", ".join(sorted(ALLOWED_SUFFIXES))
        return [FieldError(where, "file_type_not_allowed", f"Allowed file types: {allowed}.")]
    return []


def _text_errors(path: str, text: str) -> list[FieldError]:
    where = file_field(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # JSON can carry lone surrogates (\ud800) that are not text in any encoding.
        return [FieldError(where, "not_utf8", "The file is not valid UTF-8 text.")]
    if "\x00" in text:
        return [FieldError(where, "binary_content", "The file contains NUL bytes; only text.")]
    if path.endswith(".py"):
        return _syntax_errors(path, text)
    return []


def _syntax_errors(path: str, text: str) -> list[FieldError]:
    where = file_field(path)
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as exc:  # IndentationError and TabError included
        line = exc.lineno or 0
        column = exc.offset or 0
        return [
            FieldError(
                where,
                "syntax_error",
                f"{path}, line {line}, column {column}: {exc.msg}",
                line=line,
                column=column,
            )
        ]
    except (ValueError, RecursionError, MemoryError) as exc:
        # Nesting deep enough to exhaust the parser is refused like a syntax error.
        return [FieldError(where, "syntax_error", f"{path}: cannot be compiled ({exc}).")]
    return []
