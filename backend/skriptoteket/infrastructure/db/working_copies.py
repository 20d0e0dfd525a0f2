"""The working copies of the editor's autosave: one row per user and tool."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import DateTime, ForeignKey, Integer, delete
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.domain.catalog import WorkingCopy

from .base import Base


class WorkingCopyRow(Base):
    __tablename__ = "working_copies"

    user_id: Mapped[UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    tool_id: Mapped[UUID] = mapped_column(
        ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
    )
    manifest: Mapped[dict[str, Any]] = mapped_column(JSONB)
    files: Mapped[dict[str, str]] = mapped_column(JSONB)
    base_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SqlWorkingCopyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: UUID, tool_id: UUID) -> WorkingCopy | None:
        row = await self._s.get(WorkingCopyRow, (user_id, tool_id))
        if row is None:
            return None
        return WorkingCopy(
            user_id=row.user_id,
            tool_id=row.tool_id,
            manifest=dict(row.manifest),
            files=dict(row.files),
            base_version=row.base_version,
            updated_at=row.updated_at,
        )

    async def put(self, copy: WorkingCopy) -> None:
        values = {
            "manifest": copy.manifest,
            "files": copy.files,
            "base_version": copy.base_version,
            "updated_at": copy.updated_at,
        }
        statement = pg_insert(WorkingCopyRow).values(
            user_id=copy.user_id, tool_id=copy.tool_id, **values
        )
        await self._s.execute(
            statement.on_conflict_do_update(index_elements=["user_id", "tool_id"], set_=values)
        )

    async def delete(self, user_id: UUID, tool_id: UUID) -> None:
        await self._s.execute(
            delete(WorkingCopyRow).where(
                WorkingCopyRow.user_id == user_id, WorkingCopyRow.tool_id == tool_id
            )
        )
