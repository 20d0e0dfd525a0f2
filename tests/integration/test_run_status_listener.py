"""The API process's run status listener on real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import uuid

import psycopg

from skriptoteket.infrastructure.queue.run_status import PgRunStatusListener
from skriptoteket.protocols.run_events import Signal


async def notify(db: str, run_id: uuid.UUID, status: str, times: int = 1) -> None:
    payload = json.dumps({"run_id": str(run_id), "status": status})
    async with await psycopg.AsyncConnection.connect(db, autocommit=True) as conn:
        for _ in range(times):
            # One transaction each: PostgreSQL folds identical notifications of one transaction.
            await conn.execute("SELECT pg_notify('run_status', %s)", (payload,))


async def test_a_slow_subscriber_never_holds_up_the_others(db: str) -> None:
    listener = PgRunStatusListener(db, queue_size=4)
    run_id, other_run = uuid.uuid4(), uuid.uuid4()
    slow = listener.subscribe(run_id)
    fast = listener.subscribe(run_id)
    elsewhere = listener.subscribe(other_run)
    try:
        await asyncio.wait_for(listener.connected.wait(), 10)
        # The (re)connect itself signals everyone once: consume it where we read.
        assert await fast.wait(1) is Signal.CHANGED
        assert await elsewhere.wait(1) is Signal.CHANGED

        await notify(db, run_id, "running", times=50)  # `slow` never reads
        assert await fast.wait(5) is Signal.CHANGED
        await notify(db, run_id, "succeeded")
        assert await fast.wait(5) is Signal.CHANGED
        # Another run's subscribers hear nothing of it.
        assert await elsewhere.wait(0.2) is Signal.TIMEOUT
        # The slow one has its (bounded) signals waiting, folded into one read.
        assert await slow.wait(0) is Signal.CHANGED
        assert await slow.wait(0.05) is Signal.TIMEOUT
        assert listener.subscriber_count() == 3
        slow.close()
        slow.close()
        assert listener.subscriber_count() == 2
    finally:
        await listener.aclose()
    # Closing the listener ends every stream still open.
    assert await fast.wait(1) is Signal.CLOSED
    assert await elsewhere.wait(1) is Signal.CLOSED


async def test_the_listener_starts_with_the_first_subscription_and_reconnects(db: str) -> None:
    listener = PgRunStatusListener(db)
    assert not listener.connected.is_set()
    run_id = uuid.uuid4()
    subscription = listener.subscribe(run_id)
    try:
        await asyncio.wait_for(listener.connected.wait(), 10)
        assert await subscription.wait(1) is Signal.CHANGED
        async with await psycopg.AsyncConnection.connect(db, autocommit=True) as conn:
            await conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'skriptoteket-run-status' "
                "AND datname = current_database()"
            )
        # After the reconnect every subscriber reads again (changes may have been missed).
        assert await subscription.wait(10) is Signal.CHANGED
        await asyncio.wait_for(listener.connected.wait(), 10)
        await notify(db, run_id, "running")
        assert await subscription.wait(5) is Signal.CHANGED
    finally:
        subscription.close()
        await listener.aclose()
