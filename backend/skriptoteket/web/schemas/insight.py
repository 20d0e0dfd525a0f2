"""Shapes of recent and popular tools, usage statistics and the review queue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from msgspec import Meta

from skriptoteket.domain.catalog import Page
from skriptoteket.domain.insight import (
    PopularTool,
    RecentTool,
    ReviewItem,
    ToolUsage,
    ToolWeekUsage,
    UsageReport,
)

from .base import ApiStruct


class RecentToolResponse(ApiStruct):
    slug: str
    title: str
    summary: str
    is_favorite: bool
    last_run_at: datetime
    runs: Annotated[int, Meta(description="My production runs of the tool")]

    @classmethod
    def from_domain(cls, t: RecentTool) -> RecentToolResponse:
        return cls(
            slug=t.slug,
            title=t.title,
            summary=t.summary,
            is_favorite=t.is_favorite,
            last_run_at=t.last_run_at,
            runs=t.runs,
        )


class RecentToolsResponse(ApiStruct):
    items: list[RecentToolResponse]


class PopularToolResponse(ApiStruct):
    slug: str
    title: str
    summary: str
    is_favorite: bool

    @classmethod
    def from_domain(cls, t: PopularTool) -> PopularToolResponse:
        return cls(slug=t.slug, title=t.title, summary=t.summary, is_favorite=t.is_favorite)


class PopularToolsResponse(ApiStruct):
    items: Annotated[
        list[PopularToolResponse],
        Meta(description="Most users in the last 90 days first (production runs only)"),
    ]


class ToolWeekUsageResponse(ApiStruct):
    tool_slug: str
    tool_title: str
    week: Annotated[datetime, Meta(description="The ISO week's Monday, 00:00 UTC")]
    runs: int
    users: Annotated[int, Meta(description="Distinct users who ran the tool that week")]
    failed: Annotated[int, Meta(description="Runs that failed or timed out")]
    failure_rate: float
    p50_ms: int | None
    p95_ms: int | None

    @classmethod
    def from_domain(cls, u: ToolWeekUsage) -> ToolWeekUsageResponse:
        return cls(
            tool_slug=u.tool_slug,
            tool_title=u.tool_title,
            week=u.week,
            runs=u.runs,
            users=u.users,
            failed=u.failed,
            failure_rate=round(u.failed / u.runs, 4) if u.runs else 0.0,
            p50_ms=u.p50_ms,
            p95_ms=u.p95_ms,
        )


class ToolUsageResponse(ApiStruct):
    tool_slug: str
    tool_title: str
    runs: int
    users: int
    failed: int
    failure_rate: float
    p50_ms: int | None
    p95_ms: int | None

    @classmethod
    def from_domain(cls, u: ToolUsage) -> ToolUsageResponse:
        return cls(
            tool_slug=u.tool_slug,
            tool_title=u.tool_title,
            runs=u.runs,
            users=u.users,
            failed=u.failed,
            failure_rate=round(u.failed / u.runs, 4) if u.runs else 0.0,
            p50_ms=u.p50_ms,
            p95_ms=u.p95_ms,
        )


class UsageResponse(ApiStruct):
    """Production runs in [since, until): per tool and week, per tool, and distinct users."""

    since: datetime
    until: datetime
    users: Annotated[int, Meta(description="Distinct users over the period, all tools")]
    tools: list[ToolUsageResponse]
    weeks: list[ToolWeekUsageResponse]

    @classmethod
    def from_domain(cls, r: UsageReport, since: datetime, until: datetime) -> UsageResponse:
        return cls(
            since=since,
            until=until,
            users=r.users,
            tools=[ToolUsageResponse.from_domain(t) for t in r.tools],
            weeks=[ToolWeekUsageResponse.from_domain(w) for w in r.weeks],
        )


class ReviewAuthor(ApiStruct):
    id: UUID
    display_name: str


class ReviewItemResponse(ApiStruct):
    tool_slug: str
    tool_title: str
    active_version: Annotated[int | None, Meta(description="The version to compare with")]
    number: int
    author: ReviewAuthor
    change_summary: str
    created_at: datetime

    @classmethod
    def from_domain(cls, r: ReviewItem) -> ReviewItemResponse:
        return cls(
            tool_slug=r.tool_slug,
            tool_title=r.tool_title,
            active_version=r.active_version,
            number=r.number,
            author=ReviewAuthor(id=r.author_id, display_name=r.author_name),
            change_summary=r.change_summary,
            created_at=r.created_at,
        )


class ReviewPage(ApiStruct):
    items: list[ReviewItemResponse]
    total: int
    limit: int
    offset: int

    @classmethod
    def from_page(cls, page: Page[ReviewItem]) -> ReviewPage:
        return cls(
            items=[ReviewItemResponse.from_domain(r) for r in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )
