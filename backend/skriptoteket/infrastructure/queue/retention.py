"""Retention's statements on PostgreSQL (the worker's autocommit pool: each is atomic).

Every delete picks a bounded batch with FOR UPDATE SKIP LOCKED: concurrent workers take
different rows, and a row being changed right now (a session an action just touched) is left
for the next pass; the expiry is re-checked on the row's newest version before it is locked.
Nothing a queued or running run still needs is deleted: sessions and session files with such a
run are skipped.

A blob may be shared (a promoted artifact and its session file keep one stored copy), so a
delete returns only the keys of deleted rows that no remaining row of either table refers to.
(Within one statement the other tables are seen as before it, so the rows it deletes are
excluded by id.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.retention import Deleted

from .postgres import Conn

DELETE_EXPIRED_SESSION_FILES = """
WITH doomed AS MATERIALIZED (
    SELECT f.id FROM session_files f
    WHERE f.expires_at < %(now)s
      AND NOT EXISTS (
          SELECT 1 FROM runs r
          WHERE r.session_id = f.session_id AND r.status IN ('queued', 'running'))
    ORDER BY f.expires_at
    LIMIT %(limit)s
    FOR UPDATE OF f SKIP LOCKED
),
gone AS (
    DELETE FROM session_files f USING doomed d WHERE f.id = d.id
    RETURNING f.id, f.store_key
)
SELECT (SELECT count(*) FROM gone),
       ARRAY(
           SELECT DISTINCT g.store_key FROM gone g
           WHERE NOT EXISTS (
                     SELECT 1 FROM session_files f
                     WHERE f.store_key = g.store_key AND f.id NOT IN (SELECT id FROM gone))
             AND NOT EXISTS (SELECT 1 FROM run_artifacts a WHERE a.store_key = g.store_key))
"""

# A session's files go with it (explicitly, to learn their keys; the foreign key would
# cascade). Runs keep their history: their session_id becomes NULL.
DELETE_EXPIRED_SESSIONS = """
WITH doomed AS MATERIALIZED (
    SELECT s.id FROM sessions s
    WHERE s.expires_at < %(now)s
      AND NOT EXISTS (
          SELECT 1 FROM runs r
          WHERE r.session_id = s.id AND r.status IN ('queued', 'running'))
    ORDER BY s.expires_at
    LIMIT %(limit)s
    FOR UPDATE OF s SKIP LOCKED
),
gone_files AS (
    DELETE FROM session_files f USING doomed d WHERE f.session_id = d.id
    RETURNING f.id, f.store_key
),
gone AS (
    DELETE FROM sessions s USING doomed d WHERE s.id = d.id
    RETURNING s.id
)
SELECT (SELECT count(*) FROM gone),
       ARRAY(
           SELECT DISTINCT g.store_key FROM gone_files g
           WHERE NOT EXISTS (
                     SELECT 1 FROM session_files f
                     WHERE f.store_key = g.store_key
                       AND f.id NOT IN (SELECT id FROM gone_files))
             AND NOT EXISTS (SELECT 1 FROM run_artifacts a WHERE a.store_key = g.store_key))
"""

DELETE_EXPIRED_ARTIFACTS = """
WITH doomed AS MATERIALIZED (
    SELECT a.id FROM run_artifacts a
    WHERE a.expires_at < %(now)s
    ORDER BY a.expires_at
    LIMIT %(limit)s
    FOR UPDATE OF a SKIP LOCKED
),
gone AS (
    DELETE FROM run_artifacts a USING doomed d WHERE a.id = d.id
    RETURNING a.id, a.store_key
)
SELECT (SELECT count(*) FROM gone),
       ARRAY(
           SELECT DISTINCT g.store_key FROM gone g
           WHERE NOT EXISTS (
                     SELECT 1 FROM run_artifacts a
                     WHERE a.store_key = g.store_key AND a.id NOT IN (SELECT id FROM gone))
             AND NOT EXISTS (SELECT 1 FROM session_files f WHERE f.store_key = g.store_key))
"""

# The queue's bookkeeping of long-finished jobs; the run rows (the user's history) stay.
DELETE_FINISHED_JOBS = """
WITH doomed AS MATERIALIZED (
    SELECT id FROM jobs
    WHERE status = 'done' AND finished_at < %(before)s
    ORDER BY finished_at
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
),
gone AS (
    DELETE FROM jobs j USING doomed d WHERE j.id = d.id RETURNING j.id
)
SELECT (SELECT count(*) FROM gone), ARRAY[]::text[]
"""


class PgRetentionStore:
    def __init__(self, pool: AsyncConnectionPool[Conn]) -> None:
        self._pool = pool

    async def _delete(self, statement: str, params: dict[str, Any]) -> Deleted:
        try:
            async with self._pool.connection() as conn:
                cursor = await conn.execute(cast(Any, statement), params)
                row = await cursor.fetchone()
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise Unavailable(f"The database is not reachable: {exc}") from exc
        assert row is not None
        return Deleted(rows=int(row[0]), blob_keys=list(row[1]))

    async def delete_expired_session_files(self, now: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_EXPIRED_SESSION_FILES, {"now": now, "limit": limit})

    async def delete_expired_sessions(self, now: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_EXPIRED_SESSIONS, {"now": now, "limit": limit})

    async def delete_expired_artifacts(self, now: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_EXPIRED_ARTIFACTS, {"now": now, "limit": limit})

    async def delete_finished_jobs(self, before: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_FINISHED_JOBS, {"before": before, "limit": limit})
