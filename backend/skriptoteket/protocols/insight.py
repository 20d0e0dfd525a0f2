"""Read models over runs and versions for the insight use cases (recent tools, usage, review
queue): plain aggregate queries, no writes."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from skriptoteket.domain.catalog import Page
from skriptoteket.domain.insight import (
    PopularTool,
    RecentTool,
    ReviewItem,
    UsageQuery,
    UsageReport,
)


class InsightReads(Protocol):
    async def recent_tools(self, user_id: UUID, limit: int) -> list[RecentTool]:
        """Listed, published tools the user ran in production, the last run first."""
        ...

    async def popular_tools(self, user_id: UUID, since: datetime, limit: int) -> list[PopularTool]:
        """Listed, published tools by how many users ran them in production since `since`."""
        ...

    async def usage(self, query: UsageQuery) -> UsageReport: ...

    async def review_queue(self, limit: int, offset: int) -> Page[ReviewItem]:
        """Versions in review, the oldest first (first come, first reviewed)."""
        ...
