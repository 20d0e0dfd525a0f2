"""The file store in PostgreSQL (SKRIPTOTEKET_FILE_STORE=postgres): API replicas and workers on
different hosts share files through the database, with no shared disk.

`stored_files` maps a key to a content id; `stored_file_chunks` holds that content in 1 MiB
rows. Both directions stream: a writer inserts each chunk as it fills (its own short
transaction) under a fresh content id, and `commit` points the key at it in one transaction
(the old content of the key goes in the same transaction); a reader fetches one chunk at a
time. Nothing holds a whole file in memory, and nothing is visible under a key before commit.

Runners stage inputs from local paths: `materialize` copies a file into this host's cache
directory (<data dir>/file-cache) and returns that path.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import shutil
import uuid
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

import psycopg
from psycopg_pool import ConnectionPool

from skriptoteket.domain.errors import InvalidInput, NotFound, PayloadTooLarge
from skriptoteket.protocols.files import StoredFile

from .local import private_file

CHUNK = 1024 * 1024

INSERT_CHUNK = "INSERT INTO stored_file_chunks (content_id, seq, data) VALUES (%s, %s, %s)"
# The key now names the new content; the content it named before goes with the same commit.
POINT_KEY = """
WITH old AS (SELECT content_id FROM stored_files WHERE key = %(key)s FOR UPDATE),
upsert AS (
    INSERT INTO stored_files (key, content_id, bytes, sha256)
    VALUES (%(key)s, %(content_id)s, %(bytes)s, %(sha256)s)
    ON CONFLICT (key) DO UPDATE
    SET content_id = EXCLUDED.content_id, bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256,
        created_at = now()
)
DELETE FROM stored_file_chunks WHERE content_id IN (SELECT content_id FROM old)
"""
DROP_CONTENT = "DELETE FROM stored_file_chunks WHERE content_id = %s"
DELETE_KEY = """
WITH gone AS (DELETE FROM stored_files WHERE key = %s RETURNING content_id)
DELETE FROM stored_file_chunks WHERE content_id IN (SELECT content_id FROM gone)
"""
DELETE_PREFIX = """
WITH gone AS (DELETE FROM stored_files WHERE key LIKE %s ESCAPE '\\' RETURNING content_id)
DELETE FROM stored_file_chunks WHERE content_id IN (SELECT content_id FROM gone)
"""
FIND = "SELECT content_id, bytes FROM stored_files WHERE key = %s"
READ_CHUNK = "SELECT data FROM stored_file_chunks WHERE content_id = %s AND seq = %s"


def check_key(key: str) -> str:
    parts = PurePosixPath(key).parts
    if not key or key.startswith("/") or any(p in {"..", "."} for p in parts) or "\x00" in key:
        raise InvalidInput([], f"not a file store key: {key!r}")
    return key


class PostgresFileStore:
    def __init__(self, conninfo: str, cache_dir: Path, *, pool_size: int = 4) -> None:
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            conninfo,
            min_size=0,
            max_size=pool_size,
            open=False,
            kwargs={"autocommit": True},
            name="skriptoteket-files",
        )
        self._opened = False
        self.cache_dir = cache_dir

    def _conn(self) -> Any:
        if not self._opened:
            self._pool.open(wait=False)
            self._opened = True
        return self._pool.connection()

    def close(self) -> None:
        if self._opened:
            self._pool.close()

    # -- the FileStore port ---------------------------------------------------------------

    def local_path(self, key: str) -> Path:
        """Where `materialize` puts the file on this host."""
        return self.cache_dir.joinpath(*PurePosixPath(check_key(key)).parts)

    async def materialize(self, key: str) -> Path:
        return await asyncio.to_thread(self._materialize, key)

    async def put(self, key: str, source: IO[bytes], *, max_bytes: int) -> StoredFile:
        return await asyncio.to_thread(self._put, key, source, max_bytes)

    def writer(self, key: str, *, max_bytes: int) -> PostgresFileWriter:
        return PostgresFileWriter(self, check_key(key), max_bytes)

    async def open(self, key: str) -> BinaryIO:
        content_id, size = await asyncio.to_thread(self._find, key)
        return io.BufferedReader(_ChunkStream(self, content_id, size), buffer_size=CHUNK)

    async def read(self, key: str) -> bytes:
        reader = await self.open(key)
        with reader:
            return await asyncio.to_thread(reader.read)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._delete, key)

    # -- the blocking side (in threads) --------------------------------------------------

    def _find(self, key: str) -> tuple[uuid.UUID, int]:
        with self._conn() as conn:
            row = conn.execute(FIND, (check_key(key),)).fetchone()
        if row is None:
            raise NotFound(f"no stored file {key}")
        return row[0], int(row[1])

    def _chunk(self, content_id: uuid.UUID, seq: int) -> bytes:
        with self._conn() as conn:
            row = conn.execute(READ_CHUNK, (content_id, seq)).fetchone()
        if row is None:
            raise NotFound(f"a stored file's chunk {seq} is missing")
        return bytes(row[0])

    def _insert_chunk(self, content_id: uuid.UUID, seq: int, data: bytes) -> None:
        with self._conn() as conn:
            conn.execute(INSERT_CHUNK, (content_id, seq, data))

    def _point(self, key: str, content_id: uuid.UUID, size: int, sha256: str) -> None:
        with self._conn() as conn, conn.transaction():
            conn.execute(
                POINT_KEY,
                {"key": key, "content_id": content_id, "bytes": size, "sha256": sha256},
            )

    def _drop(self, content_id: uuid.UUID) -> None:
        with self._conn() as conn:
            conn.execute(DROP_CONTENT, (content_id,))

    def _delete(self, key: str) -> None:
        with self._conn() as conn:
            if key.endswith("/"):
                check_key(key.rstrip("/"))
                escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                conn.execute(DELETE_PREFIX, (escaped + "%",))
            else:
                conn.execute(DELETE_KEY, (check_key(key),))
        cached = self.local_path(key.rstrip("/"))
        if key.endswith("/"):
            shutil.rmtree(cached, ignore_errors=True)
        else:
            cached.unlink(missing_ok=True)

    def _put(self, key: str, source: IO[bytes], max_bytes: int) -> StoredFile:
        writer = _BlockingWriter(self, check_key(key), max_bytes)
        try:
            # Read one byte past the cap so an exact-size file still passes.
            while chunk := source.read(min(CHUNK, max_bytes - writer.size + 1)):
                writer.write(chunk)
            return writer.commit()
        except BaseException:
            writer.abort()
            raise

    def _materialize(self, key: str) -> Path:
        target = self.local_path(key)
        content_id, size = self._find(key)
        if target.exists() and target.stat().st_size == size:
            return target
        partial = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
        try:
            with private_file(partial) as out:  # pupils' data: 0600 in 0700 directories
                for seq in range((size + CHUNK - 1) // CHUNK):
                    out.write(self._chunk(content_id, seq))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return target


class _BlockingWriter:
    """Chunks go in as they fill, under a content id no key names yet."""

    def __init__(self, store: PostgresFileStore, key: str, max_bytes: int) -> None:
        self._store = store
        self._key = key
        self._max_bytes = max_bytes
        self._content_id = uuid.uuid4()
        self._buffer = bytearray()
        self._seq = 0
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        if self.size + len(chunk) > self._max_bytes:
            raise PayloadTooLarge(f"{self._key} is larger than {self._max_bytes} bytes")
        self.size += len(chunk)
        self._digest.update(chunk)
        self._buffer += chunk
        while len(self._buffer) >= CHUNK:
            self._flush(bytes(self._buffer[:CHUNK]))
            del self._buffer[:CHUNK]

    def _flush(self, data: bytes) -> None:
        self._store._insert_chunk(self._content_id, self._seq, data)
        self._seq += 1

    def commit(self) -> StoredFile:
        if self._buffer or self._seq == 0:
            self._flush(bytes(self._buffer))
            self._buffer.clear()
        sha256 = self._digest.hexdigest()
        self._store._point(self._key, self._content_id, self.size, sha256)
        return StoredFile(key=self._key, bytes=self.size, sha256=sha256)

    def abort(self) -> None:
        self._buffer.clear()
        self._store._drop(self._content_id)


class PostgresFileWriter:
    """The FileWriter of an upload as it arrives (see protocols/files.py)."""

    def __init__(self, store: PostgresFileStore, key: str, max_bytes: int) -> None:
        self._writer = _BlockingWriter(store, key, max_bytes)

    async def write(self, chunk: bytes) -> None:
        try:
            await asyncio.to_thread(self._writer.write, chunk)
        except PayloadTooLarge:
            await self.abort()
            raise

    async def commit(self) -> StoredFile:
        return await asyncio.to_thread(self._writer.commit)

    async def abort(self) -> None:
        await asyncio.to_thread(self._writer.abort)


class _ChunkStream(io.RawIOBase):
    """A raw reader over a stored file's chunks, fetched one at a time as they are read."""

    def __init__(self, store: PostgresFileStore, content_id: uuid.UUID, size: int) -> None:
        self._store = store
        self._content_id = content_id
        self._chunks = (size + CHUNK - 1) // CHUNK
        self._seq = 0
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target: memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            if self._seq >= self._chunks:
                return 0
            self._buffer = memoryview(self._store._chunk(self._content_id, self._seq))
            self._seq += 1
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n
