"""The port for stored file bytes (uploads, artifacts): opaque keys, streamed in, capped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Protocol


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    bytes: int
    sha256: str


class FileWriter(Protocol):
    """A file being written piece by piece (an upload as it arrives): nothing is visible under
    its key before `commit`; `abort` leaves nothing behind."""

    async def write(self, chunk: bytes) -> None:
        """Append `chunk`; raises PayloadTooLarge past the writer's `max_bytes`."""
        ...

    async def commit(self) -> StoredFile: ...

    async def abort(self) -> None: ...


class FileStore(Protocol):
    async def put(self, key: str, source: IO[bytes], *, max_bytes: int) -> StoredFile:
        """Copy `source` to `key` (replacing it); raises PayloadTooLarge past `max_bytes`,
        leaving nothing behind."""
        ...

    def writer(self, key: str, *, max_bytes: int) -> FileWriter:
        """A writer for `key`, fed chunk by chunk (see FileWriter)."""
        ...

    async def open(self, key: str) -> BinaryIO:
        """A binary reader of the stored bytes (the caller closes it); NotFound if absent."""
        ...

    async def read(self, key: str) -> bytes:
        """The whole file; for small files only."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file or, for a key prefix ending in '/', everything under it."""
        ...

    def local_path(self, key: str) -> Path:
        """Where the bytes lie on this host once materialized (the local store: always)."""
        ...

    async def materialize(self, key: str) -> Path:
        """The stored file as a file on this host, for staging into a run (the local store's
        own path; a database store copies it into its cache first). NotFound if absent."""
        ...
