"""ReadPool.shared: the statements of one task in the block share one checkout (GET /runs/{id}
reads the caller and the run on one connection), each still its own snapshot; the checkout is
given back at the end, at release() and before a transaction; other tasks never share it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import psycopg
import pytest
from psycopg_pool import PoolTimeout
from sqlalchemy import text

from skriptoteket.infrastructure.db.read_pool import ReadPool, libpq_conninfo

PID = text("SELECT pg_backend_pid() AS pid, statement_timestamp() AS at")
FAIL = text("SELECT 1 / 0")


@pytest.fixture
async def one(db: str) -> AsyncIterator[ReadPool]:
    """A pool of one connection: a checkout not given back would make the next one wait."""
    pool = ReadPool(libpq_conninfo(db), 1)
    pool._pool.timeout = 2  # a leak fails the test instead of hanging it
    yield pool
    await pool.close()


async def pid(pool: ReadPool) -> int:
    return int((await pool.execute(PID, {})).first().pid)


async def test_statements_in_the_block_share_one_connection_each_its_own_snapshot(
    one: ReadPool,
) -> None:
    async with one.shared():
        a = (await one.execute(PID, {})).first()
        with pytest.raises(PoolTimeout):  # held between the statements
            await one._pool.getconn(timeout=0.3)
        b = (await one.execute(PID, {})).first()
    assert a.pid == b.pid
    assert a.at < b.at  # two statements, two snapshots (autocommit)


async def test_the_checkout_is_given_back_at_the_end_even_after_an_error(one: ReadPool) -> None:
    async with one.shared():
        await pid(one)
    await pid(one)  # (one connection: it was given back)
    with pytest.raises(psycopg.errors.DivisionByZero):
        async with one.shared():
            await pid(one)
            await one.execute(FAIL, {})
    async with one.shared():
        await pid(one)


async def test_release_gives_it_back_and_a_transaction_gives_it_back_first(
    one: ReadPool,
) -> None:
    async with one.shared():
        await pid(one)
        await one.release()
        async with one._pool.connection():  # free for someone else now
            pass
        await pid(one)  # the rest of the block: a checkout per statement
    async with one.shared():
        await pid(one)
        async with one.transaction() as conn:  # would wait for the held connection
            await conn.execute("SELECT 1")


async def test_a_task_started_in_the_block_takes_its_own_checkout(db: str) -> None:
    pool = ReadPool(libpq_conninfo(db), 2)
    try:
        async with pool.shared():
            mine = await pid(pool)
            theirs = await asyncio.create_task(pid(pool))
            assert await pid(pool) == mine != theirs
    finally:
        await pool.close()
