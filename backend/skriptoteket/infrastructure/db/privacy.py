"""Erasure and export on PostgreSQL: plain statements on the Unit of Work's connection.

An erasure is one transaction: every delete, the anonymising of the user row and of the audit
events, and the list of stored files to delete (`file_deletions`) commit together or not at
all. The files themselves are deleted after the commit (a process dying in between leaves the
to-do for the next retention pass)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.domain.privacy import ERASED_NAME, Erased, ErasureRequest, ErasureSubject
from skriptoteket.domain.users import Role
from skriptoteket.infrastructure.db.statements import SqlStatements
from skriptoteket.infrastructure.db.token_uses import TokenUses
from skriptoteket.infrastructure.queue import sql as queue_sql

SUBJECT = """
SELECT u.id, u.email, u.display_name, u.role, u.erased_at,
       (SELECT count(*) FROM users o
        WHERE o.role = 'superuser' AND o.is_active AND o.erased_at IS NULL AND o.id <> u.id)
FROM users u WHERE u.id = %(user_id)s
FOR UPDATE OF u
"""

# The stored files of the person's tool sessions and runs, to delete after the commit.
RECORD_FILE_DELETIONS = """
WITH files AS (
    SELECT f.store_key FROM session_files f JOIN sessions s ON s.id = f.session_id
    WHERE s.user_id = %(user_id)s
    UNION
    SELECT a.store_key FROM run_artifacts a JOIN runs r ON r.id = a.run_id
    WHERE r.user_id = %(user_id)s
),
recorded AS (
    INSERT INTO file_deletions (store_key) SELECT store_key FROM files
    ON CONFLICT (store_key) DO NOTHING
)
SELECT store_key FROM files
"""

UNFINISHED_RUNS = """
SELECT id FROM runs WHERE user_id = %(user_id)s AND status IN ('queued', 'running')
"""

# Runs still running when the person is erased get their content removed by the next
# retention pass after they end (it expires every run of an erased user).
BLANK_RUNS = """
WITH gone AS (
    DELETE FROM run_artifacts a USING runs r
    WHERE a.run_id = r.id AND r.user_id = %(user_id)s
    RETURNING a.run_id
),
blanked AS (
    UPDATE runs r
    SET request = '{}'::jsonb, result = NULL, logs = NULL, error_message = NULL,
        content_expired_at = %(at)s, retention_days = 0,
        sizes = jsonb_build_object(
            'request_bytes', octet_length(r.request::text),
            'result_bytes', coalesce(octet_length(r.result::text), 0),
            'logs_bytes', coalesce(octet_length(r.logs::text), 0))
    WHERE r.user_id = %(user_id)s AND r.content_expired_at IS NULL
      AND r.finished_at IS NOT NULL
    RETURNING r.id
),
cleared AS (
    UPDATE jobs SET last_error = NULL WHERE user_id = %(user_id)s AND last_error IS NOT NULL
)
SELECT (SELECT count(*) FROM blanked), (SELECT count(*) FROM gone)
"""

DELETES = {
    "tool_sessions": "DELETE FROM sessions WHERE user_id = %(user_id)s",
    "sign_in_sessions": "DELETE FROM auth_sessions WHERE user_id = %(user_id)s",
    "known_devices": "DELETE FROM login_devices WHERE user_id = %(user_id)s",
    "tokens": "DELETE FROM access_tokens WHERE user_id = %(user_id)s",
    "tool_settings": "DELETE FROM tool_settings WHERE user_id = %(user_id)s",
    "favorites": "DELETE FROM favorites WHERE user_id = %(user_id)s",
    "erasure_requests": "DELETE FROM erasure_requests WHERE user_id = %(user_id)s",
    "login_attempts": "DELETE FROM login_attempts WHERE email = %(email)s",
}

# Events by or about the person, or naming their e-mail: ids, times, actions and actors stay;
# IPs, user agents and the detail keys that hold names or addresses go (the trigger allows
# exactly this kind of change).
ANONYMISE_AUDIT = """
UPDATE audit_events e
SET ip = NULL, user_agent = NULL,
    details = (
        SELECT coalesce(jsonb_object_agg(d.key, d.value), '{}'::jsonb)
        FROM jsonb_each(e.details) d
        WHERE d.key NOT IN ('email', 'name', 'display_name')
          AND NOT (e.action = 'user.renamed' AND d.key IN ('from', 'to'))
          AND strpos(lower(d.value::text), %(email)s) = 0
          AND strpos(d.value::text, %(name)s) = 0)
