"""Integrators: idempotency keys, run-creation rate limits and webhooks (service accounts'
handlers are in identity.py)."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from skriptoteket.application.run_rate_limits import RunRateLimits
from skriptoteket.application.webhooks.deliver import AnnounceRunEnd, DeliverWebhook, DeliveryPolicy
from skriptoteket.application.webhooks.manage import EmitWebhookEvent, WebhookAdmin
from skriptoteket.infrastructure.db.idempotency import SqlIdempotencyKeys
from skriptoteket.infrastructure.db.webhooks import SqlWebhookStore
from skriptoteket.infrastructure.settings import Settings, SettingsError
from skriptoteket.infrastructure.webhooks.sender import HttpWebhookSender, parse_allow
from skriptoteket.protocols.idempotency import IdempotencyKeys
from skriptoteket.protocols.webhooks import WebhookEvents, WebhookSender, WebhookStore

from .wiring import register_by_constructor


def register_webhooks(registry: svcs.Registry, settings: Settings) -> None:
    try:
        allow = parse_allow(settings.webhook_allow)
    except ValueError as exc:
        raise SettingsError(f"SKRIPTOTEKET_WEBHOOK_ALLOW: {exc}") from exc

    async def store(c: svcs.Container) -> WebhookStore:
        return SqlWebhookStore(await c.aget(AsyncSession))

    async def events(c: svcs.Container) -> WebhookEvents:
        return await c.aget(EmitWebhookEvent)

    registry.register_factory(WebhookStore, store)
    registry.register_value(
        WebhookSender, HttpWebhookSender(allow, settings.webhook_timeout_ms / 1000)
    )
    registry.register_value(DeliveryPolicy, DeliveryPolicy(settings.webhook_max_attempts))
    register_by_constructor(
        registry, WebhookAdmin, EmitWebhookEvent, DeliverWebhook, AnnounceRunEnd
    )
    registry.register_factory(WebhookEvents, events)


def register_integrations(registry: svcs.Registry, settings: Settings) -> None:
    async def idempotency_keys(c: svcs.Container) -> IdempotencyKeys:
        return SqlIdempotencyKeys(await c.aget(AsyncEngine))

    registry.register_factory(IdempotencyKeys, idempotency_keys)
    register_webhooks(registry, settings)
    registry.register_value(
        RunRateLimits,
        RunRateLimits(
            settings.run_rate_per_user_per_minute, settings.run_rate_per_token_per_minute
        ),
    )
