"""The async engine and the session factory, built from settings."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# Set on a connection's info while its transaction may have written (see uow.py).
WROTE = "skriptoteket.wrote"
# A statement that may change anything: every one but a plain SELECT without these words
# (a data-modifying WITH, SELECT ... FOR UPDATE, pg_notify, nextval, DDL, SET) counts.
_MAY_WRITE = re.compile(
    r"\b(insert|update|delete|merge|truncate|notify|pg_notify|nextval|setval|lock|copy|call"
    r"|create|alter|drop|grant|revoke|set|reset|discard|do|listen|unlisten|vacuum|analyze"
    r"|pg_advisory_lock|pg_advisory_xact_lock|pg_try_advisory_lock|pg_try_advisory_xact_lock)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def may_write(statement: str) -> bool:
    head = statement.lstrip().lower()
    return not (head.startswith(("select", "with"))) or bool(_MAY_WRITE.search(statement))


def _note_writes(
    conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
) -> None:
    if may_write(statement):
        conn.info[WROTE] = True


def _begin(conn: Connection) -> None:
    conn.info.pop(WROTE, None)


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """A fixed pool of `pool_size` connections (no overflow: PostgreSQL's connection count is
    bounded by processes times pool_size) and no pre-ping: a connection a PostgreSQL restart broke
    fails its request once, and SQLAlchemy then drops the whole pool; a ping before every
    checkout cost a round trip on every request instead."""
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=0, pool_timeout=30)
    event.listen(engine.sync_engine, "begin", _begin)
    event.listen(engine.sync_engine, "before_cursor_execute", _note_writes)
    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)
