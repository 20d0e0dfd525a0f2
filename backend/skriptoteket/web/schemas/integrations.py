"""Request and response shapes of service accounts and webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from skriptoteket.domain.users import User
from skriptoteket.domain.webhooks import Delivery, Webhook, message_id

from .base import ApiStruct
from .identity import AwareDatetime, DisplayName, Scopes, TokenName


class CreateServiceAccountRequest(ApiStruct):
    name: DisplayName


class ServiceAccountResponse(ApiStruct):
    id: UUID
    name: str
    is_active: bool
    created_at: datetime

    @classmethod
    def from_domain(cls, account: User) -> ServiceAccountResponse:
        return cls(
            id=account.id,
            name=account.display_name,
            is_active=account.is_active,
            created_at=account.created_at,
        )


class ServiceAccountPage(ApiStruct):
    items: list[ServiceAccountResponse]
    total: int
    limit: int
    offset: int


class CreateServiceTokenRequest(ApiStruct):
    name: TokenName
    scopes: Scopes | None = None
    expires_at: AwareDatetime | None = None


EventName = Literal["run.finished", "run.failed", "version.submitted", "version.published"]


class CreateWebhookRequest(ApiStruct):
    url: Annotated[str, msgspec.Meta(min_length=8, max_length=2000, pattern=r"^https?://\S+$")]
    events: Annotated[list[EventName], msgspec.Meta(min_length=1, max_length=4)]
    tool: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None


class WebhookResponse(ApiStruct):
    id: UUID
    url: str
    events: list[EventName]
    tool: str | None
    created_at: datetime
    failing_since: datetime | None  # every attempt of a delivery failed since then

    @classmethod
    def from_domain(cls, hook: Webhook) -> WebhookResponse:
        return cls(
            id=hook.id,
            url=hook.url,
            events=list(hook.events),  # type: ignore[arg-type]
            tool=hook.tool_slug,
            created_at=hook.created_at,
            failing_since=hook.failing_since,
        )


class WebhookCreatedResponse(ApiStruct):
    """`secret` (whsec_...) signs every delivery; shown this once."""

    webhook: WebhookResponse
    secret: str


class DeliveryResponse(ApiStruct):
    id: UUID
    webhook_id: str  # the webhook-id header of the message (the same at every attempt)
    event: EventName
    status: Literal["pending", "delivered", "failing"]
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None

    @classmethod
    def from_domain(cls, d: Delivery) -> DeliveryResponse:
        return cls(
            id=d.id,
            webhook_id=message_id(d.id),
            event=d.event,  # type: ignore[arg-type]
            status=d.status.value,
            attempts=d.attempts,
            created_at=d.created_at,
            last_attempt_at=d.last_attempt_at,
            last_status_code=d.last_status_code,
            last_error=d.last_error,
            delivered_at=d.delivered_at,
        )


class DeliveryPage(ApiStruct):
    items: list[DeliveryResponse]
    total: int
    limit: int
    offset: int
