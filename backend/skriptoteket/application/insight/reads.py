"""Insight use cases: my recently used tools, the most used tools; for admins usage statistics
and the review queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from skriptoteket.application.catalog.tool_access import require_role
from skriptoteket.domain.catalog import Page
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.insight import (
    PopularTool,
    RecentTool,
    ReviewItem,
    UsageQuery,
    UsageReport,
)
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.insight import InsightReads
from skriptoteket.protocols.uow import UnitOfWork

MAX_USAGE_PERIOD = timedelta(days=366)
# "Most used" looks back a term, so last year's favourites give way to this term's.
POPULAR_WINDOW = timedelta(days=90)


class ListRecentTools:
    def __init__(self, uow: UnitOfWork, reads: InsightReads) -> None:
        self._uow = uow
        self._reads = reads

    async def __call__(self, principal: Principal, limit: int) -> list[RecentTool]:
        async with self._uow:
            return await self._reads.recent_tools(principal.id, limit)


class ListPopularTools:
    """The tools most people used lately: what a first visit's home page offers (any user)."""

    def __init__(self, uow: UnitOfWork, reads: InsightReads) -> None:
        self._uow = uow
        self._reads = reads

    async def __call__(self, principal: Principal, limit: int) -> list[PopularTool]:
        since = datetime.now(UTC) - POPULAR_WINDOW
        async with self._uow:
            return await self._reads.popular_tools(principal.id, since, limit)


class GetUsage:
    def __init__(self, uow: UnitOfWork, reads: InsightReads) -> None:
        self._uow = uow
        self._reads = reads

    async def __call__(self, principal: Principal, query: UsageQuery) -> UsageReport:
        require_role(principal, Role.ADMIN)
        if query.until <= query.since or query.until - query.since > MAX_USAGE_PERIOD:
            raise InvalidInput(
                [
                    FieldError(
                        "since",
                        "invalid_period",
                        "The period is at most a year, since before until.",
                    )
                ]
            )
        async with self._uow:
            return await self._reads.usage(query)


class ListReviewQueue:
    def __init__(self, uow: UnitOfWork, reads: InsightReads) -> None:
        self._uow = uow
        self._reads = reads

    async def __call__(self, principal: Principal, limit: int, offset: int) -> Page[ReviewItem]:
        require_role(principal, Role.ADMIN)
        async with self._uow:
            return await self._reads.review_queue(limit, offset)
