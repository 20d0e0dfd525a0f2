"""The worker's heartbeat row (worker_heartbeats), on the worker's psycopg pool."""

from __future__ import annotations

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from skriptoteket.domain.errors import Unavailable
from skriptoteket.domain.workers import WorkerIdentity
from skriptoteket.infrastructure.db.psycopg_direct import Conn

BEAT = """
INSERT INTO worker_heartbeats (id, hostname, pid, runner, started_at, last_seen_at)
VALUES (%(id)s, %(hostname)s, %(pid)s, %(runner)s, now(), now())
ON CONFLICT (id) DO UPDATE SET last_seen_at = now(), runner = EXCLUDED.runner
"""

FORGET = "DELETE FROM worker_heartbeats WHERE id = %(id)s"

# Rows of workers that died without a clean stop, kept a day for whoever looks into it.
PRUNE = "DELETE FROM worker_heartbeats WHERE last_seen_at < now() - interval '1 day'"


class PgWorkerPresence:
    def __init__(self, pool: AsyncConnectionPool[Conn], identity: WorkerIdentity) -> None:
        self._pool = pool
        self._identity = identity
        self._beats = 0

    async def beat(self) -> None:
        params = {
            "id": self._identity.id,
            "hostname": self._identity.hostname[:255],
            "pid": self._identity.pid,
            "runner": self._identity.runner,
        }
        try:
            async with self._pool.connection() as conn:
                await conn.execute(BEAT, params)
                if self._beats % 100 == 0:
                    await conn.execute(PRUNE)
        except (psycopg.Error, PoolTimeout) as exc:
            raise Unavailable(f"cannot write the worker's heartbeat: {exc}") from exc
        self._beats += 1

    async def forget(self) -> None:
        try:
            async with self._pool.connection() as conn:
                await conn.execute(FORGET, {"id": self._identity.id})
        except (psycopg.Error, PoolTimeout) as exc:
            raise Unavailable(f"cannot remove the worker's heartbeat: {exc}") from exc
