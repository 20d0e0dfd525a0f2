"""The file store on the local disk: `<data_dir>/files/<key>`, written atomically.

Files hold pupils' data: they are created 0600 in directories 0700 (only the service's user
reads them, whatever the umask)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import uuid
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from skriptoteket.domain.errors import InvalidInput, NotFound, PayloadTooLarge
from skriptoteket.protocols.files import StoredFile

CHUNK = 1024 * 1024
FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dirs(directory: Path) -> None:
    """Create `directory` and its missing parents, each 0700."""
    missing: list[Path] = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:  # another writer made it meanwhile
            continue
        d.chmod(DIR_MODE)  # mkdir's mode is filtered by the umask


def private_file(path: Path) -> IO[bytes]:
    """A new file open for writing, 0600 from the start."""
    private_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, "wb")


class LocalFileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def local_path(self, key: str) -> Path:
        parts = PurePosixPath(key).parts
        if not parts or key.startswith("/") or any(p in {"..", "."} for p in parts):
            raise InvalidInput([], f"not a file store key: {key!r}")
        return self.root.joinpath(*parts)

    async def materialize(self, key: str) -> Path:
        path = self.local_path(key)
        if not path.exists():
            raise NotFound(f"no stored file {key}")
        return path

    async def put(self, key: str, source: IO[bytes], *, max_bytes: int) -> StoredFile:
        return await asyncio.to_thread(self._put, key, source, max_bytes)

    def _put(self, key: str, source: IO[bytes], max_bytes: int) -> StoredFile:
        target = self.local_path(key)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        digest = hashlib.sha256()
        size = 0
        try:
            with private_file(partial) as out:
                # Read one byte past the cap so an exact-size file still passes.
                while chunk := source.read(min(CHUNK, max_bytes - size + 1)):
                    size += len(chunk)
                    if size > max_bytes:
                        raise PayloadTooLarge(f"{key} is larger than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return StoredFile(key=key, bytes=size, sha256=digest.hexdigest())

    def writer(self, key: str, *, max_bytes: int) -> LocalFileWriter:
        return LocalFileWriter(self.local_path(key), key, max_bytes)

    async def open(self, key: str) -> BinaryIO:
        path = self.local_path(key)
        try:
            return await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError as exc:
            raise NotFound(f"no stored file {key}") from exc

    async def read(self, key: str) -> bytes:
        path = self.local_path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as exc:
            raise NotFound(f"no stored file {key}") from exc

    async def delete(self, key: str) -> None:
        if key.endswith("/"):
            await asyncio.to_thread(shutil.rmtree, self.local_path(key.rstrip("/")), True)
        else:
            self.local_path(key).unlink(missing_ok=True)


class LocalFileWriter:
    """Writes to a hidden partial file beside the target; `commit` renames it into place."""

    def __init__(self, target: Path, key: str, max_bytes: int) -> None:
        self._target = target
        self._key = key
        self._max_bytes = max_bytes
        self._partial = target.with_name(
            f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial"
        )
        self._out: IO[bytes] | None = None
        self._digest = hashlib.sha256()
        self._size = 0

    async def write(self, chunk: bytes) -> None:
        if self._size + len(chunk) > self._max_bytes:
            await self.abort()
            raise PayloadTooLarge(f"{self._key} is larger than {self._max_bytes} bytes")
        if self._out is None:
            self._out = private_file(self._partial)
        self._size += len(chunk)
        self._digest.update(chunk)
        await asyncio.to_thread(self._out.write, chunk)

    async def commit(self) -> StoredFile:
        if self._out is None:  # an empty file
            self._out = private_file(self._partial)
        out, self._out = self._out, None
        await asyncio.to_thread(out.close)
        self._partial.replace(self._target)
        return StoredFile(key=self._key, bytes=self._size, sha256=self._digest.hexdigest())

    async def abort(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        self._partial.unlink(missing_ok=True)
