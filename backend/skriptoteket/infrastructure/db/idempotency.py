"""Idempotency keys in PostgreSQL. Each call is its own short transaction on the engine: a
key is claimed before the request's work starts and answered after it, outside the unit of
work of the request itself."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.protocols.idempotency import StoredAnswer

from .base import Base


class IdempotencyKeyRow(Base):
    __tablename__ = "idempotency_keys"

    owner_id: Mapped[UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    fingerprint: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[int | None] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)


_TABLE: Table = IdempotencyKeyRow.__table__  # type: ignore[assignment]


class SqlIdempotencyKeys:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def claim(
        self, owner_id: UUID, key: str, now: datetime, keep: timedelta, stale: timedelta
    ) -> bool:
        # One statement: INSERT, or take over a row that expired or whose first request
        # died without answering. The row lock of ON CONFLICT makes concurrent claims wait
        # for each other, and the WHERE lets only one of them win.
        row = _TABLE
        stmt = (
            insert(row)
            .values(owner_id=owner_id, key=key, created_at=now, expires_at=now + keep)
            .on_conflict_do_update(
                index_elements=["owner_id", "key"],
                set_={
                    "created_at": now,
                    "expires_at": now + keep,
                    "fingerprint": None,
                    "status": None,
                    "media_type": None,
                    "body": None,
                },
                where=or_(
                    row.c.expires_at <= now,
                    (row.c.status.is_(None)) & (row.c.created_at <= now - stale),
                ),
            )
            .returning(row.c.key)
        )
        async with self._engine.begin() as conn:
            return (await conn.execute(stmt)).first() is not None

    async def answer(self, owner_id: UUID, key: str) -> StoredAnswer | bool | None:
        t = _TABLE
        async with self._engine.connect() as conn:
            found = (
                await conn.execute(
                    select(t.c.fingerprint, t.c.status, t.c.media_type, t.c.body).where(
                        t.c.owner_id == owner_id, t.c.key == key
                    )
                )
            ).first()
        if found is None:
            return None
        fingerprint, status, media_type, body = found
        if status is None:
            return True
        return StoredAnswer(fingerprint, status, media_type or "", body or b"")

    async def keep(self, owner_id: UUID, key: str, answer: StoredAnswer) -> None:
        t = _TABLE
        async with self._engine.begin() as conn:
            await conn.execute(
                update(t)
                .where(t.c.owner_id == owner_id, t.c.key == key)
                .values(
                    fingerprint=answer.fingerprint,
                    status=answer.status,
                    media_type=answer.media_type[:100],
                    body=answer.body,
                )
            )

    async def release(self, owner_id: UUID, key: str) -> None:
        t = _TABLE
        async with self._engine.begin() as conn:
            await conn.execute(
                delete(t).where(t.c.owner_id == owner_id, t.c.key == key, t.c.status.is_(None))
            )

    async def prune(self, now: datetime) -> int:
        t = _TABLE
        async with self._engine.begin() as conn:
            result = await conn.execute(delete(t).where(t.c.expires_at <= now))
        return int(getattr(result, "rowcount", 0) or 0)
