"""psycopg used directly, beside the unit of work's SQLAlchemy sessions, by the worker's queue,
background jobs and retention and by the API's run status listener: one statement on an
autocommit pool (a lost database becomes Unavailable, for the caller to retry), and LISTEN on a
dedicated connection that reconnects."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from typing import Any, cast

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from skriptoteket.domain.errors import Unavailable

log = logging.getLogger(__name__)

Conn = psycopg.AsyncConnection[TupleRow]
FIRST_BACKOFF_S = 0.05


async def pooled_rows(
    pool: AsyncConnectionPool[Conn],
    statement: str,
    params: dict[str, Any],
    *,
    database: str = "database",
) -> list[tuple[Any, ...]]:
    """Run one statement on a pooled connection: its rows (none when it returns none)."""
    try:
        async with pool.connection() as conn:
            cursor = await conn.execute(cast(Any, statement), params)
            return await cursor.fetchall() if cursor.description else []
    except (psycopg.OperationalError, PoolTimeout) as exc:
        raise Unavailable(f"The {database} is not reachable: {exc}") from exc


async def listen(
    conninfo: str,
    channels: Sequence[str],
    *,
    name: str,
    on_listening: Callable[[], None],
    on_note: Callable[[psycopg.Notify], None],
    liveness_s: float = 10.0,
    max_backoff_s: float = 5.0,
    connected: asyncio.Event | None = None,
    application_name: str | None = None,
) -> None:
    """LISTEN to `channels` on a dedicated connection until cancelled, reconnecting with
    jittered exponential backoff. `on_listening` is called on every (re)connect, once LISTEN
    holds (what happened while nobody listened must be looked at), `on_note` for each
    notification; `connected` is set while the connection listens. A connection quiet for
    `liveness_s` is checked with `SELECT 1`. `name` says which listener in the log; an
    unexpected error is logged and the listener reconnects (it never dies)."""
    backoff = FIRST_BACKOFF_S
    if application_name:
        conninfo = make_conninfo(conninfo, application_name=application_name)
    while True:
        try:
            conn = await psycopg.AsyncConnection.connect(conninfo, autocommit=True)
        except psycopg.OperationalError as exc:
            log.warning("%s cannot connect: %s", name, exc)
        else:
            try:
                async with conn:
                    for channel in channels:
                        await conn.execute(f"LISTEN {channel}")
                    backoff = FIRST_BACKOFF_S
                    if connected is not None:
                        connected.set()
                    on_listening()
                    while True:
                        async for note in conn.notifies(timeout=liveness_s):
                            on_note(note)
                        # Quiet for a while: make sure the connection is still alive.
                        await conn.execute("SELECT 1")
            except psycopg.OperationalError as exc:
                log.warning("%s lost the database: %s", name, exc)
            except Exception:
                log.exception("%s failed; reconnecting", name)
            finally:
                if connected is not None:
                    connected.clear()
        await asyncio.sleep(backoff * (1 + random.random() / 2))  # noqa: S311
        backoff = min(backoff * 2, max_backoff_s)
