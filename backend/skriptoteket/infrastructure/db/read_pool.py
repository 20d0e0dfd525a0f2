"""Autocommit psycopg connections for the hot reads: every request's authentication, the
catalog page, a run.

Each of those is one statement that needs no transaction of its own (PostgreSQL runs a single
statement in one snapshot). Through SQLAlchemy's async session the same statement cost a pool
checkout, BEGIN, the statement and COMMIT, each hop through a greenlet: about 0.8 ms of CPU
against 0.08 ms for the statement on a plain autocommit connection, which also keeps its
prepared statements (psycopg prepares a statement from its fifth run on).

A read here sees what is committed; a unit of work's own uncommitted writes are only seen by
reads through its session. Repositories therefore use this pool only for reads that no use
case makes after writing the same rows in its unit: the caller's session or token, a page of
the catalog and its version, a run's view, whether a user maintains a tool. A few writes run
here too, each a statement complete in itself (`write`): touching or ending a sign-in session
(credentials.py) and a batch of tokens' use counts (token_uses.py); and one transaction that
needs nothing of a unit of work (`transaction`): a tool session started with its first run
(session_starts.py).
"""

from __future__ import annotations

import asyncio
from collections import namedtuple
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from psycopg import AsyncConnection, IntegrityError, OperationalError
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.sql import ClauseElement

from skriptoteket.domain.errors import Conflict, Unavailable

from .statements import psycopg_sql


def libpq_conninfo(database_url: str) -> str:
    """DATABASE_URL in libpq's spelling (psycopg connects directly)."""
    for scheme in ("postgresql+psycopg://", "postgres://"):
        if database_url.startswith(scheme):
            return "postgresql://" + database_url[len(scheme) :]
    return database_url


class Rows(list[Any]):
    """The rows of a statement, as much of SQLAlchemy's Result as the repositories use."""

    def all(self) -> list[Any]:
        return self

    def first(self) -> Any | None:
        return self[0] if self else None


class _Shared:
    """One checkout shared by the statements one task runs in `ReadPool.shared()`: taken at
    the first statement, given back at the end of the block (or at `release()`)."""

    __slots__ = ("conn", "done", "task")

    def __init__(self, task: asyncio.Task[Any] | None) -> None:
        self.task = task
        self.conn: AsyncConnection[Any] | None = None
        self.done = False


class ReadPool:
    """Up to `size` autocommit connections, opened on first use in the running loop."""

    def __init__(self, conninfo: str, size: int) -> None:
        self._pool = AsyncConnectionPool[AsyncConnection[Any]](
            conninfo,
            min_size=min(2, size),
            max_size=size,
            open=False,
            kwargs={"autocommit": True},  # rows as tuples; named in _run
        )
        # Each statement's row type, made once: psycopg's named-tuple rows read the column
        # names from every result again (measured: 5 of the ~100 µs of a run's one-row read).
        self._row_types: dict[str, Callable[[tuple[Any, ...]], Any]] = {}
        self._opened = False
        self._opening = asyncio.Lock()
        self._shared: ContextVar[_Shared | None] = ContextVar("read_pool_shared", default=None)

    @asynccontextmanager
    async def shared(self) -> AsyncIterator[None]:
        """The statements this task runs in the block share one checkout of the pool, as the
        floor reads the caller and the run on one connection: a hot read of two statements
        pays for one checkout instead of two. Each statement is still autocommit (its own
        snapshot, as without the block). Only the task that entered the block shares it: a
        task it starts (a background flush) takes its own checkouts."""
        shared = _Shared(asyncio.current_task())
        token = self._shared.set(shared)
        try:
            yield
        finally:
            self._shared.reset(token)
            await self._give_back(shared)

    async def release(self) -> None:
        """Give the shared checkout back now (the rest of the block takes one per statement):
        before the task waits for another pool's connection (a unit of work), so that it
        never holds a connection of one pool while it waits for the other's."""
        shared = self._shared.get()
        if shared is not None and shared.task is asyncio.current_task():
            await self._give_back(shared)

    async def _give_back(self, shared: _Shared) -> None:
        shared.done = True
        conn, shared.conn = shared.conn, None
        if conn is not None:
            await self._pool.putconn(conn)  # a broken connection is replaced

    def _sharing(self) -> _Shared | None:
        shared = self._shared.get()
        if shared is None or shared.done or shared.task is not asyncio.current_task():
            return None
        return shared

    async def execute(self, statement: ClauseElement, params: dict[str, Any]) -> Rows:
        """Run a SQLAlchemy statement (text() or a Core select, compiled once) and fetch it."""
        return Rows(await self._run(statement, params, fetch=True))

    async def write(self, statement: ClauseElement, params: dict[str, Any]) -> None:
        """One statement that writes, committed by itself (autocommit): only for a write that
        belongs to no unit of work (a sign-in session touched or ended, tokens' use counts)."""
        await self._run(statement, params, fetch=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection[Any]]:
        """One transaction in pipeline mode: statements are sent without waiting for their
        answers (fetching a result waits), so BEGIN, a few writes and COMMIT cost one or two
        round trips instead of one each. Leaving the block by an exception rolls it back
        (`psycopg.Rollback` quietly). As the unit of work: a broken constraint is a Conflict.
        A shared checkout of the task is given back first (one connection per task at most)."""
        await self.release()
        if not self._opened:
            await self._open()
        try:
            async with self._pool.connection() as conn, conn.pipeline(), conn.transaction():
                yield conn
        except OperationalError as exc:
            raise Unavailable("The database connection was lost; try again.") from exc
        except IntegrityError as exc:
            raise Conflict() from exc

    async def _run(
        self, statement: ClauseElement, params: dict[str, Any], *, fetch: bool
    ) -> list[Any]:
        sql = psycopg_sql(statement)
        if not self._opened:
            await self._open()
        shared = self._sharing()
        try:
            # getconn/putconn rather than connection(): the same checkout without the
            # connection's own context (its COMMIT or ROLLBACK is nothing in autocommit;
            # putconn rolls back a connection returned in a transaction).
            if shared is None:
                conn = await self._pool.getconn()
            elif shared.conn is None:
                conn = shared.conn = await self._pool.getconn()
            else:
                conn = shared.conn
            try:
                cursor = await conn.execute(sql, params)
                rows = await cursor.fetchall() if fetch else []
            finally:
                if shared is None:  # a shared checkout goes back at the end of its block
                    await self._pool.putconn(conn)
        except OperationalError as exc:  # the pool drops the broken connection
            raise Unavailable("The database connection was lost; try again.") from exc
        if not fetch:
            return []
        named = self._row_types.get(sql)
        if named is None:
            columns = [column.name for column in cursor.description or ()]
            row_type: Any = namedtuple("Row", columns, rename=True)  # type: ignore[misc]
            named = self._row_types[sql] = row_type._make
        return [named(row) for row in rows]

    async def _open(self) -> None:
        async with self._opening:
            if not self._opened:
                await self._pool.open(wait=False)
                self._opened = True

    async def close(self) -> None:
        if self._opened:
            await self._pool.close()