WHERE e.actor_id = %(user_id)s
   OR (e.subject_type = 'user' AND e.subject_id = %(user_id)s::text)
   OR strpos(lower(e.details::text), %(email)s) > 0
"""

ANONYMISE_USER = """
UPDATE users
SET email = 'erased-' || id::text || '@erased.invalid', display_name = %(erased_name)s,
    password_hash = '!erased', is_active = false, role = 'user', last_login_at = NULL,
    erased_at = %(at)s
WHERE id = %(user_id)s
"""

REQUEST = """
INSERT INTO erasure_requests (user_id, requested_at) VALUES (%(user_id)s, %(at)s)
ON CONFLICT (user_id) DO UPDATE SET requested_at = erasure_requests.requested_at
RETURNING requested_at
"""

REQUESTS = """
SELECT r.user_id, u.display_name, u.email, r.requested_at
FROM erasure_requests r JOIN users u ON u.id = r.user_id
WHERE u.erased_at IS NULL
ORDER BY r.requested_at
"""


class SqlErasureStore(SqlStatements):
    async def subject(self, user_id: UUID) -> ErasureSubject | None:
        rows = await self._rows(SUBJECT, {"user_id": user_id})
        if not rows:
            return None
        uid, email, name, role, erased_at, others = rows[0]
        return ErasureSubject(
            id=uid,
            email=email,
            display_name=name,
            role=Role(role),
            erased_at=erased_at,
            other_superusers=int(others),
        )

    async def erase(self, subject: ErasureSubject, at: datetime) -> Erased:
        user = {"user_id": subject.id}
        keys = [row[0] for row in await self._rows(RECORD_FILE_DELETIONS, user)]
        for (run_id,) in await self._rows(UNFINISHED_RUNS, user):
            await self._rows(queue_sql.CANCEL, {"run_id": run_id})
        blanked = await self._rows(BLANK_RUNS, {**user, "at": at})
        counts = {"runs_blanked": int(blanked[0][0]), "artifacts": int(blanked[0][1])}
        for what, statement in DELETES.items():
            counts[what] = await self._count(statement, {**user, "email": subject.email})
        counts["audit_events"] = await self._count(
            ANONYMISE_AUDIT,
            {**user, "email": subject.email.lower(), "name": subject.display_name},
        )
        await self._count(ANONYMISE_USER, {**user, "at": at, "erased_name": ERASED_NAME})
        counts["files"] = len(keys)
        return Erased(counts=counts, store_keys=keys)

    async def request(self, user_id: UUID, at: datetime) -> datetime:
        rows = await self._rows(REQUEST, {"user_id": user_id, "at": at})
        return rows[0][0]  # type: ignore[no-any-return]

    async def requests(self) -> list[ErasureRequest]:
        return [
            ErasureRequest(user_id=r[0], display_name=r[1], email=r[2], requested_at=r[3])
            for r in await self._rows(REQUESTS, {})
        ]


class SqlFileDeletions(SqlStatements):
    async def forget(self, keys: list[str]) -> None:
        if keys:
            await self._rows(
                "DELETE FROM file_deletions WHERE store_key = ANY(%(keys)s)", {"keys": keys}
            )


# --- export ---------------------------------------------------------------------------------

EXPORT_TABLES = {
    "tokens": """
        SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at
        FROM access_tokens WHERE user_id = %(user_id)s ORDER BY created_at""",
    "sign_in_sessions": """
        SELECT created_at, last_seen_at, ip, user_agent
        FROM auth_sessions WHERE user_id = %(user_id)s ORDER BY created_at""",
    "known_devices": """
        SELECT created_at FROM login_devices WHERE user_id = %(user_id)s ORDER BY created_at""",
    "tool_settings": """
        SELECT t.slug AS tool, s.values, s.updated_at
        FROM tool_settings s JOIN tools t ON t.id = s.tool_id
        WHERE s.user_id = %(user_id)s ORDER BY t.slug""",
    "favorites": """
        SELECT t.slug AS tool, f.created_at
        FROM favorites f JOIN tools t ON t.id = f.tool_id
        WHERE f.user_id = %(user_id)s ORDER BY f.created_at""",
    "suggestions": """
        SELECT id, title, description, status, decision_reason, decided_at, created_at
        FROM suggestions WHERE proposer_id = %(user_id)s ORDER BY created_at""",
    "erasure_requests": """
        SELECT requested_at FROM erasure_requests WHERE user_id = %(user_id)s""",
    "tool_sessions": """
        SELECT s.id, t.slug AS tool, s.env, s.state, s.state_rev, s.inputs, s.pending_actions,
               s.created_at, s.updated_at, s.expires_at,
               coalesce((SELECT jsonb_agg(jsonb_build_object(
                            'id', f.id, 'field', f.field, 'name', f.name, 'bytes', f.bytes,
                            'media_type', f.media_type, 'store_key', f.store_key)
                          ORDER BY f.created_at, f.name)
                         FROM session_files f WHERE f.session_id = s.id), '[]'::jsonb) AS files
        FROM sessions s JOIN tools t ON t.id = s.tool_id
        WHERE s.user_id = %(user_id)s ORDER BY s.created_at""",
    "audit_events": """
        SELECT id, at, action, actor_id, subject_type, subject_id, ip, user_agent, details
        FROM audit_events
        WHERE actor_id = %(user_id)s
           OR (subject_type = 'user' AND subject_id = %(user_id)s::text)
        ORDER BY at, id""",
}

PROFILE = """
SELECT id, email, display_name, role, is_active, created_at, last_login_at
FROM users WHERE id = %(user_id)s
"""

# Keyset pages over the person's runs, oldest first, each with its artifacts.
RUNS_PAGE = """
SELECT r.id, r.tool_slug AS tool, t.title AS tool_title, r.version_number AS version, r.mode,
       r.env, r.status, r.error_code, r.error_message, r.queued_at, r.started_at,
       r.finished_at, r.delivered_at, r.content_expired_at, r.retention_days, r.request,
       r.result, r.logs,
       coalesce((SELECT jsonb_agg(jsonb_build_object(
                    'id', a.id, 'name', a.name, 'path', a.path, 'bytes', a.bytes,
                    'media_type', a.media_type, 'label', a.label, 'store_key', a.store_key)
                  ORDER BY a.path)
                 FROM run_artifacts a WHERE a.run_id = r.id), '[]'::jsonb) AS artifacts
