"""What a tool reads: `ctx`, built from request.json, and UserError."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class UserError(Exception):
    """A failure the user should read: the run fails with this message (code `user_error`).

    Raise it for problems with the user's input: `raise UserError("Filen saknar kolumnen Namn.")`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class InputFile:
    """An uploaded file, staged read-only: open it with `file.path.open()` or `file.read_text()`."""

    id: str
    field: str
    name: str
    path: Path
    bytes: int
    media_type: str = "application/octet-stream"
    sha256: str = ""

    def read_bytes(self) -> builtins.bytes:
        return self.path.read_bytes()

    def read_text(self, encoding: str = "utf-8-sig") -> str:
        """The file as text; the default also strips the BOM Excel puts in CSV files."""
        return self.path.read_text(encoding=encoding)


@dataclass(frozen=True)
class ActionCall:
    """The action the user chose (one of those your previous result offered) and its form."""

    id: str
    input: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """Everything a run knows. Values are already validated against the manifest's fields."""

    inputs: dict[str, Any]
    settings: dict[str, Any]
    state: dict[str, Any]
    action: ActionCall | None
    output_dir: Path
    locale: str = "sv-SE"
    run: dict[str, Any] = field(default_factory=dict)
    staged_files: tuple[InputFile, ...] = ()

    def files(self, field: str | None = None) -> list[InputFile]:
        """The uploaded files, all or those of one file field."""
        return [f for f in self.staged_files if field is None or f.field == field]

    @property
    def is_action(self) -> bool:
        return self.action is not None

    @classmethod
    def from_request(cls, request: dict[str, Any], output_dir: Path, input_dir: Path) -> Context:
        """A Context from request.json; a file's path is resolved under `input_dir`."""
        run = request.get("run") or {}
        raw_action = request.get("action")
        action = (
            ActionCall(id=str(raw_action.get("id", "")), input=dict(raw_action.get("input") or {}))
            if isinstance(raw_action, dict)
            else None
        )
        files = tuple(
            InputFile(
                id=str(f.get("id", "")),
                field=str(f.get("field", "")),
                name=str(f.get("name", "")),
                path=_staged_path(f, input_dir),
                bytes=int(f.get("bytes", 0)),
                media_type=str(f.get("media_type", "application/octet-stream")),
                sha256=str(f.get("sha256", "")),
            )
            for f in request.get("files") or []
        )
        return cls(
            inputs=dict(request.get("inputs") or {}),
            settings=dict(request.get("settings") or {}),
            state=dict(request.get("state") or {}),
            action=action,
            output_dir=output_dir,
            locale=str(run.get("locale", "sv-SE")),
            run=dict(run),
            staged_files=files,
        )


def _staged_path(file: dict[str, Any], input_dir: Path) -> Path:
    """The container path (/work/input/<name>) maps to `input_dir`/<name> outside it."""
    path = Path(str(file.get("path") or file.get("name", "")))
    return input_dir / path.name
