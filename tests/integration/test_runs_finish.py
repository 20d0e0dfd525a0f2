"""The queue's verdicts (MARK_STARTED_AND_FINISH) apply a succeeded run to its session with
compare-and-swap, record its artifacts and promote files; a failed run, or a run whose session
moved, changes nothing in the session."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from skriptoteket.application.runs.interpret_outcome import interpret_outcome
from skriptoteket.application.runs.stored_request import ToolSessionRef, stored_request
from skriptoteket.domain.runs import ErrorCode, RunStatus, Verdict
from skriptoteket.infrastructure.queue.postgres import PgJobQueue, QueuePolicy, make_pool
from skriptoteket.protocols.files import StoredFile
from skriptoteket.protocols.runner import RunOutcome
from tests.builders import make_user
from tests.queue_support import a_run_request, ensure_demo_tool

ACTION = {"id": "next", "label": "Nästa", "fields": []}


@pytest.fixture
async def queue(db: str) -> AsyncIterator[PgJobQueue]:
    pool = make_pool(db, 4)
    await pool.open(wait=True)
    try:
        yield PgJobQueue(pool, QueuePolicy(lease_s=30))
    finally:
        await pool.close()


def new_session(db: str, user_id: uuid.UUID, state_rev: int) -> uuid.UUID:
    session_id = uuid.uuid4()
    with psycopg.connect(db, autocommit=True) as conn:
        tool_id = ensure_demo_tool(conn)
        conn.execute(
            "INSERT INTO sessions (id, tool_id, user_id, env, state, state_rev, expires_at) "
            "VALUES (%s, %s, %s, 'production', %s, %s, %s)",
            (
                session_id,
                tool_id,
                user_id,
                json.dumps({"was": "here"}),
                state_rev,
                datetime.now(UTC) + timedelta(hours=1),
            ),
        )
        conn.execute(
            "INSERT INTO session_files (id, session_id, field, name, bytes, media_type, sha256, "
            "store_key, expires_at) VALUES (%s, %s, 'lista', 'ut.txt', 1, 'text/plain', '', "
            "'old', %s)",
            (uuid.uuid4(), session_id, datetime.now(UTC) + timedelta(hours=1)),
        )
    return session_id


def enqueue_in(db: str, user_id: uuid.UUID, session_id: uuid.UUID, base_rev: int) -> uuid.UUID:
    from skriptoteket.infrastructure.queue import sql

    run_id = uuid.uuid4()
    request = stored_request(
        payload=a_run_request(),
        files={"main.py": "x"},
        session=ToolSessionRef(id=session_id, base_rev=base_rev),
    )
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            sql.ENQUEUE,
            {
                "run_id": run_id,
                "user_id": user_id,
                "tool_id": ensure_demo_tool(conn),
                "tool_version_id": None,
                "tool_slug": "demo",
                "version_number": None,
                "mode": "action",
                "env": "production",
                "session_id": session_id,
                "request": request.decode(),
                "priority": 0,
                "max_attempts": 2,
                "queued_cap": 2**31 - 1,  # no cap
            },
        )
    return run_id


def session_row(db: str, session_id: uuid.UUID) -> tuple[object, ...]:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT state, state_rev, pending_actions, last_run_id FROM sessions WHERE id = %s",
            (session_id,),
        ).fetchone()
    assert row is not None
    return tuple(row)


def session_files(db: str, session_id: uuid.UUID) -> list[tuple[object, ...]]:
    with psycopg.connect(db) as conn:
        return [
            tuple(r)
            for r in conn.execute(
                "SELECT name, field, store_key, promoted_from_run_id FROM session_files "
                "WHERE session_id = %s ORDER BY name",
                (session_id,),
            )
        ]


def succeeded(promote: bool = True) -> RunOutcome:
    result = {
        "status": "succeeded",
        "outputs": [],
        "actions": [ACTION],
        "state": {"mode": "replace", "value": {"steg": 2}},
        "artifacts": [{"path": "ut.txt", "label": "Ut", "promote": promote}],
    }
    return RunOutcome(
        exit_code=0,
        result_json=json.dumps(result).encode(),
        artifacts={
            "ut.txt": StoredFile(key="runs/x/attempt-1/output/ut.txt", bytes=3, sha256="abc")
        },
    )


async def finish(queue: PgJobQueue, session_id: uuid.UUID, verdict: Verdict) -> bool:
    [job] = await queue.claim("w1", 1)
    return await queue.finish(job, "w1", verdict) is not None


async def test_a_succeeded_run_advances_its_session_and_promotes_its_artifact(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)
    session_id = new_session(db, user.id, state_rev=1)
    run_id = enqueue_in(db, user.id, session_id, base_rev=1)
    verdict = interpret_outcome(
        succeeded(), cancel_requested=False, session=ToolSessionRef(id=session_id, base_rev=1)
    )
    assert await finish(queue, session_id, verdict)
    normalized_action = {"id": "next", "label": "Nästa", "primary": True}  # the only one
    assert session_row(db, session_id) == ({"steg": 2}, 2, [normalized_action], run_id)
    # A promoted artifact replaces the session file of the same name.
    assert session_files(db, session_id) == [
        ("ut.txt", None, "runs/x/attempt-1/output/ut.txt", run_id)
    ]
    with psycopg.connect(db) as conn:
        artifacts = conn.execute(
            "SELECT name, label, media_type, promote FROM run_artifacts WHERE run_id = %s",
            (run_id,),
        ).fetchall()
    assert [tuple(a) for a in artifacts] == [("ut.txt", "Ut", "text/plain", True)]


async def test_a_run_whose_session_moved_on_changes_nothing_in_it(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)
    session_id = new_session(db, user.id, state_rev=3)
    enqueue_in(db, user.id, session_id, base_rev=2)
    before = session_row(db, session_id)
    verdict = interpret_outcome(
        succeeded(), cancel_requested=False, session=ToolSessionRef(id=session_id, base_rev=2)
    )
    assert await finish(queue, session_id, verdict)
    assert session_row(db, session_id) == before
    assert session_files(db, session_id)[0][2] == "old"


@pytest.mark.parametrize(
    "verdict",
    [
        Verdict(RunStatus.FAILED, ErrorCode.USER_ERROR, "Nej."),
        Verdict(RunStatus.TIMED_OUT),
        Verdict(RunStatus.CANCELLED),
    ],
)
async def test_a_run_that_did_not_succeed_changes_nothing_in_its_session(
    db: str, queue: PgJobQueue, verdict: Verdict
) -> None:
    user = make_user(db)
    session_id = new_session(db, user.id, state_rev=1)
    enqueue_in(db, user.id, session_id, base_rev=1)
    before = session_row(db, session_id)
    assert await finish(queue, session_id, verdict)
    assert session_row(db, session_id) == before
    assert session_files(db, session_id)[0][2] == "old"
