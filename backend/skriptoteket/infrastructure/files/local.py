"""The file store on the local disk: `<data_dir>/files/<key>`, written atomically."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from skriptoteket.domain.errors import InvalidInput, NotFound, PayloadTooLarge
from skriptoteket.protocols.files import StoredFile

CHUNK = 1024 * 1024


class LocalFileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def local_path(self, key: str) -> Path:
        parts = PurePosixPath(key).parts
        if not parts or key.startswith("/") or any(p in {"..", "."} for p in parts):
            raise InvalidInput([], f"not a file store key: {key!r}")
        return self.root.joinpath(*parts)

    async def put(self, key: str, source: IO[bytes], *, max_bytes: int) -> StoredFile:
        return await asyncio.to_thread(self._put, key, source, max_bytes)

    def _put(self, key: str, source: IO[bytes], max_bytes: int) -> StoredFile:
        target = self.local_path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        digest = hashlib.sha256()
        size = 0
        try:
            with partial.open("wb") as out:
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
