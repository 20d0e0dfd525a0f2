"""Example runs (domain/example_runs.py): which run checked which example of a version."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import DateTime, ForeignKey, Integer, String, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.domain.example_runs import NewExampleRun, Refusal

from .base import Base


class ExampleRunRow(Base):
    __tablename__ = "example_runs"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    version_id: Mapped[UUID] = mapped_column(ForeignKey("tool_versions.id", ondelete="CASCADE"))
    case_name: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    run_id: Mapped[UUID | None] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    refusal: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    expected: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    step: Mapped[int] = mapped_column(Integer, default=0)
    last_run_id: Mapped[UUID | None] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))

    def domain(self) -> NewExampleRun:
        return NewExampleRun(
            id=self.id,
            version_id=self.version_id,
            case=self.case_name,
            user_id=self.user_id,
            run_id=self.run_id,
            refusal=Refusal(**self.refusal) if self.refusal else None,
            expected=self.expected,
            created_at=self.created_at,
            actions=list(self.actions or []),
            step=self.step,
            last_run_id=self.last_run_id,
        )


def _refusal(refusal: Refusal | None) -> dict[str, str] | None:
    return {"code": refusal.code, "message": refusal.message} if refusal else None


class SqlExampleRunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, run: NewExampleRun) -> None:
        self._s.add(
            ExampleRunRow(
                id=run.id,
                version_id=run.version_id,
                case_name=run.case,
                user_id=run.user_id,
                run_id=run.run_id,
                refusal=_refusal(run.refusal),
                expected=run.expected,
                created_at=run.created_at,
                actions=run.actions,
                step=run.step,
                last_run_id=run.latest_run_id,
            )
        )
        await self._s.flush()

    async def latest(self, version_id: UUID, user_id: UUID) -> list[NewExampleRun]:
        rows = await self._s.scalars(
            select(ExampleRunRow)
            .where(ExampleRunRow.version_id == version_id, ExampleRunRow.user_id == user_id)
            .order_by(ExampleRunRow.case_name, ExampleRunRow.created_at.desc())
            .ext(distinct_on(ExampleRunRow.case_name))
        )
        return [row.domain() for row in rows]

    async def advanced(self, record_id: UUID, step: int, run_id: UUID) -> bool:
        """Action number `step` was taken and started `run_id` (unless another request took it
        first: then False)."""
        done = await self._s.execute(
            update(ExampleRunRow)
            .where(ExampleRunRow.id == record_id, ExampleRunRow.step == step)
            .values(step=step + 1, last_run_id=run_id)
        )
        return bool(getattr(done, "rowcount", 0))

    async def refused(self, record_id: UUID, step: int, refusal: Refusal) -> None:
        """The server refused action number `step`: the example stops there."""
        await self._s.execute(
            update(ExampleRunRow)
            .where(
                ExampleRunRow.id == record_id,
                ExampleRunRow.step == step,
                # none yet (stored as JSON null or SQL NULL)
                func.coalesce(func.jsonb_typeof(ExampleRunRow.refusal), "null") == "null",
            )
            .values(refusal=_refusal(refusal))
        )
