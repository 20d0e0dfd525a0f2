"""Rows of runs, jobs and queue_users, and the enqueue side of the queue (inside the UoW).

The statements are the queue's named SQL (infrastructure/queue/sql.py), run on the Unit of
Work's connection, so a run, its job and whatever else the handler writes commit together."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.domain.runs import NewRun, QueuedRun, RunRef, RunStatus
from skriptoteket.infrastructure.db.statements import SqlStatements
from skriptoteket.infrastructure.queue import sql
from skriptoteket.protocols.queue import CancelOutcome

from .base import Base


class RunRow(Base):
    __tablename__ = "runs"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    tool_id: Mapped[UUID] = mapped_column(ForeignKey("tools.id", ondelete="CASCADE"))
    tool_version_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("tool_versions.id", ondelete="CASCADE")
    )
    tool_slug: Mapped[str] = mapped_column(String(64))
    version_number: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))
    env: Mapped[str] = mapped_column(String(16))
    session_id: Mapped[UUID | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(Text)
    request: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    logs: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    content_expired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retention_days: Mapped[int | None] = mapped_column(Integer)
    sizes: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class JobRow(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    run_id: Mapped[UUID] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    priority: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(SmallInteger)
    max_attempts: Mapped[int] = mapped_column(SmallInteger)
    available_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_requested: Mapped[bool] = mapped_column(Boolean)
    last_error: Mapped[str | None] = mapped_column(Text)
    tool_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class QueueUserRow(Base):
    __tablename__ = "queue_users"

    user_id: Mapped[UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    running: Mapped[int] = mapped_column(Integer)


def enqueue_params(run: NewRun, max_attempts: int, queued_cap: int) -> dict[str, Any]:
    """LOCK_USER_FOR_ENQUEUE's and ENQUEUE's parameters."""
    return {
        "run_id": run.id,
        "user_id": run.user_id,
        "tool_id": run.tool_id,
        "tool_version_id": run.tool_version_id,
        "tool_slug": run.tool_slug,
        "version_number": run.version_number,
        "mode": run.mode.value,
        "env": run.env.value,
        "session_id": run.session_id,
        "request": run.request.decode(),
        "priority": int(run.priority),
        "max_attempts": max_attempts,
        "queued_cap": queued_cap,
    }


def queued_run(row: Any) -> QueuedRun:
    """ENQUEUE's row: the job, when the run was queued and how many are ahead of it."""
    return QueuedRun(queued_at=row[1], position=int(row[2]))


class SqlRunQueue(SqlStatements):
    async def add(self, run: NewRun, max_attempts: int, queued_cap: int) -> QueuedRun | None:
        await self._rows(sql.LOCK_USER_FOR_ENQUEUE, {"user_id": run.user_id})
        rows = await self._rows(sql.ENQUEUE, enqueue_params(run, max_attempts, queued_cap))
        return queued_run(rows[0]) if rows else None

    async def get(self, run_id: UUID) -> RunRef | None:
        rows = await self._rows(sql.GET_RUN, {"run_id": run_id})
        if not rows:
            return None
        return RunRef(id=rows[0][0], user_id=rows[0][1], status=RunStatus(rows[0][2]))

    async def cancel(self, run_id: UUID) -> CancelOutcome:
        rows = await self._rows(sql.CANCEL, {"run_id": run_id})
        if not rows:
            return CancelOutcome(cancelled_now=False, kill_requested=False)
        return CancelOutcome(
            cancelled_now=rows[0][0] == "done", kill_requested=rows[0][0] == "running"
        )
