"""Retention's statements on PostgreSQL (the worker's autocommit pool: each is atomic).

Every delete picks a bounded batch with FOR UPDATE SKIP LOCKED: concurrent workers take
different rows, and a row being changed right now (a session an action just touched) is left
for the next pass; the expiry is re-checked on the row's newest version before it is locked.
Nothing a queued or running run still needs is deleted: sessions and session files with such a
run are skipped.

A blob may be shared (a promoted artifact and its session file keep one stored copy), so a
delete returns only the keys of deleted rows that no remaining row of either table refers to.
(Within one statement the other tables are seen as before it, so the rows it deletes are
excluded by id.) Those keys are also written to `file_deletions` by the same statement: the
pass removes that row once the bytes are gone, and a later pass finishes what a dead process
left (personal data must not outlive its row because a worker was killed).

A run's content (its request with the inputs, result, logs, error message and artifacts)
expires after the retention that applies to it: the smaller of the platform's
`retention_run_content_days` and the `retention_days` of the tool version's manifest. With 0
days it expires once the owner has received the finished run (`delivered_at`), or a day after
it ended if nobody ever fetched it; runs of erased users expire at once. What remains of the
run is its metadata (tool, version, user, status, error code, timings) and the sizes of what
went. A tool session goes when every run of it has lost its content: its state and inputs are
the same personal data.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg_pool import AsyncConnectionPool

from skriptoteket.infrastructure.db.psycopg_direct import Conn, pooled_rows
from skriptoteket.protocols.retention import Deleted

OTHER = {"session_files": "run_artifacts", "run_artifacts": "session_files"}


def _free_and_count(gone: str, table: str, counted: str) -> str:
    """The end of a delete statement: the keys of the `gone` rows (of `table`) that no
    remaining row of either table refers to, recorded in file_deletions, and the answer
    (rows of `counted`, those keys)."""
    return f"""freed AS (
    SELECT DISTINCT g.store_key FROM {gone} g
    WHERE NOT EXISTS (
              SELECT 1 FROM {table} x
              WHERE x.store_key = g.store_key AND x.id NOT IN (SELECT id FROM {gone}))
      AND NOT EXISTS (SELECT 1 FROM {OTHER[table]} y WHERE y.store_key = g.store_key)
),
queued AS (
    INSERT INTO file_deletions (store_key) SELECT store_key FROM freed
    ON CONFLICT (store_key) DO NOTHING
)
SELECT (SELECT count(*) FROM {counted}), ARRAY(SELECT store_key FROM freed)
"""  # noqa: S608 (names are the constants above, never input)


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
),
""" + _free_and_count("gone", "session_files", "gone")  # noqa: S608 (constant names)

