"""File store benchmark: upload and download throughput of the PostgreSQL store against the local
store, side by side in one run.

Each store gets the same files (1 MiB, 16 MiB and 64 MiB of random bytes, as uploads and
artifacts are mostly incompressible): written through `writer` in 64 KiB pieces, as the
upload path feeds it, and read back through `open` in 256 KiB reads, as the download path does.
Median of 3 rounds, MB/s (10^6 bytes per second). Needs a PostgreSQL server: DATABASE_URL, or
an embedded one.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        uv run python tests/bench/file_store_bench.py

Prints the figures; the last line is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.database import test_database  # noqa: E402

from skriptoteket.infrastructure.files.local import LocalFileStore  # noqa: E402
from skriptoteket.infrastructure.files.postgres import PostgresFileStore  # noqa: E402
from skriptoteket.protocols.files import FileStore  # noqa: E402

SIZES_MIB = (1, 16, 64)
ROUNDS = 3
PIECE = 64 * 1024
READ = 256 * 1024


async def upload(store: FileStore, key: str, data: bytes) -> float:
    started = time.perf_counter()
    writer = store.writer(key, max_bytes=len(data))
    view = memoryview(data)
    for start in range(0, len(data), PIECE):
        await writer.write(bytes(view[start : start + PIECE]))
    await writer.commit()
    return time.perf_counter() - started


async def download(store: FileStore, key: str) -> tuple[float, int]:
    started = time.perf_counter()
    reader = await store.open(key)
    total = 0
    with reader:
        while piece := await asyncio.to_thread(reader.read, READ):
            total += len(piece)
    return time.perf_counter() - started, total


async def measure(name: str, store: FileStore, figures: dict[str, object]) -> None:
    for mib in SIZES_MIB:
        data = os.urandom(mib * 1024 * 1024)
        ups, downs = [], []
        for round_ in range(ROUNDS):
            key = f"bench/{mib}/{round_}.bin"
            ups.append(await upload(store, key, data))
            seconds, size = await download(store, key)
            assert size == len(data)
            downs.append(seconds)
            await store.delete(key)
        up = round(len(data) / statistics.median(ups) / 1e6, 1)
        down = round(len(data) / statistics.median(downs) / 1e6, 1)
        figures[f"{name}_upload_{mib}mib_mb_s"] = up
        figures[f"{name}_download_{mib}mib_mb_s"] = down
        print(f"{name:9} {mib:4} MiB   upload {up:8.1f} MB/s   download {down:8.1f} MB/s")


async def main() -> None:
    figures: dict[str, object] = {"rounds": ROUNDS}
    with test_database() as url, tempfile.TemporaryDirectory() as tmp:
        postgres = PostgresFileStore(url, Path(tmp) / "cache")
        try:
            await measure("local", LocalFileStore(Path(tmp) / "files"), figures)
            await measure("postgres", postgres, figures)
        finally:
            postgres.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
