"""Registering webhooks (admins, or a service account with the admin scope), their delivery
log, "send again", and the fan-out of events into deliveries on the background job queue."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.application.identity.users import require_admin
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.users import Principal
from skriptoteket.domain.webhooks import (
    Delivery,
    DeliveryStatus,
    Webhook,
    check_events,
    check_url,
    new_secret,
)
from skriptoteket.protocols.background_jobs import BackgroundJobs
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.protocols.webhooks import WebhookSender, WebhookStore

DELIVER_KIND = "webhook.deliver"


class WebhookAdmin:
    def __init__(
        self,
        uow: UnitOfWork,
        store: WebhookStore,
        sender: WebhookSender,
        jobs: BackgroundJobs,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._store = store
        self._sender = sender
        self._jobs = jobs
        self._audit = audit
        self._clock = clock

    async def create(
        self, actor: Principal, url: str, events: Sequence[str], tool_slug: str | None
    ) -> tuple[Webhook, str]:
        """The endpoint and its secret (shown this once)."""
        require_admin(actor)
        check_url(url)
        chosen = check_events(events)
        await self._sender.check(url)  # 422 for a private or not allowed address
        hook = Webhook(
            id=uuid.uuid4(),
            url=url,
            events=chosen,
            tool_slug=tool_slug,
            created_at=self._clock.now(),
            created_by=actor.id,
            failing_since=None,
        )
        secret = new_secret(secrets.token_bytes(24))
        async with self._uow:
            await self._store.add(hook, secret)
            await self._audit.record(
                "webhook.created",
                actor=actor,
                subject_type="webhook",
                subject_id=hook.id,
                details={"url": url, "events": list(chosen), "tool": tool_slug},
            )
            await self._uow.commit()
        return hook, secret

    async def list_hooks(self, actor: Principal) -> list[Webhook]:
        require_admin(actor)
        async with self._uow:
            return await self._store.all()

    async def delete(self, actor: Principal, hook_id: UUID) -> None:
        require_admin(actor)
        async with self._uow:
            if not await self._store.delete(hook_id):
                raise NotFound("Det finns ingen sådan webhook.")
            await self._audit.record(
                "webhook.deleted", actor=actor, subject_type="webhook", subject_id=hook_id
            )
            await self._uow.commit()

    async def deliveries(
        self, actor: Principal, hook_id: UUID, limit: int, offset: int
    ) -> tuple[list[Delivery], int]:
        require_admin(actor)
        async with self._uow:
            if await self._store.get(hook_id) is None:
                raise NotFound("Det finns ingen sådan webhook.")
            return await self._store.deliveries(hook_id, limit, offset)

    async def send_again(self, actor: Principal, hook_id: UUID, delivery_id: UUID) -> Delivery:
        """The same message (same webhook-id) once more, from a first attempt."""
        require_admin(actor)
        async with self._uow:
            delivery = await self._store.delivery(delivery_id)
            if delivery is None or delivery.webhook_id != hook_id:
                raise NotFound("Det finns ingen sådan leverans.")
            await self._store.record_attempt(
                delivery_id,
                at=self._clock.now(),
                status=DeliveryStatus.PENDING,
                attempts=0,
                status_code=delivery.last_status_code,
                error=delivery.last_error,
            )
            await self._jobs.enqueue(DELIVER_KIND, {"delivery_id": str(delivery_id)})
            await self._uow.commit()
            again = await self._store.delivery(delivery_id)
        assert again is not None
        return again


class EmitWebhookEvent:
    """WebhookEvents over the store and the job queue, in the caller's unit of work."""

    def __init__(self, store: WebhookStore, jobs: BackgroundJobs, clock: Clock) -> None:
        self._store = store
        self._jobs = jobs
        self._clock = clock

    async def emit(self, event: str, tool_slug: str | None, data: Mapping[str, Any]) -> int:
        hooks = await self._store.matching(event, tool_slug)
        now = self._clock.now()
        body = json.dumps(
            {"type": event, "timestamp": now.isoformat(), "data": dict(data)},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        for hook in hooks:
            delivery = Delivery(
                id=uuid.uuid4(),
                webhook_id=hook.id,
                event=event,
                body=body,
                status=DeliveryStatus.PENDING,
                attempts=0,
                created_at=now,
                last_attempt_at=None,
                last_status_code=None,
                last_error=None,
                delivered_at=None,
            )
            await self._store.add_delivery(delivery)
            await self._jobs.enqueue(DELIVER_KIND, {"delivery_id": str(delivery.id)})
        return len(hooks)
