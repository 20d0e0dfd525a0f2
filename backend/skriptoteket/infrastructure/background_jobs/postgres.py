"""The worker's side of the background jobs on PostgreSQL: the statements of sql.py on the
worker's autocommit pool, and a LISTEN connection for `background_job`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.db.psycopg_direct import Conn, listen, pooled_rows
from skriptoteket.protocols.background_jobs import ClaimedBackgroundJob

from . import sql


class PgBackgroundJobStore:
    def __init__(self, pool: AsyncConnectionPool[Conn]) -> None:
        self._pool = pool

    async def _rows(self, statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return await pooled_rows(self._pool, statement, params)

    async def claim(
        self, owner: str, kinds: Sequence[str], limit: int, lease_s: float
    ) -> list[ClaimedBackgroundJob]:
        rows = await self._rows(
            sql.CLAIM, {"owner": owner, "kinds": list(kinds), "limit": limit, "lease_s": lease_s}
        )
        return [
            ClaimedBackgroundJob(id=r[0], kind=r[1], payload=r[2], attempt=r[3], max_attempts=r[4])
            for r in rows
        ]

    async def complete(self, job: ClaimedBackgroundJob, owner: str) -> bool:
        return bool(await self._rows(sql.COMPLETE, _lease(job, owner)))

    async def retry(
        self, job: ClaimedBackgroundJob, owner: str, error: str, delay_s: float
    ) -> bool:
        params = {**_lease(job, owner), "error": error, "delay_s": delay_s}
        return bool(await self._rows(sql.RETRY, params))

    async def fail(self, job: ClaimedBackgroundJob, owner: str, error: str) -> bool:
        return bool(await self._rows(sql.FAIL, {**_lease(job, owner), "error": error}))

    async def purge(self, before: datetime, batch: int) -> int:
        try:
            async with self._pool.connection() as conn:
                cursor = await conn.execute(sql.PURGE, {"before": before, "batch": batch})
                return cursor.rowcount
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise Unavailable(f"The database is not reachable: {exc}") from exc


def _lease(job: ClaimedBackgroundJob, owner: str) -> dict[str, Any]:
    return {"id": job.id, "owner": owner, "attempt": job.attempt}


class PgJobWakeups:
    """LISTEN background_job on a dedicated connection; reconnects with jittered backoff."""

    def __init__(self, conninfo: str, *, liveness_s: float = 10.0) -> None:
        self._conninfo = conninfo
        self._liveness_s = liveness_s

    async def listen(self, on_enqueued: Callable[[], None]) -> None:
        await listen(
            self._conninfo,
            ("background_job",),
            name="background job listener",
            on_listening=on_enqueued,  # whatever was enqueued while we were away
            on_note=lambda _: on_enqueued(),
            liveness_s=self._liveness_s,
        )
