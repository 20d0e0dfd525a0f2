"""Privacy benchmark: a retention pass over 100,000 runs whose content has expired, and the
export of a user with 1,000 runs.

    uv run python tests/bench/retention_bench.py [--runs 100000] [--export-runs 1000]

A fresh database (DATABASE_URL's server, else an embedded PostgreSQL).

Retention: `--runs` finished runs (40 days old, ~1 KB of inputs, result and logs each; every
tenth with a 1 KB artifact in the file store) are expired by `Retention.run_once` with the
worker's default batch (500 rows per SKIP LOCKED statement). Beside it, the floor: the same
blanking done by one plain UPDATE over a second identical set (no batches, no artifacts, no
locks skipped), which is what the batching costs against.

Export: a user with `--export-runs` runs (each with inputs, a result and a 64 KB artifact
file of random bytes) is exported by the same code GET /me/export streams; the archive's bytes are counted
and dropped as they come. Peak memory is Python's (tracemalloc) during the export, beside the
archive's size: a peak far below the size shows that nothing holds the whole archive.

The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import make_user  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.queue_support import ensure_demo_tool  # noqa: E402

from skriptoteket.application.privacy.export import export_archive  # noqa: E402
from skriptoteket.application.runs.retention import Retention, RetentionPolicy  # noqa: E402
from skriptoteket.infrastructure.clock import SystemClock  # noqa: E402
from skriptoteket.infrastructure.db.engine import make_engine, make_session_factory  # noqa: E402
from skriptoteket.infrastructure.db.privacy import SqlExportReads  # noqa: E402
from skriptoteket.infrastructure.files.local import LocalFileStore  # noqa: E402
from skriptoteket.infrastructure.queue.postgres import make_pool  # noqa: E402
from skriptoteket.infrastructure.queue.retention import PgRetentionStore  # noqa: E402

PAYLOAD = json.dumps(
    {
        "source": {"files": {"main.py": "def run(ctx): ...\n"}},
        "payload": {"inputs": {"namn": "Anna Andersson " * 20, "klass": "7A"}},
        "input_files": [],
    }
)
RESULT = json.dumps({"outputs": [{"kind": "text", "text": "Elev, Betyg\n" * 30}]})
LOGS = json.dumps({"stdout": "klart\n" * 20, "stderr": ""})


class Counting:
    def __init__(self) -> None:
        self.by_kind: dict[str, int] = {}

    def pass_took(self, seconds: float) -> None:
        pass

    def removed(self, kind: str, count: int) -> None:
        self.by_kind[kind] = self.by_kind.get(kind, 0) + count


def insert_runs(db: str, user_id: uuid.UUID, count: int, *, tag: str, finished: datetime) -> None:
    """`count` finished runs in one statement (the rows retention will blank)."""
    with psycopg.connect(db, autocommit=True) as conn:
        tool = ensure_demo_tool(conn)
        conn.execute(
            "INSERT INTO runs (id, user_id, tool_id, tool_slug, version_number, mode, env, "
            "status, request, result, logs, queued_at, started_at, finished_at, error_code) "
            "SELECT gen_random_uuid(), %s, %s, %s, 1, 'initial', 'production', 'succeeded', "
            "%s::jsonb, %s::jsonb, %s::jsonb, %s, %s, %s, NULL FROM generate_series(1, %s)",
            (user_id, tool, tag, PAYLOAD, RESULT, LOGS, finished, finished, finished, count),
        )


def add_artifacts(db: str, store: LocalFileStore, tag: str, every: int, size: int) -> int:
    """An artifact (with its bytes in the store) for every `every`-th run of `tag`."""
    with psycopg.connect(db, autocommit=True) as conn:
        run_ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM runs WHERE tool_slug = %s ORDER BY id", (tag,)
            ).fetchall()
        ][::every]
        rows = []
        for run_id in run_ids:
            key = f"runs/{run_id}/out/rapport.txt"
            path = store.local_path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(size))  # incompressible, like real documents
            rows.append((uuid.uuid4(), run_id, key, size))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO run_artifacts (id, run_id, path, name, bytes, media_type, sha256, "
                "store_key, expires_at) VALUES (%s, %s, 'rapport.txt', 'rapport.txt', %s, "
                "'text/plain', '', %s, now() + interval '30 days')",
                [(a, r, s, k) for a, r, k, s in rows],
            )
    return len(rows)


def floor_update(db: str, tag: str) -> tuple[float, int]:
    """The same blanking as one plain statement: the floor."""
    with psycopg.connect(db, autocommit=True) as conn:
        started = time.perf_counter()
        cur = conn.execute(
            "UPDATE runs SET request = '{}'::jsonb, result = NULL, logs = NULL, "
            "error_message = NULL, content_expired_at = now(), retention_days = 30 "
            "WHERE tool_slug = %s AND content_expired_at IS NULL",
            (tag,),
        )
        return time.perf_counter() - started, cur.rowcount


async def retention_pass(db: str, store: LocalFileStore) -> tuple[float, dict[str, int]]:
    pool = make_pool(db, 4)
    await pool.open()
    try:
        metrics = Counting()
        retention = Retention(
            PgRetentionStore(pool),
            store,
            SystemClock(),
            metrics,
            RetentionPolicy(batch=500, run_content_days=30),
        )
        started = time.perf_counter()
        removed = await retention.run_once()
        return time.perf_counter() - started, removed
    finally:
        await pool.close()


async def export(db: str, store: LocalFileStore, user_id: uuid.UUID) -> dict[str, Any]:
    engine = make_engine(db.replace("postgresql://", "postgresql+psycopg://", 1))
    sessions = make_session_factory(engine)
    try:
        async with sessions() as session:
            reads = SqlExportReads(session)
            tracemalloc.start()
            started = time.perf_counter()
            size = 0
            async for piece in export_archive(reads, store, user_id, made_at=datetime.now(UTC)):
                size += len(piece)
            seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return {"seconds": seconds, "bytes": size, "peak_bytes": peak}
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--export-runs", type=int, default=1_000)
    args = parser.parse_args()
    with test_database() as db, tempfile.TemporaryDirectory() as tmp:
        store = LocalFileStore(Path(tmp) / "files")
        user = make_user(db)
        old = datetime.now(UTC) - timedelta(days=40)
        insert_runs(db, user.id, args.runs, tag="expired", finished=old)
        artifacts = add_artifacts(db, store, "expired", every=10, size=1024)
        insert_runs(db, user.id, args.runs, tag="floor", finished=old)
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE runs")
        floor_s, floor_rows = floor_update(db, "floor")
        # The floor's runs are expired now: the pass below finds only the batch's own.
        seconds, removed = asyncio.run(retention_pass(db, store))
        print(
            f"retention: {removed['run_content']} runs blanked, {removed['blobs']} files "
            f"deleted in {seconds:.2f} s ({removed['run_content'] / seconds:.0f} rows/s); "
            f"floor (one UPDATE, no files): {floor_rows} rows in {floor_s:.2f} s "
            f"({floor_rows / floor_s:.0f} rows/s)"
        )

        exporter = make_user(db)
        insert_runs(db, exporter.id, args.export_runs, tag="export", finished=datetime.now(UTC))
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("UPDATE runs SET user_id = %s WHERE tool_slug = 'export'", (exporter.id,))
        exported_artifacts = add_artifacts(db, store, "export", every=1, size=64 * 1024)
        figures = asyncio.run(export(db, store, exporter.id))
        print(
            f"export: {args.export_runs} runs, {exported_artifacts} files, "
            f"{figures['bytes'] / 1e6:.1f} MB archive in {figures['seconds']:.2f} s, "
            f"peak Python memory {figures['peak_bytes'] / 1e6:.1f} MB"
        )
        assert removed["run_content"] == args.runs and removed["blobs"] == artifacts
        print(
            json.dumps(
                {
                    "retention_runs": removed["run_content"],
                    "retention_files": removed["blobs"],
                    "retention_s": round(seconds, 3),
                    "retention_rows_per_s": round(removed["run_content"] / seconds),
                    "floor_one_update_rows": floor_rows,
                    "floor_one_update_s": round(floor_s, 3),
                    "floor_rows_per_s": round(floor_rows / floor_s),
                    "export_runs": args.export_runs,
                    "export_files": exported_artifacts,
                    "export_s": round(figures["seconds"], 3),
                    "export_archive_bytes": figures["bytes"],
                    "export_peak_python_bytes": figures["peak_bytes"],
                }
            )
        )


if __name__ == "__main__":
    main()
