"""Run content retention on real PostgreSQL and a real file store: what expires when, what is
left of a run, tool sessions going with their runs' content, and file deletions a dead pass
left behind."""

from __future__ import annotations

import io
import json
import stat
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from skriptoteket.application.runs.retention import Retention, RetentionPolicy
from skriptoteket.domain.errors import NotFound
from skriptoteket.infrastructure.db.psycopg_direct import Conn
from skriptoteket.infrastructure.files.postgres import PostgresFileStore
from skriptoteket.infrastructure.queue.retention import PgRetentionStore
from tests.integration import test_retention as retention_tests
from tests.integration.test_retention import (
    NOW,
    CountingMetrics,
    Data,
    FixedClock,
    exists,
    retention,
)
from tests.privacy_support import database_text

CANARY = "KANARIEFAGEL-retention-7f3a"


# The same fixtures as test_retention.py's (its builders, a pool on the test database).
pool = retention_tests.pool
data = retention_tests.data


def held(data: Data, run_id: uuid.UUID) -> dict[str, Any]:
    with psycopg.connect(data.db) as conn:
        row = conn.execute(
            "SELECT request::text, result::text, logs::text, error_message, error_code, "
            "status, content_expired_at, retention_days, sizes, finished_at "
            "FROM runs WHERE id = %s",
            (run_id,),
        ).fetchone()
    assert row is not None
    keys = ("request", "result", "logs", "error_message", "error_code", "status",
            "content_expired_at", "retention_days", "sizes", "finished_at")  # fmt: skip
    return dict(zip(keys, row, strict=True))


def finished_run(data: Data, ended_ago: timedelta, *, delivered: bool = False) -> uuid.UUID:
    run_id = data.run()
    data.finish(run_id, NOW - ended_ago)
    with psycopg.connect(data.db, autocommit=True) as conn:
        conn.execute(
            "UPDATE runs SET status = 'failed', error_code = 'user_error', "
            "error_message = %s, result = %s, logs = %s, finished_at = %s, "
            "request = jsonb_set(request, '{payload}', %s), "
            "delivered_at = CASE WHEN %s THEN %s END WHERE id = %s",
            (
                f"Eleven {CANARY} saknas",
                json.dumps({"outputs": [{"kind": "text", "text": CANARY}]}),
                json.dumps({"stdout": CANARY, "stderr": ""}),
                NOW - ended_ago,
                json.dumps({"inputs": {"namn": CANARY}}),
                delivered,
                NOW - ended_ago,
                run_id,
            ),
        )
        conn.execute("UPDATE jobs SET last_error = %s WHERE run_id = %s", (CANARY, run_id))
    return run_id


def set_manifest_retention(data: Data, run_id: uuid.UUID, days: int) -> None:
    """Give the run a tool version whose manifest asks for `days`."""
    version_id = uuid.uuid4()
    with psycopg.connect(data.db, autocommit=True) as conn:
        number = conn.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM tool_versions WHERE tool_id = %s",
            (data.tool_id,),
        ).fetchone()
        assert number is not None
        conn.execute(
            "INSERT INTO tool_versions (id, tool_id, number, state, manifest, files, "
            "content_hash, author_id, created_at) "
            "VALUES (%s, %s, %s, 'archived', %s, '{}', '', %s, now())",
            (version_id, data.tool_id, number[0], json.dumps({"retention_days": days}),
             data.user.id),
        )  # fmt: skip
        conn.execute("UPDATE runs SET tool_version_id = %s WHERE id = %s", (version_id, run_id))


