"""Both file stores keep the FileStore port's promises: streamed in and out (files larger than a
chunk), capped, invisible until committed, replaced, deleted by key and by prefix, and
materialized as a local file for staging."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from skriptoteket.domain.errors import NotFound, PayloadTooLarge
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.files.postgres import CHUNK, PostgresFileStore
from skriptoteket.protocols.files import FileStore


@pytest.fixture(params=["local", "postgres"])
def store(request: pytest.FixtureRequest, db: str, tmp_path: Path) -> Iterator[FileStore]:
    if request.param == "local":
        yield LocalFileStore(tmp_path / "files")
        return
    postgres = PostgresFileStore(db, tmp_path / "cache")
    yield postgres
    postgres.close()


BIG = os.urandom(2 * CHUNK + 12345)


async def test_a_file_over_several_chunks_goes_in_and_out_streamed(store: FileStore) -> None:
    saved = await store.put("runs/r1/output/big.bin", io.BytesIO(BIG), max_bytes=len(BIG))
    assert (saved.bytes, saved.sha256) == (len(BIG), hashlib.sha256(BIG).hexdigest())
    reader = await store.open("runs/r1/output/big.bin")
    with reader:
        pieces = []
        while piece := reader.read(256 * 1024):
            assert len(piece) <= 256 * 1024
            pieces.append(piece)
    assert b"".join(pieces) == BIG
    assert await store.read("runs/r1/output/big.bin") == BIG
    local = await store.materialize("runs/r1/output/big.bin")
    assert local.read_bytes() == BIG


async def test_a_writer_is_invisible_until_commit_and_abort_leaves_nothing(
    store: FileStore,
) -> None:
    writer = store.writer("uploads/u1/klass.csv", max_bytes=10 * CHUNK)
    for start in range(0, len(BIG), 300_000):
        await writer.write(BIG[start : start + 300_000])
    with pytest.raises(NotFound):
        await store.open("uploads/u1/klass.csv")
    saved = await writer.commit()
    assert saved.bytes == len(BIG)
    assert await store.read("uploads/u1/klass.csv") == BIG

    aborted = store.writer("uploads/u2/klass.csv", max_bytes=10 * CHUNK)
    await aborted.write(b"half")
    await aborted.abort()
    with pytest.raises(NotFound):
        await store.open("uploads/u2/klass.csv")


async def test_over_the_cap_nothing_is_kept(store: FileStore, db: str) -> None:
    with pytest.raises(PayloadTooLarge):
        await store.put("a/too-big.bin", io.BytesIO(BIG), max_bytes=CHUNK)
    writer = store.writer("a/too-big-too.bin", max_bytes=CHUNK)
    with pytest.raises(PayloadTooLarge):
        for start in range(0, len(BIG), 400_000):
            await writer.write(BIG[start : start + 400_000])
    for key in ("a/too-big.bin", "a/too-big-too.bin"):
        with pytest.raises(NotFound):
            await store.open(key)
    if isinstance(store, PostgresFileStore):
        with psycopg.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM stored_file_chunks").fetchone() == (0,)


async def test_replacing_and_deleting_by_key_and_prefix(store: FileStore, db: str) -> None:
    await store.put("runs/r2/output/a.txt", io.BytesIO(b"first"), max_bytes=100)
    await store.put("runs/r2/output/a.txt", io.BytesIO(b"second"), max_bytes=100)
    await store.put("runs/r2/output/sub/b.txt", io.BytesIO(b"b"), max_bytes=100)
    await store.put("runs/r2_other/output/c.txt", io.BytesIO(b"c"), max_bytes=100)
    await store.put("runs/r3/x.txt", io.BytesIO(b""), max_bytes=100)
    assert await store.read("runs/r2/output/a.txt") == b"second"
    assert await store.read("runs/r3/x.txt") == b""
    await store.delete("runs/r2/output/")
    for key in ("runs/r2/output/a.txt", "runs/r2/output/sub/b.txt"):
        with pytest.raises(NotFound):
            await store.read(key)
    assert await store.read("runs/r2_other/output/c.txt") == b"c"
    await store.delete("runs/r3/x.txt")
    with pytest.raises(NotFound):
        await store.read("runs/r3/x.txt")
    if isinstance(store, PostgresFileStore):
        with psycopg.connect(db) as conn:
            # Only c.txt's content is left: replaced and deleted contents went with their rows.
            assert conn.execute("SELECT count(*) FROM stored_file_chunks").fetchone() == (1,)
