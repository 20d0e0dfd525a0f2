"""TokenUses on PostgreSQL: uses counted in memory reach the token's row by a flush, per token,
at shutdown, by the process's own task, and a flush that fails keeps its counts."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy.sql import ClauseElement

from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.db.read_pool import ReadPool, libpq_conninfo
from skriptoteket.infrastructure.db.token_uses import TokenUses
from tests.builders import make_user

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def a_token(db: str) -> uuid.UUID:
    user = make_user(db)
    token_id = uuid.uuid4()
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO access_tokens (id, user_id, name, prefix, secret_hash, created_at, scopes) "
            "VALUES (%s, %s, 'skript', 'skt_abcd', %s, %s, '{}')",
            (token_id, user.id, token_id.bytes, T0),
        )
    return token_id


def stored(db: str, token_id: uuid.UUID) -> tuple[int, datetime | None]:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT request_count, last_used_at FROM access_tokens WHERE id = %s", (token_id,)
        ).fetchone()
    assert row is not None
    return row[0], row[1]


@pytest.fixture
async def pool(db: str) -> AsyncIterator[ReadPool]:
    reads = ReadPool(libpq_conninfo(db), 2)
    yield reads
    await reads.close()


class FailsOnce:
    """The read pool, but its next write fails as a lost connection does."""

    def __init__(self, reads: ReadPool) -> None:
        self._reads = reads
        self.failed = False

    async def write(self, statement: ClauseElement, params: dict[str, Any]) -> None:
        if not self.failed:
            self.failed = True
            raise Unavailable("The database connection was lost; try again.")
        await self._reads.write(statement, params)


async def test_a_flush_adds_each_tokens_uses_and_keeps_the_latest_use(
    db: str, pool: ReadPool
) -> None:
    first, second = a_token(db), a_token(db)
    uses = TokenUses(pool, every=3600)
    for i in range(3):
        uses.record(first, T0 + timedelta(minutes=i))
    uses.record(second, T0 + timedelta(hours=1))
    uses.record(second, T0)  # an older use, recorded late, does not move last_used_at back
    await uses.flush()
    assert stored(db, first) == (3, T0 + timedelta(minutes=2))
    assert stored(db, second) == (2, T0 + timedelta(hours=1))

    uses.record(first, T0 + timedelta(days=1))
    await uses.flush()
    await uses.flush()  # nothing pending: nothing written twice
    assert stored(db, first) == (4, T0 + timedelta(days=1))
    assert stored(db, second) == (2, T0 + timedelta(hours=1))
    await uses.close()


async def test_closing_writes_what_is_pending(db: str, pool: ReadPool) -> None:
    token = a_token(db)
    uses = TokenUses(pool, every=3600)  # its task would not flush before the close
    for _ in range(5):
        uses.record(token, T0)
    assert stored(db, token) == (0, None)
    await uses.close()
    assert stored(db, token) == (5, T0)


async def test_a_failed_flush_keeps_its_counts_for_the_next(db: str, pool: ReadPool) -> None:
    token = a_token(db)
    flaky = FailsOnce(pool)
    uses = TokenUses(flaky, every=3600)  # type: ignore[arg-type]
    uses.record(token, T0)
    uses.record(token, T0 + timedelta(seconds=1))
    with pytest.raises(Unavailable):
        await uses.flush()
    assert flaky.failed and stored(db, token) == (0, None)
    uses.record(token, T0 + timedelta(seconds=2))  # counted while the first flush failed
    await uses.flush()
    assert stored(db, token) == (3, T0 + timedelta(seconds=2))
    await uses.close()


async def test_the_process_task_writes_uses_without_being_asked(db: str, pool: ReadPool) -> None:
    token = a_token(db)
    uses = TokenUses(pool, every=0.05)
    uses.record(token, T0)
    for _ in range(200):  # written within a few intervals; bounded so a fault fails the test
        if stored(db, token) == (1, T0):
            break
        await asyncio.sleep(0.05)
    assert stored(db, token) == (1, T0)
    await uses.close()
    assert stored(db, token) == (1, T0)  # the close writes nothing twice
