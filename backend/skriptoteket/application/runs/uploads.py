"""Uploaded files as the runs handlers see them: already in the file store (the web layer
streams them there, checked), with the first bytes kept for the contract validator."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class ReceivedFile:
    id: UUID
    field: str  # the file field it was uploaded to
    name: str  # safe and unique within its session
    key: str  # where the bytes are in the FileStore
    bytes: int
    sha256: str
    head: builtins.bytes = b""


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
