"""A tool session started with its first run: one transaction on the read pool's psycopg
connection in pipeline mode, without the unit of work's SQLAlchemy session (nothing before
it in the request wrote, and nothing after it reads what it wrote).

BEGIN, the session's INSERT (and its files'), the user's lock and the enqueue go out together
and are answered in one round trip; COMMIT (or, at the cap, ROLLBACK) is the second. Through
the session they were five, each a hop through a greenlet."""

from __future__ import annotations

from psycopg.rows import tuple_row

from skriptoteket.domain.runs import NewRun, NewToolSession, QueuedRun, ToolSessionFile
from skriptoteket.infrastructure.queue import sql

from .read_pool import ReadPool
from .runs import enqueue_params, queued_run
from .statements import psycopg_sql
from .tool_sessions import NEW_SESSION_FILE, NEW_TOOL_SESSION, new_file_params, new_session_params


class _AtCap(Exception):
    pass


class SqlSessionStarts:
    def __init__(self, reads: ReadPool) -> None:
        self._reads = reads

    async def start(
        self,
        session: NewToolSession,
        files: list[ToolSessionFile],
        run: NewRun,
        *,
        max_attempts: int,
        queued_cap: int,
    ) -> QueuedRun | None:
        try:
            async with self._reads.transaction() as conn:
                await conn.execute(psycopg_sql(NEW_TOOL_SESSION), new_session_params(session))
                if files:
                    async with conn.cursor() as cursor:
                        await cursor.executemany(
                            psycopg_sql(NEW_SESSION_FILE),
                            new_file_params(session.id, files, session.expires_at),
                        )
                # Pipelined, these are still statements of their own, run in the order sent: the
                # server takes ENQUEUE's snapshot (READ COMMITTED) once the lock is held, so its
                # count under the cap sees every enqueue of this user that committed before.
                params = enqueue_params(run, max_attempts, queued_cap)
                await conn.execute(sql.LOCK_USER_FOR_ENQUEUE, params)
                # (tuples: a named tuple cannot have ENQUEUE's two pg_notify columns)
                enqueue = conn.cursor(row_factory=tuple_row)
                row = await (await enqueue.execute(sql.ENQUEUE, params)).fetchone()
                if row is None:
                    raise _AtCap()  # the rollback takes the session and its files too
                return queued_run(row)  # committed on the way out
        except _AtCap:
            return None
