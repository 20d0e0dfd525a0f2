"""Insight: recent and popular tools, usage statistics, the review queue."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.insight.reads import (
    GetUsage,
    ListPopularTools,
    ListRecentTools,
    ListReviewQueue,
)
from skriptoteket.infrastructure.db.insight import SqlInsightReads
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.insight import InsightReads

from .wiring import register_by_constructor


def register_insight(registry: svcs.Registry, settings: Settings) -> None:
    async def reads(c: svcs.Container) -> InsightReads:
        return SqlInsightReads(await c.aget(AsyncSession))

    registry.register_factory(InsightReads, reads)
    register_by_constructor(registry, ListRecentTools, ListPopularTools, GetUsage, ListReviewQueue)
