"""Statements run as psycopg's SQL (`%(name)s` parameters): hand-written, or SQLAlchemy
statements (text() or Core, module constants) compiled once. In the unit of work's session
(`SqlStatements`) or on the read pool (read_pool.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement

Statement = str | ClauseElement

_DIALECT = PGDialect_psycopg()  # type: ignore[no-untyped-call]
_COMPILED: dict[ClauseElement, str] = {}


def psycopg_sql(statement: Statement) -> str:
    """The SQL psycopg runs; a SQLAlchemy statement is compiled on its first use only."""
    if isinstance(statement, str):
        return statement
    sql = _COMPILED.get(statement)
    if sql is None:
        sql = _COMPILED[statement] = str(statement.compile(dialect=_DIALECT))
    return sql


async def session_rows(
    session: AsyncSession, statement: Statement, params: dict[str, Any]
) -> list[Any]:
    """Run the statement on the session's connection (inside its transaction), without the
    ORM: no result processing, no statement cache key per call."""
    conn = await session.connection()
    result = await conn.exec_driver_sql(psycopg_sql(statement), params)
    return list(result.all()) if result.returns_rows else []


class SqlStatements:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _rows(self, statement: Statement, params: dict[str, Any]) -> list[Any]:
        return await session_rows(self._s, statement, params)

    async def _count(self, statement: str, params: dict[str, Any]) -> int:
        """How many rows the statement changed."""
        conn = await self._s.connection()
        result = await conn.exec_driver_sql(statement, params)
        return int(result.rowcount)
