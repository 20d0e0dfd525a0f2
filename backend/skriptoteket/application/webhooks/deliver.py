"""Deliver one webhook message (a background job of kind webhook.deliver), and announce a
finished run (called by the worker after it stored the verdict).

Retries are the job queue's: a failed attempt raises, and the queue tries again after its
doubling backoff. After `max_attempts` attempts the delivery is `failing`, the endpoint is
marked failing, and the job ends without a further retry ("send again" starts over)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from skriptoteket.domain.runs import RunStatus
from skriptoteket.domain.webhooks import DeliveryStatus, message_id, sign
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.runs import RunReads
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.protocols.webhooks import WebhookEvents, WebhookSender, WebhookStore


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    max_attempts: int


class DeliveryFailed(Exception):
    """One attempt failed; the job queue tries again later."""


class DeliverWebhook:
    def __init__(
        self,
        uow: UnitOfWork,
        store: WebhookStore,
        sender: WebhookSender,
        clock: Clock,
        policy: DeliveryPolicy,
    ) -> None:
        self._uow = uow
        self._store = store
        self._sender = sender
        self._clock = clock
        self._policy = policy

    async def __call__(self, payload: Mapping[str, Any]) -> None:
        delivery_id = UUID(str(payload["delivery_id"]))
        async with self._uow:
            delivery = await self._store.delivery(delivery_id)
            hook = await self._store.get(delivery.webhook_id) if delivery else None
            secret = await self._store.secret(hook.id) if hook else None
        if delivery is None or hook is None or secret is None:
            return  # the endpoint was deleted meanwhile
        if delivery.status is not DeliveryStatus.PENDING:
            return  # a repeat of a job already done
        now = self._clock.now()
        timestamp = int(now.timestamp())
        msg_id = message_id(delivery.id)
        headers = {
            "content-type": "application/json",
            "user-agent": "Skriptoteket-Webhooks",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, msg_id, timestamp, delivery.body),
        }
        result = await self._sender.send(hook.url, headers, delivery.body)
        attempts = delivery.attempts + 1
        done = self._clock.now()
        if result.ok:
            status = DeliveryStatus.DELIVERED
        elif attempts >= self._policy.max_attempts:
            status = DeliveryStatus.FAILING
        else:
            status = DeliveryStatus.PENDING
        async with self._uow:
            await self._store.record_attempt(
                delivery.id,
                at=done,
                status=status,
                attempts=attempts,
                status_code=result.status_code,
                error=result.error,
            )
            if status is DeliveryStatus.FAILING:
                await self._store.set_failing(hook.id, done)
            elif status is DeliveryStatus.DELIVERED and hook.failing_since is not None:
                await self._store.set_failing(hook.id, None)
            await self._uow.commit()
        if status is DeliveryStatus.PENDING:
            raise DeliveryFailed(f"attempt {attempts}: {result.error or result.status_code}")


class AnnounceRunEnd:
    """run.finished for every run that ended, and run.failed as well for one that did not
    succeed; called by the worker once the verdict is stored."""

    def __init__(self, uow: UnitOfWork, runs: RunReads, events: WebhookEvents) -> None:
        self._uow = uow
        self._runs = runs
        self._events = events

    async def __call__(self, run_id: UUID) -> None:
        async with self._uow:
            view = await self._runs.get_view(run_id)
            if view is None or not view.status.terminal:
                return
            data = {
                "run_id": str(view.id),
                "tool": view.tool_slug,
                "version": view.version,
                "status": view.status.value,
                "session_id": str(view.session_id) if view.session_id else None,
                "user_id": str(view.user_id),
                "finished_at": view.finished_at.isoformat() if view.finished_at else None,
                "error_code": view.error.code if view.error else None,
            }
            sent = await self._events.emit("run.finished", view.tool_slug, data)
            if view.status is not RunStatus.SUCCEEDED:
                sent += await self._events.emit("run.failed", view.tool_slug, data)
            if sent:
                await self._uow.commit()
