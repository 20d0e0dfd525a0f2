"""Retention on real PostgreSQL and a real file store, with a controllable clock."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from skriptoteket.application.runs.retention import Retention, RetentionPolicy
from skriptoteket.infrastructure.db.psycopg_direct import Conn
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.queue.postgres import make_pool
from skriptoteket.infrastructure.queue.retention import PgRetentionStore
from tests.builders import make_user
from tests.queue_support import enqueue, ensure_demo_tool, start_worker, wait_until

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
PAST = NOW - timedelta(minutes=1)
FUTURE = NOW + timedelta(hours=1)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.at = now

    def now(self) -> datetime:
        return self.at


class CountingMetrics:
    def __init__(self) -> None:
        self.removed_by_kind: Counter[str] = Counter()
        self.passes: list[float] = []

    def removed(self, kind: str, count: int) -> None:
        self.removed_by_kind[kind] += count

    def pass_took(self, seconds: float) -> None:
        self.passes.append(seconds)


class Data:
    """Rows and blobs to expire: one user, the demo tool, a file store under tmp_path."""

    def __init__(self, db: str, store: LocalFileStore) -> None:
        self.db = db
        self.store = store
        self.user = make_user(db)
        with psycopg.connect(db, autocommit=True) as conn:
            self.tool_id = ensure_demo_tool(conn)

    def blob(self, key: str) -> str:
        path = self.store.local_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        return key

    def session(self, expires_at: datetime) -> uuid.UUID:
        session_id = uuid.uuid4()
        self._execute(
            "INSERT INTO sessions (id, tool_id, user_id, env, expires_at) "
            "VALUES (%s, %s, %s, 'production', %s)",
            (session_id, self.tool_id, self.user.id, expires_at),
        )
        return session_id

    def session_file(self, session_id: uuid.UUID, key: str, expires_at: datetime) -> uuid.UUID:
        file_id = uuid.uuid4()
        self._execute(
            "INSERT INTO session_files (id, session_id, name, bytes, media_type, sha256, "
            "store_key, expires_at) VALUES (%s, %s, %s, 1, 'text/plain', '', %s, %s)",
            (file_id, session_id, f"{file_id}.txt", self.blob(key), expires_at),
        )
        return file_id

    def run(self, session_id: uuid.UUID | None = None) -> uuid.UUID:
        with psycopg.connect(self.db, autocommit=True) as conn:
            run_id = enqueue(conn, self.user.id)
            conn.execute("UPDATE runs SET session_id = %s WHERE id = %s", (session_id, run_id))
        return run_id

    def finish(self, run_id: uuid.UUID, finished_at: datetime) -> None:
        self._execute(
            "UPDATE jobs SET status = 'done', finished_at = %s WHERE run_id = %s",
            (finished_at, run_id),
        )
        self._execute("UPDATE runs SET status = 'succeeded' WHERE id = %s", (run_id,))

    def artifact(self, run_id: uuid.UUID, key: str, expires_at: datetime) -> uuid.UUID:
        artifact_id = uuid.uuid4()
        self._execute(
            "INSERT INTO run_artifacts (id, run_id, path, name, bytes, media_type, sha256, "
            "store_key, expires_at) VALUES (%s, %s, 'out.txt', 'out.txt', 1, 'text/plain', '', "
            "%s, %s)",
            (artifact_id, run_id, self.blob(key), expires_at),
        )
        return artifact_id

    def ids(self, table: str) -> set[Any]:
        with psycopg.connect(self.db) as conn:
            return {r[0] for r in conn.execute(f"SELECT id FROM {table}").fetchall()}

    def _execute(self, statement: str, params: tuple[Any, ...]) -> None:
        with psycopg.connect(self.db, autocommit=True) as conn:
            conn.execute(statement, params)


@pytest.fixture
async def pool(db: str) -> Any:
    pool: AsyncConnectionPool[Conn] = make_pool(db, 4)
    await pool.open()
    yield pool
    await pool.close()


@pytest.fixture
def data(db: str, tmp_path: Path) -> Data:
    return Data(db, LocalFileStore(tmp_path / "files"))


def retention(
    pool: AsyncConnectionPool[Conn],
    data: Data,
    *,
    now: datetime = NOW,
    batch: int = 500,
    metrics: CountingMetrics | None = None,
    content_days: int = 30,
) -> Retention:
    return Retention(
        PgRetentionStore(pool),
        data.store,
        FixedClock(now),
        metrics or CountingMetrics(),
        RetentionPolicy(
            finished_jobs_age=timedelta(days=1), batch=batch, run_content_days=content_days
        ),
    )


def exists(data: Data, key: str) -> bool:
    return data.store.local_path(key).exists()


async def test_expired_session_files_and_artifacts_go_with_their_blobs_the_rest_stays(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    session = data.session(FUTURE)
    old_file = data.session_file(session, "s/old", PAST)
    new_file = data.session_file(session, "s/new", FUTURE)
    run = data.run()
    data.finish(run, NOW)
    old_artifact = data.artifact(run, "a/old", PAST)
    new_artifact = data.artifact(run, "a/new", FUTURE)
    metrics = CountingMetrics()

    removed = await retention(pool, data, metrics=metrics).run_once()

    assert removed == {
        "run_content": 0,
        "session_files": 1,
        "sessions": 0,
        "artifacts": 1,
        "jobs": 0,
        "blobs": 2,
    }
    assert metrics.removed_by_kind == Counter(session_files=1, artifacts=1, blobs=2)
    assert data.ids("session_files") == {new_file}
    assert data.ids("run_artifacts") == {new_artifact}
    assert not exists(data, "s/old") and not exists(data, "a/old")
    assert exists(data, "s/new") and exists(data, "a/new")
    assert old_file not in data.ids("session_files")
    assert old_artifact not in data.ids("run_artifacts")
    # A second pass finds nothing more.
    assert sum((await retention(pool, data).run_once()).values()) == 0


async def test_a_blob_shared_by_a_promoted_file_stays_until_no_row_refers_to_it(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    session = data.session(NOW + timedelta(days=1))
    run = data.run(session)
    data.finish(run, NOW)
    data.artifact(run, "shared/report.pdf", PAST)
    promoted = data.session_file(session, "shared/report.pdf", NOW + timedelta(hours=2))

    await retention(pool, data).run_once()
    assert data.ids("run_artifacts") == set()
    assert data.ids("session_files") == {promoted}
    assert exists(data, "shared/report.pdf")

    later = await retention(pool, data, now=NOW + timedelta(hours=3)).run_once()
    assert later["session_files"] == 1 and later["blobs"] == 1
    assert not exists(data, "shared/report.pdf")


async def test_expired_sessions_go_with_their_files_and_runs_keep_their_history(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    expired = data.session(PAST)
    data.session_file(expired, "x/in.csv", FUTURE)  # a file outliving its session goes too
    finished_run = data.run(expired)
    data.finish(finished_run, NOW)
    busy = data.session(PAST)  # expired, but a run of it is still queued
    data.session_file(busy, "x/busy.csv", PAST)
    queued_run = data.run(busy)
    alive = data.session(FUTURE)

    removed = await retention(pool, data).run_once()

    assert removed["sessions"] == 1
    assert data.ids("sessions") == {busy, alive}
    assert not exists(data, "x/in.csv")
    assert exists(data, "x/busy.csv")  # the queued run still needs its input
    assert data.ids("runs") == {finished_run, queued_run}
    with psycopg.connect(data.db) as conn:
        row = conn.execute("SELECT session_id FROM runs WHERE id = %s", (finished_run,))
        assert row.fetchone() == (None,)


async def test_finished_job_rows_older_than_the_age_go_and_their_runs_stay(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    old = data.run()
    data.finish(old, NOW - timedelta(days=2))
    recent = data.run()
    data.finish(recent, NOW - timedelta(hours=1))
    waiting = data.run()

    removed = await retention(pool, data).run_once()

    assert removed["jobs"] == 1
    with psycopg.connect(data.db) as conn:
        jobs = {r[0] for r in conn.execute("SELECT run_id FROM jobs").fetchall()}
    assert jobs == {recent, waiting}
    assert data.ids("runs") == {old, recent, waiting}


async def test_workers_running_passes_at_the_same_time_remove_everything_exactly_once(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    run = data.run()
    data.finish(run, NOW)
    count = 600
    with psycopg.connect(data.db, autocommit=True) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO run_artifacts (id, run_id, path, name, bytes, media_type, sha256, "
            "store_key, expires_at) VALUES (%s, %s, 'p', 'n', 1, 'text/plain', '', %s, %s)",
            [(uuid.uuid4(), run, data.blob(f"many/{i}"), PAST) for i in range(count)],
        )
    passes = [retention(pool, data, batch=50) for _ in range(4)]
    results = await asyncio.gather(*(p.run_once() for p in passes))
    assert sum(r["artifacts"] for r in results) == count
    assert sum(r["blobs"] for r in results) == count
    assert data.ids("run_artifacts") == set()
    assert not any((data.store.root / "many").iterdir())


def test_the_worker_runs_retention_passes_beside_the_reaper(
    db: str, data: Data, tmp_path: Path
) -> None:
    run = data.run()
    data.finish(run, datetime.now(UTC) - timedelta(hours=2))
    worker = start_worker(
        db,
        tmp_path / "log.jsonl",
        SKRIPTOTEKET_RETENTION_INTERVAL_MS="200",
        SKRIPTOTEKET_RETENTION_FINISHED_JOBS_AGE_S="3600",
    )
    try:
        wait_until(lambda: not data.ids("jobs"), 20, "the worker to delete the old job row")
    finally:
        worker.terminate()
        worker.wait(timeout=15)
    assert data.ids("runs") == {run}
