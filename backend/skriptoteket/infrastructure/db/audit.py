"""The append-only audit log (a trigger in the migration refuses UPDATE and DELETE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import DateTime, String, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.protocols.identity import AuditEvent, AuditFilter

from .base import Base
from .identity import UserRow


class AuditEventRow(Base):
    __tablename__ = "audit_events"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    actor_id: Mapped[UUID | None] = mapped_column(index=True)
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[str | None] = mapped_column(String(128))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)

    def to_domain(self, actor_name: str | None = None) -> AuditEvent:
        return AuditEvent(
            id=self.id,
            at=self.at,
            action=self.action,
            actor_id=self.actor_id,
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            ip=self.ip,
            user_agent=self.user_agent,
            details=dict(self.details or {}),
            actor_name=actor_name,
        )


class SqlAuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def append(self, event: AuditEvent) -> None:
        self._s.add(
            AuditEventRow(
                id=event.id,
                at=event.at,
                action=event.action,
                actor_id=event.actor_id,
                subject_type=event.subject_type,
                subject_id=event.subject_id,
                ip=event.ip,
                user_agent=event.user_agent[:512] if event.user_agent else None,
                details=event.details,
            )
        )
        await self._s.flush()

    async def list(
        self, where: AuditFilter, *, limit: int, offset: int
    ) -> tuple[list[AuditEvent], int]:
        stmt = select(AuditEventRow)
        if where.action is not None:
            stmt = stmt.where(AuditEventRow.action == where.action)
        if where.action_prefix is not None:
            stmt = stmt.where(AuditEventRow.action.startswith(where.action_prefix, autoescape=True))
        if where.actor_id is not None:
            stmt = stmt.where(AuditEventRow.actor_id == where.actor_id)
        if where.subject_type is not None:
            stmt = stmt.where(AuditEventRow.subject_type == where.subject_type)
        if where.subject_id is not None:
            stmt = stmt.where(AuditEventRow.subject_id == where.subject_id)
        if where.since is not None:
            stmt = stmt.where(AuditEventRow.at >= where.since)
        if where.until is not None:
            stmt = stmt.where(AuditEventRow.at < where.until)
        total = await self._s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        # The actor's name as it is now (an erased user's is already anonymised).
        page = (
            stmt.add_columns(UserRow.display_name)
            .outerjoin(UserRow, UserRow.id == AuditEventRow.actor_id)
            .order_by(AuditEventRow.at.desc(), AuditEventRow.id)
            .limit(limit)
            .offset(offset)
        )
        rows = await self._s.execute(page)
        return [row.to_domain(name) for row, name in rows], total
