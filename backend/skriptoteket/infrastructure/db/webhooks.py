"""Rows and the store of webhooks and their deliveries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.domain.webhooks import Delivery, DeliveryStatus, Webhook

from .base import Base


class WebhookRow(Base):
    __tablename__ = "webhooks"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    tool_slug: Mapped[str | None] = mapped_column(String(100))
    secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def to_domain(self) -> Webhook:
        return Webhook(
            id=self.id,
            url=self.url,
            events=tuple(self.events),
            tool_slug=self.tool_slug,
            created_at=self.created_at,
            created_by=self.created_by,
            failing_since=self.failing_since,
        )


class WebhookDeliveryRow(Base):
    __tablename__ = "webhook_deliveries"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    webhook_id: Mapped[UUID] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(200))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def to_domain(self) -> Delivery:
        return Delivery(
            id=self.id,
            webhook_id=self.webhook_id,
            event=self.event,
            body=self.body,
            status=DeliveryStatus(self.status),
            attempts=self.attempts,
            created_at=self.created_at,
            last_attempt_at=self.last_attempt_at,
            last_status_code=self.last_status_code,
            last_error=self.last_error,
            delivered_at=self.delivered_at,
        )


class SqlWebhookStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, hook: Webhook, secret: str) -> None:
        self._s.add(
            WebhookRow(
                id=hook.id,
                url=hook.url,
                events=list(hook.events),
                tool_slug=hook.tool_slug,
                secret=secret,
                created_at=hook.created_at,
                created_by=hook.created_by,
                failing_since=hook.failing_since,
            )
        )
        await self._s.flush()

    async def all(self) -> list[Webhook]:
        rows = await self._s.scalars(select(WebhookRow).order_by(WebhookRow.created_at))
        return [r.to_domain() for r in rows]

    async def get(self, hook_id: UUID) -> Webhook | None:
        row = await self._s.get(WebhookRow, hook_id)
        return row.to_domain() if row else None

    async def secret(self, hook_id: UUID) -> str | None:
        return await self._s.scalar(select(WebhookRow.secret).where(WebhookRow.id == hook_id))

    async def delete(self, hook_id: UUID) -> bool:
        result = await self._s.execute(delete(WebhookRow).where(WebhookRow.id == hook_id))
        return bool(getattr(result, "rowcount", 0))

    async def matching(self, event: str, tool_slug: str | None) -> list[Webhook]:
        rows = await self._s.scalars(
            select(WebhookRow).where(
                WebhookRow.events.any_() == event,
                or_(WebhookRow.tool_slug.is_(None), WebhookRow.tool_slug == tool_slug),
            )
        )
        return [r.to_domain() for r in rows]

    async def set_failing(self, hook_id: UUID, since: datetime | None) -> None:
        await self._s.execute(
            update(WebhookRow).where(WebhookRow.id == hook_id).values(failing_since=since)
        )

    async def add_delivery(self, delivery: Delivery) -> None:
        self._s.add(
            WebhookDeliveryRow(
                id=delivery.id,
                webhook_id=delivery.webhook_id,
                event=delivery.event,
                body=delivery.body,
                status=delivery.status.value,
                attempts=delivery.attempts,
                created_at=delivery.created_at,
            )
        )
        await self._s.flush()

    async def delivery(self, delivery_id: UUID) -> Delivery | None:
        row = await self._s.get(WebhookDeliveryRow, delivery_id, populate_existing=True)
        return row.to_domain() if row else None

    async def deliveries(
        self, hook_id: UUID, limit: int, offset: int
    ) -> tuple[list[Delivery], int]:
        where = WebhookDeliveryRow.webhook_id == hook_id
        total = await self._s.scalar(select(func.count()).where(where)) or 0
        rows = await self._s.scalars(
            select(WebhookDeliveryRow)
            .where(where)
            .order_by(WebhookDeliveryRow.created_at.desc())
            .limit(limit)
            .offset(offset)
        )
        return [r.to_domain() for r in rows], total

    async def record_attempt(
        self,
        delivery_id: UUID,
        *,
        at: datetime,
        status: DeliveryStatus,
        attempts: int,
        status_code: int | None,
        error: str | None,
    ) -> None:
        await self._s.execute(
            update(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.id == delivery_id)
            .values(
                status=status.value,
                attempts=attempts,
                last_attempt_at=at,
                last_status_code=status_code,
                last_error=error[:200] if error else None,
                delivered_at=at if status is DeliveryStatus.DELIVERED else None,
            )
        )