# A session's files go with it (explicitly, to learn their keys; the foreign key would
# cascade). Runs keep their history: their session_id becomes NULL. A session whose runs have
# all lost their content goes too, expired or not.
DELETE_EXPIRED_SESSIONS = """
WITH doomed AS MATERIALIZED (
    SELECT s.id FROM sessions s
    WHERE (s.expires_at < %(now)s
           OR (EXISTS (SELECT 1 FROM runs r WHERE r.session_id = s.id)
               AND NOT EXISTS (
                   SELECT 1 FROM runs r
                   WHERE r.session_id = s.id AND r.content_expired_at IS NULL)))
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
),
""" + _free_and_count("gone_files", "session_files", "gone")  # noqa: S608 (constant names)

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
),
""" + _free_and_count("gone", "run_artifacts", "gone")  # noqa: S608 (constant names)

# A batch of runs whose content has expired (see the module docstring). The content is
# blanked in place; the artifacts go, with their blobs when no session file shares them.
EXPIRE_RUN_CONTENT = """
WITH doomed AS MATERIALIZED (
    SELECT r.id, e.days FROM runs r
    JOIN users u ON u.id = r.user_id
    LEFT JOIN tool_versions v ON v.id = r.tool_version_id
    CROSS JOIN LATERAL (
        SELECT LEAST(%(days)s, coalesce((v.manifest ->> 'retention_days')::int, %(days)s))
            AS days) e
    WHERE r.content_expired_at IS NULL AND r.finished_at IS NOT NULL
      AND (u.erased_at IS NOT NULL
           OR (e.days > 0 AND r.finished_at < %(now)s - make_interval(days => e.days))
           OR (e.days = 0 AND (r.delivered_at IS NOT NULL
                               OR r.finished_at < %(now)s - interval '1 day')))
    ORDER BY r.finished_at
    LIMIT %(limit)s
    FOR UPDATE OF r SKIP LOCKED
),
gone AS (
    DELETE FROM run_artifacts a USING doomed d WHERE a.run_id = d.id
    RETURNING a.id, a.run_id, a.store_key, a.bytes
),
expired AS (
    UPDATE runs r
    SET request = '{}'::jsonb, result = NULL, logs = NULL, error_message = NULL,
        content_expired_at = %(now)s, retention_days = d.days,
        sizes = jsonb_build_object(
            'request_bytes', octet_length(r.request::text),
            'result_bytes', coalesce(octet_length(r.result::text), 0),
            'logs_bytes', coalesce(octet_length(r.logs::text), 0),
            'artifacts', (SELECT count(*) FROM gone g WHERE g.run_id = r.id),
            'artifact_bytes', (SELECT coalesce(sum(g.bytes), 0) FROM gone g WHERE g.run_id = r.id))
    FROM doomed d WHERE r.id = d.id
    RETURNING r.id
),
cleared AS (
    UPDATE jobs j SET last_error = NULL
    FROM doomed d WHERE j.run_id = d.id AND j.last_error IS NOT NULL
),
""" + _free_and_count("gone", "run_artifacts", "expired")  # noqa: S608 (constant names)

# Stored files whose rows went long enough ago that the pass deleting them has surely ended
# (or died): a later pass deletes their bytes again (deleting is idempotent).
LEFTOVER_FILE_DELETIONS = """
SELECT store_key FROM file_deletions WHERE queued_at < %(before)s
ORDER BY queued_at LIMIT %(limit)s
"""

FORGET_FILE_DELETIONS = """
DELETE FROM file_deletions WHERE store_key = ANY(%(keys)s)
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

    async def _fetch(self, statement: str, params: dict[str, Any]) -> list[Any]:
        return await pooled_rows(self._pool, statement, params)

    async def _delete(self, statement: str, params: dict[str, Any]) -> Deleted:
        rows = await self._fetch(statement, params)
        return Deleted(rows=int(rows[0][0]), blob_keys=list(rows[0][1]))

    async def delete_expired_session_files(self, now: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_EXPIRED_SESSION_FILES, {"now": now, "limit": limit})

    async def delete_expired_sessions(self, now: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_EXPIRED_SESSIONS, {"now": now, "limit": limit})

    async def delete_expired_artifacts(self, now: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_EXPIRED_ARTIFACTS, {"now": now, "limit": limit})

    async def delete_finished_jobs(self, before: datetime, limit: int) -> Deleted:
        return await self._delete(DELETE_FINISHED_JOBS, {"before": before, "limit": limit})

    async def expire_run_content(self, now: datetime, days: int, limit: int) -> Deleted:
        return await self._delete(EXPIRE_RUN_CONTENT, {"now": now, "days": days, "limit": limit})

    async def leftover_file_deletions(self, before: datetime, limit: int) -> list[str]:
        rows = await self._fetch(LEFTOVER_FILE_DELETIONS, {"before": before, "limit": limit})
        return [row[0] for row in rows]

    async def forget_file_deletions(self, keys: list[str]) -> None:
        if keys:
            await self._fetch(FORGET_FILE_DELETIONS, {"keys": keys})
