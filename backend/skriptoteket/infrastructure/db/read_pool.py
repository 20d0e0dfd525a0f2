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
        (`psycopg.Rollback` quietly). As the unit of work: a broken constraint is a Conflict."""
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
        try:
            async with self._pool.connection() as conn:
                cursor = await conn.execute(sql, params)
                if not fetch:
                    return []
                rows = await cursor.fetchall()
        except OperationalError as exc:  # the pool drops the broken connection
            raise Unavailable("The database connection was lost; try again.") from exc
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