FROM runs r JOIN tools t ON t.id = r.tool_id
WHERE r.user_id = %(user_id)s AND (r.queued_at, r.id) > (%(after_at)s::timestamptz, %(after_id)s::uuid)
ORDER BY r.queued_at, r.id
LIMIT %(limit)s
"""


class SqlExportReads(SqlStatements):
    """`uses`: this process's pending token uses are written before the tokens are read."""

    def __init__(self, session: AsyncSession, uses: TokenUses | None = None) -> None:
        super().__init__(session)
        self._uses = uses

    async def _records(self, statement: str, user_id: UUID, **extra: Any) -> list[dict[str, Any]]:
        conn = await self._s.connection()
        result = await conn.exec_driver_sql(statement, {"user_id": user_id, **extra})
        return [dict(row._mapping) for row in result.all()]

    async def profile(self, user_id: UUID) -> dict[str, Any] | None:
        found = await self._records(PROFILE, user_id)
        return found[0] if found else None

    async def tables(self, user_id: UUID) -> dict[str, list[dict[str, Any]]]:
        if self._uses is not None:
            await self._uses.flush()
        return {name: await self._records(q, user_id) for name, q in EXPORT_TABLES.items()}

    async def runs(self, user_id: UUID, page: int) -> AsyncIterator[list[dict[str, Any]]]:
        after_at: datetime | str = "-infinity"
        after_id = UUID(int=0)
        while True:
            found = await self._records(
                RUNS_PAGE, user_id, after_at=after_at, after_id=after_id, limit=page
            )
            if not found:
                return
            for run in found:
                for key in ("request", "result", "logs", "artifacts"):
                    if isinstance(run[key], str):  # JSONB arrives decoded; be sure
                        run[key] = json.loads(run[key])
            yield found
            after_at, after_id = found[-1]["queued_at"], found[-1]["id"]
