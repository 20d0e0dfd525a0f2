"""Ports of webhooks: the endpoints and their deliveries, the event fan-out, and the sender."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from skriptoteket.domain.webhooks import Delivery, DeliveryStatus, Webhook


class WebhookStore(Protocol):
    async def add(self, hook: Webhook, secret: str) -> None: ...

    async def all(self) -> list[Webhook]: ...

    async def get(self, hook_id: UUID) -> Webhook | None: ...

    async def secret(self, hook_id: UUID) -> str | None: ...

    async def delete(self, hook_id: UUID) -> bool: ...

    async def matching(self, event: str, tool_slug: str | None) -> list[Webhook]: ...

    async def set_failing(self, hook_id: UUID, since: datetime | None) -> None: ...

    async def add_delivery(self, delivery: Delivery) -> None: ...

    async def delivery(self, delivery_id: UUID) -> Delivery | None: ...

    async def deliveries(
        self, hook_id: UUID, limit: int, offset: int
    ) -> tuple[list[Delivery], int]: ...

    async def record_attempt(
        self,
        delivery_id: UUID,
        *,
        at: datetime,
        status: DeliveryStatus,
        attempts: int,
        status_code: int | None,
        error: str | None,
    ) -> None: ...


class WebhookEvents(Protocol):
    """Announce an event inside the caller's unit of work: a delivery (and its job) for every
    endpoint that listens, committed with the change itself."""

    async def emit(self, event: str, tool_slug: str | None, data: Mapping[str, Any]) -> int: ...


@dataclass(frozen=True, slots=True)
class SendResult:
    status_code: int | None
    error: str | None  # why it failed: "timeout", "redirect_refused", "address_refused", ...

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class WebhookSender(Protocol):
    async def check(self, url: str) -> None:
        """422 unless the URL is http(s) and every address its host resolves to is allowed."""
        ...

    async def send(self, url: str, headers: Mapping[str, str], body: bytes) -> SendResult:
        """POST once: the address checked again, no redirects, within the timeout, the answer's
        body read only up to a cap."""
        ...