async def test_content_older_than_the_retention_goes_and_the_metadata_stays(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    old = finished_run(data, timedelta(days=31))
    young = finished_run(data, timedelta(days=29))
    artifact = data.artifact(old, "a/old-report", NOW + timedelta(days=5))
    metrics = CountingMetrics()

    removed = await retention(pool, data, metrics=metrics).run_once()

    assert removed["run_content"] == 1 and removed["blobs"] == 1
    assert metrics.removed_by_kind["run_content"] == 1
    assert len(metrics.passes) == 1 and metrics.passes[0] > 0
    gone = held(data, old)
    assert gone["request"] == "{}" and gone["result"] is None and gone["logs"] is None
    assert gone["error_message"] is None
    assert gone["error_code"] == "user_error" and gone["status"] == "failed"
    assert gone["content_expired_at"] == NOW and gone["retention_days"] == 30
    assert gone["sizes"]["artifacts"] == 1 and gone["sizes"]["result_bytes"] > 0
    assert artifact not in data.ids("run_artifacts") and not exists(data, "a/old-report")
    with psycopg.connect(data.db) as conn:
        dump = conn.execute("SELECT r::text FROM runs r WHERE id = %s", (old,)).fetchone()
        pending = conn.execute("SELECT count(*) FROM file_deletions").fetchone()
    assert dump is not None and CANARY not in dump[0]
    assert pending == (0,)  # the bytes are gone, so is the to-do
    assert CANARY in str(held(data, young)["request"])


async def test_a_manifest_may_shorten_the_retention_but_never_lengthen_it(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    short = finished_run(data, timedelta(days=3))
    set_manifest_retention(data, short, 2)
    long = finished_run(data, timedelta(days=31))
    set_manifest_retention(data, long, 365)
    kept = finished_run(data, timedelta(days=1))
    set_manifest_retention(data, kept, 2)

    await retention(pool, data).run_once()

    assert held(data, short)["retention_days"] == 2
    assert held(data, long)["retention_days"] == 30
    assert held(data, kept)["content_expired_at"] is None


async def test_with_zero_days_content_goes_once_delivered_or_after_a_day_unfetched(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    delivered = finished_run(data, timedelta(seconds=5), delivered=True)
    waiting = finished_run(data, timedelta(hours=1))
    forgotten = finished_run(data, timedelta(days=2))

    removed = await retention(pool, data, content_days=0).run_once()

    assert removed["run_content"] == 2
    assert held(data, delivered)["retention_days"] == 0
    assert held(data, forgotten)["content_expired_at"] is not None
    assert held(data, waiting)["content_expired_at"] is None
    with psycopg.connect(data.db) as conn:
        errors = conn.execute("SELECT last_error FROM jobs WHERE run_id = %s", (delivered,))
        assert errors.fetchone() == (None,)  # the job's copy of the error message went too


async def test_a_tool_session_goes_with_the_content_of_its_runs(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    session = data.session(NOW + timedelta(hours=20))  # not expired by itself
    data.session_file(session, f"sessions/{session}/in", NOW + timedelta(hours=20))
    run = finished_run(data, timedelta(minutes=1), delivered=True)
    with psycopg.connect(data.db, autocommit=True) as conn:
        conn.execute("UPDATE runs SET session_id = %s WHERE id = %s", (session, run))
        conn.execute(
            "UPDATE sessions SET state = %s WHERE id = %s", (json.dumps([CANARY]), session)
        )
    other = data.session(NOW + timedelta(hours=20))
    running = data.run(other)

    metrics = CountingMetrics()
    removed = await retention(pool, data, content_days=0, metrics=metrics).run_once()

    assert removed["run_content"] == 1 and removed["sessions"] == 1
    assert data.ids("sessions") == {other}
    assert not exists(data, f"sessions/{session}/in")
    assert held(data, running)["content_expired_at"] is None
    assert metrics.removed_by_kind == Counter(run_content=1, sessions=1, blobs=1)


async def test_file_deletions_a_dead_pass_left_are_finished_by_the_next(
    pool: AsyncConnectionPool[Conn], data: Data
) -> None:
    key = data.blob("orphan/left-behind")
    with psycopg.connect(data.db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO file_deletions (store_key, queued_at) VALUES (%s, %s)",
            (key, NOW - timedelta(hours=1)),
        )

    removed = await retention(pool, data).run_once()

    assert removed["blobs"] == 1 and not exists(data, key)
    with psycopg.connect(data.db) as conn:
        assert conn.execute("SELECT count(*) FROM file_deletions").fetchone() == (0,)


def test_the_audit_log_may_only_be_anonymised(db: str, data: Data) -> None:
    event = uuid.uuid4()
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO audit_events (id, at, action, actor_id, ip, user_agent, details) "
            "VALUES (%s, now(), 'login.succeeded', %s, '10.0.0.1', 'Firefox', %s)",
            (event, data.user.id, json.dumps({"email": "a@b.se", "role": "user"})),
        )
        refused = [
            "UPDATE audit_events SET action = 'x', ip = NULL, user_agent = NULL",
            'UPDATE audit_events SET details = details || \'{"role": "admin"}\', ip = NULL, '
            "user_agent = NULL",
            "UPDATE audit_events SET ip = '10.0.0.2', user_agent = NULL",
            "DELETE FROM audit_events",
        ]
        for statement in refused:
            try:
                conn.execute(statement + " WHERE id = %s", (event,))
            except psycopg.errors.RaiseException as exc:
                assert "append-only" in str(exc)
            else:
                raise AssertionError(f"the audit log allowed: {statement}")
        conn.execute(
            "UPDATE audit_events SET ip = NULL, user_agent = NULL, details = details - 'email' "
            "WHERE id = %s",
            (event,),
        )
        row = conn.execute(
            "SELECT action, actor_id, ip, user_agent, details FROM audit_events WHERE id = %s",
            (event,),
        ).fetchone()
    assert row == ("login.succeeded", data.user.id, None, None, {"role": "user"})


async def test_with_the_postgresql_file_store_expired_files_leave_no_bytes_behind(
    pool: AsyncConnectionPool[Conn], data: Data, tmp_path: Path
) -> None:
    store = PostgresFileStore(data.db, tmp_path / "cache")
    try:
        key = "runs/pg/out/rapport.txt"
        await store.put(key, io.BytesIO(f"Betyg för {CANARY}".encode()), max_bytes=1000)
        cached = await store.materialize(key)  # a runner staged it on this host
        assert stat.S_IMODE(cached.stat().st_mode) == 0o600
        old = finished_run(data, timedelta(days=31))
        with psycopg.connect(data.db, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO run_artifacts (id, run_id, path, name, bytes, media_type, sha256, "
                "store_key, expires_at) VALUES (%s, %s, 'r.txt', 'r.txt', 1, 'text/plain', '', "
                "%s, %s)",
                (uuid.uuid4(), old, key, NOW + timedelta(days=5)),
            )
        checker = Retention(
            PgRetentionStore(pool),
            store,
            FixedClock(NOW),
            CountingMetrics(),
            RetentionPolicy(run_content_days=30),
        )

        removed = await checker.run_once()

        assert removed["run_content"] == 1 and removed["blobs"] == 1
        with pytest.raises(NotFound):
            await store.open(key)
        assert not cached.exists()
        everything = database_text(data.db)
        assert CANARY not in everything and CANARY.encode().hex() not in everything
    finally:
        store.close()
