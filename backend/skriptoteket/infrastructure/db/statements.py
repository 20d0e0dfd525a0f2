"""Repositories that run hand-written SQL (psycopg's `%(name)s` parameters) in the unit of
work's session."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


class SqlStatements:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _rows(self, statement: str, params: dict[str, Any]) -> list[Any]:
        conn = await self._s.connection()
        result = await conn.exec_driver_sql(statement, params)
        return list(result.all()) if result.returns_rows else []

    async def _count(self, statement: str, params: dict[str, Any]) -> int:
        """How many rows the statement changed."""
        conn = await self._s.connection()
        result = await conn.exec_driver_sql(statement, params)
        return int(result.rowcount)
