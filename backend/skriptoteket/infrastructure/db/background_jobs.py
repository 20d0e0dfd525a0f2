"""Enqueueing background jobs inside the unit of work (the statement is in
infrastructure/background_jobs/sql.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.infrastructure.background_jobs import sql


class SqlBackgroundJobs:
    def __init__(self, session: AsyncSession, *, max_attempts: int) -> None:
        self._s = session
        self._max_attempts = max_attempts

    async def enqueue(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        run_after: datetime | None = None,
        max_attempts: int | None = None,
    ) -> int:
        conn = await self._s.connection()
        result = await conn.exec_driver_sql(
            sql.ENQUEUE,
            {
                "kind": kind,
                "payload": json.dumps(payload, ensure_ascii=False, default=str),
                "max_attempts": max_attempts or self._max_attempts,
                "run_after": run_after,
            },
        )
        return int(result.one()[0])
