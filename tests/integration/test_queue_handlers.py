"""EnqueueRun, SessionStarts and CancelRun through the composition root, on the real
repository."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
import svcs

from skriptoteket.application.runs.cancel_run import CancelRun
from skriptoteket.application.runs.enqueue_run import EnqueueRun
from skriptoteket.application.runs.stored_request import stored_request
from skriptoteket.bootstrap import build_registry
from skriptoteket.domain.errors import Conflict, NotFound, RateLimited
from skriptoteket.domain.runs import NewRun, NewToolSession, QueuedRun, RunEnv, RunMode
from skriptoteket.domain.users import AuthMethod, Principal, Role, User
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.queue import CancelOutcome
from skriptoteket.protocols.runs import SessionStarts
from tests.builders import TestUser as BuiltUser
from tests.builders import make_user
from tests.queue_support import DEMO_TOOL_ID, a_run_request, ensure_demo_tool, run_states

QUEUED_CAP = 3


@pytest.fixture
async def registry(db: str) -> AsyncIterator[svcs.Registry]:
    with psycopg.connect(db, autocommit=True) as conn:
        ensure_demo_tool(conn)
    registry = build_registry(Settings(database_url=db, queue_user_queued_cap=QUEUED_CAP))
    try:
        yield registry
    finally:
        await registry.aclose()


def new_run(user_id: uuid.UUID) -> NewRun:
    return NewRun(
        id=uuid.uuid4(),
        user_id=user_id,
        tool_id=DEMO_TOOL_ID,
        tool_version_id=None,
        tool_slug="klasslista",
        version_number=3,
        mode=RunMode.INITIAL,
        env=RunEnv.PRODUCTION,
        request=stored_request(payload=a_run_request(), files={"main.py": "..."}),
    )


def principal(user: BuiltUser) -> Principal:
    return Principal(
        user=User(
            id=user.id,
            email=user.email,
            display_name=user.email,
            role=Role(user.role),
            is_active=True,
            created_at=datetime.now(UTC),
        ),
        method=AuthMethod.SESSION,
    )


async def enqueue(registry: svcs.Registry, run: NewRun) -> None:
    async with svcs.Container(registry) as container:
        await (await container.aget(EnqueueRun))(run)


async def start(
    registry: svcs.Registry, user_id: uuid.UUID, tool_id: uuid.UUID = DEMO_TOOL_ID
) -> QueuedRun | None:
    """A tool session started with its first run (POST /tools/{slug}/runs's write)."""
    session_id = uuid.uuid4()
    session = NewToolSession(
        session_id, tool_id, None, user_id, RunEnv.PRODUCTION, {}, datetime.now(UTC) + timedelta(1)
    )
    run = dataclasses.replace(new_run(user_id), session_id=session_id)
    async with svcs.Container(registry) as container:
        starts = await container.aget_abstract(SessionStarts)
        return await starts.start(session, [], run, max_attempts=2, queued_cap=QUEUED_CAP)


async def cancel(registry: svcs.Registry, who: BuiltUser, run_id: uuid.UUID) -> CancelOutcome:
    async with svcs.Container(registry) as container:
        return await (await container.aget(CancelRun))(principal(who), run_id)


async def test_enqueueing_creates_a_queued_run_with_its_job(
    db: str, registry: svcs.Registry
) -> None:
    user = make_user(db)
    run = new_run(user.id)
    await enqueue(registry, run)
    assert run_states(db) == {run.id: ("queued", None)}
    with psycopg.connect(db) as conn:
        job = conn.execute(
            "SELECT status, attempts, max_attempts, priority FROM jobs WHERE run_id = %s",
            (run.id,),
        ).fetchone()
    assert job == ("queued", 0, 2, 0)


async def test_a_user_over_the_queued_cap_is_rate_limited_and_nothing_is_stored(
    db: str, registry: svcs.Registry
) -> None:
    user = make_user(db)
    for _ in range(QUEUED_CAP):
        await enqueue(registry, new_run(user.id))
    with pytest.raises(RateLimited):
        await enqueue(registry, new_run(user.id))
    assert len(run_states(db)) == QUEUED_CAP
    # Another user is not affected.
    await enqueue(registry, new_run(make_user(db).id))


async def test_the_queued_cap_holds_when_one_user_enqueues_many_at_once(
    db: str, registry: svcs.Registry
) -> None:
    user = make_user(db)
    outcomes = await asyncio.gather(
        *(enqueue(registry, new_run(user.id)) for _ in range(8)), return_exceptions=True
    )
    assert sum(o is None for o in outcomes) == QUEUED_CAP
    assert all(isinstance(o, RateLimited) for o in outcomes if o is not None)
    assert len(run_states(db)) == QUEUED_CAP


async def test_the_queued_cap_holds_when_sessions_start_and_runs_enqueue_at_once(
    db: str, registry: svcs.Registry
) -> None:
    user = make_user(db)
    outcomes = await asyncio.gather(
        *(start(registry, user.id) for _ in range(8)),
        *(enqueue(registry, new_run(user.id)) for _ in range(4)),
        return_exceptions=True,
    )
    started = [o for o in outcomes[:8] if o is not None]
    assert all(isinstance(o, QueuedRun) for o in started)
    assert all(isinstance(o, RateLimited) for o in outcomes[8:] if o is not None)
    assert len(run_states(db)) == QUEUED_CAP
    with psycopg.connect(db) as conn:  # a session is kept only with its run
        row = conn.execute(
            "SELECT count(*), count(r.id) FROM sessions s LEFT JOIN runs r ON r.session_id = s.id"
        ).fetchone()
    assert row == (len(started), len(started))


async def test_a_session_of_a_tool_gone_meanwhile_is_a_conflict_and_writes_nothing(
    db: str, registry: svcs.Registry
) -> None:
    user = make_user(db)
    with pytest.raises(Conflict):
        await start(registry, user.id, tool_id=uuid.uuid4())
    assert run_states(db) == {}
    assert await start(registry, user.id) is not None  # the pool's connection is fine again


async def test_the_owner_cancels_a_queued_run(db: str, registry: svcs.Registry) -> None:
    user = make_user(db)
    run = new_run(user.id)
    await enqueue(registry, run)
    outcome = await cancel(registry, user, run.id)
    assert outcome.cancelled_now is True
    assert run_states(db)[run.id] == ("cancelled", None)


async def test_an_admin_may_cancel_anyones_run(db: str, registry: svcs.Registry) -> None:
    user, admin = make_user(db), make_user(db, role="admin")
    run = new_run(user.id)
    await enqueue(registry, run)
    await cancel(registry, admin, run.id)
    assert run_states(db)[run.id] == ("cancelled", None)


async def test_someone_elses_run_does_not_exist_for_cancelling(
    db: str, registry: svcs.Registry
) -> None:
    user, other = make_user(db), make_user(db, role="contributor")
    run = new_run(user.id)
    await enqueue(registry, run)
    with pytest.raises(NotFound):
        await cancel(registry, other, run.id)
    with pytest.raises(NotFound):
        await cancel(registry, user, uuid.uuid4())
    assert run_states(db)[run.id] == ("queued", None)


async def test_cancelling_a_finished_run_changes_nothing(db: str, registry: svcs.Registry) -> None:
    user = make_user(db)
    run = new_run(user.id)
    await enqueue(registry, run)
    await cancel(registry, user, run.id)
    outcome = await cancel(registry, user, run.id)
    assert (outcome.cancelled_now, outcome.kill_requested) == (
        False,
        False,
    )
