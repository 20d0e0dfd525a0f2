"""Integrators: idempotency keys, run-creation rate limits, service accounts' handlers are
in identity.py."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncEngine

from skriptoteket.application.run_rate_limits import RunRateLimits
from skriptoteket.infrastructure.db.idempotency import SqlIdempotencyKeys
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.idempotency import IdempotencyKeys


def register_integrations(registry: svcs.Registry, settings: Settings) -> None:
    async def idempotency_keys(c: svcs.Container) -> IdempotencyKeys:
        return SqlIdempotencyKeys(await c.aget(AsyncEngine))

    registry.register_factory(IdempotencyKeys, idempotency_keys)
    registry.register_value(
        RunRateLimits,
        RunRateLimits(
            settings.run_rate_per_user_per_minute, settings.run_rate_per_token_per_minute
        ),
    )
