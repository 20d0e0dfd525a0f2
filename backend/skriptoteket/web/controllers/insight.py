"""/api/v1/me/recent-tools, /api/v1/popular-tools, /api/v1/stats/usage and /api/v1/reviews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from skriptoteket.application.insight.reads import (
    GetUsage,
    ListPopularTools,
    ListRecentTools,
    ListReviewQueue,
)
from skriptoteket.domain.insight import UsageQuery
from skriptoteket.domain.users import Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.params import InstantQuery, parse_instant
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.insight import (
    PopularToolResponse,
    PopularToolsResponse,
    RecentToolResponse,
    RecentToolsResponse,
    ReviewPage,
    UsageResponse,
)
from skriptoteket.web.services import Services

DEFAULT_USAGE_WEEKS = 12


class RecentToolsController(Controller):
    path = "/me/recent-tools"
    tags = ["catalog"]
    security = SECURITY

    @get(
        "/",
        operation_id="listRecentTools",
        summary="Tools I ran, the last run first (sandbox runs of drafts not counted)",
        responses=problems(400, 401),
    )
    async def list_recent_tools(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        limit: Annotated[int, QueryParameter(ge=1, le=50, description="How many (at most 50)")] = 8,
    ) -> RecentToolsResponse:
        handler = await svcs_container.aget(ListRecentTools)
        tools = await handler(principal, limit)
        return RecentToolsResponse(items=[RecentToolResponse.from_domain(t) for t in tools])


class PopularToolsController(Controller):
    path = "/popular-tools"
    tags = ["catalog"]
    security = SECURITY

    @get(
        "/",
        operation_id="listPopularTools",
        summary="The most used tools: most users in the last 90 days first (for the home page)",
        responses=problems(401, 422),
    )
    async def list_popular_tools(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        limit: Annotated[int, QueryParameter(ge=1, le=24, description="How many (at most 24)")] = 6,
    ) -> PopularToolsResponse:
        handler = await svcs_container.aget(ListPopularTools)
        tools = await handler(principal, limit)
        return PopularToolsResponse(items=[PopularToolResponse.from_domain(t) for t in tools])


class StatsController(Controller):
    path = "/stats"
    tags = ["stats"]
    security = SECURITY
    dependencies = requires_role(Role.ADMIN)

    @get(
        "/usage",
        operation_id="getUsageStats",
        summary="Runs per tool and week, distinct users, failure rate, p50/p95 duration (admins)",
        responses=problems(400, 401, 403, 422),
    )
    async def usage(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        since: InstantQuery = None,
        until: InstantQuery = None,
        tool: Annotated[
            str | None, QueryParameter(max_length=64, description="Only this tool's runs")
        ] = None,
    ) -> UsageResponse:
        handler = await svcs_container.aget(GetUsage)
        end = parse_instant(until, "until") or datetime.now(UTC)
        start = parse_instant(since, "since") or end - timedelta(weeks=DEFAULT_USAGE_WEEKS)
        report = await handler(
            principal, UsageQuery(since=start, until=end, tool_slug=tool or None)
        )
        return UsageResponse.from_domain(report, start, end)


class ReviewsController(Controller):
    path = "/reviews"
    tags = ["governance"]
    security = SECURITY
    dependencies = requires_role(Role.ADMIN)

    @get(
        "/",
        operation_id="listReviews",
        summary="Versions waiting for review, the oldest first (admins)",
        responses=problems(400, 401, 403),
    )
    async def list_reviews(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> ReviewPage:
        handler = await svcs_container.aget(ListReviewQueue)
        return ReviewPage.from_page(await handler(principal, limit, offset))
