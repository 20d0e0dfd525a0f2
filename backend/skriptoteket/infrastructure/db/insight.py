"""The insight read models: plain aggregate SQL over runs, tools and versions.

Read-only, one snapshot each; sandbox runs (env = 'sandbox', drafts being tested) never count
as use. A run's duration is started_at to finished_at of a run that finished.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.domain.catalog import Page
from skriptoteket.domain.insight import (
    PopularTool,
    RecentTool,
    ReviewItem,
    ToolUsage,
    ToolWeekUsage,
    UsageQuery,
    UsageReport,
)

RECENT_TOOLS = text(
    """
    SELECT t.slug, t.title, t.summary, r.last_run_at, r.runs,
           EXISTS (SELECT 1 FROM favorites f
                   WHERE f.tool_id = t.id AND f.user_id = :user_id) AS is_favorite
    FROM (SELECT tool_id, max(queued_at) AS last_run_at, count(*) AS runs
          FROM runs WHERE user_id = :user_id AND env = 'production'
          GROUP BY tool_id) r
    JOIN tools t ON t.id = r.tool_id
    WHERE t.listed AND t.active_version_id IS NOT NULL
    ORDER BY r.last_run_at DESC, t.slug
    LIMIT :limit
    """
)

# Most used = most people, not most runs: one teacher's hundred runs do not make a tool popular.
POPULAR_TOOLS = text(
    """
    SELECT t.slug, t.title, t.summary,
           EXISTS (SELECT 1 FROM favorites f
                   WHERE f.tool_id = t.id AND f.user_id = :user_id) AS is_favorite
    FROM (SELECT tool_id, count(DISTINCT user_id) AS users, count(*) AS runs
          FROM runs WHERE env = 'production' AND queued_at >= :since
          GROUP BY tool_id) r
    JOIN tools t ON t.id = r.tool_id
    WHERE t.listed AND t.active_version_id IS NOT NULL
    ORDER BY r.users DESC, r.runs DESC, t.title
    LIMIT :limit
    """
)

# Durations in milliseconds; percentiles only over runs that finished after starting.
_FIGURES = """
    count(*) AS runs,
    count(DISTINCT r.user_id) AS users,
    count(*) FILTER (WHERE r.status IN ('failed', 'timed_out')) AS failed,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.finished_at - r.started_at))
        FILTER (WHERE r.started_at IS NOT NULL AND r.finished_at IS NOT NULL) * 1000 AS p50_ms,
    percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM r.finished_at - r.started_at))
        FILTER (WHERE r.started_at IS NOT NULL AND r.finished_at IS NOT NULL) * 1000 AS p95_ms
"""
_RUNS = """
    FROM runs r JOIN tools t ON t.id = r.tool_id
    WHERE r.env = 'production' AND r.queued_at >= :since AND r.queued_at < :until
      AND (CAST(:tool AS text) IS NULL OR r.tool_slug = CAST(:tool AS text))
"""
USAGE_BY_WEEK = text(
    f"""
    SELECT r.tool_slug, t.title, date_trunc('week', r.queued_at AT TIME ZONE 'UTC') AS week,
           {_FIGURES}
    {_RUNS}
    GROUP BY r.tool_slug, t.title, week
    ORDER BY week, r.tool_slug
    """
)
USAGE_BY_TOOL = text(
    f"""
    SELECT r.tool_slug, t.title, {_FIGURES}
    {_RUNS}
    GROUP BY r.tool_slug, t.title
    ORDER BY runs DESC, r.tool_slug
    """
)
USAGE_USERS = text(f"SELECT count(DISTINCT r.user_id) {_RUNS}")

REVIEW_QUEUE = text(
    """
    SELECT t.slug, t.title, av.number AS active_version, v.number, v.author_id,
           u.display_name AS author_name, v.change_summary, v.created_at,
           count(*) OVER () AS total
    FROM tool_versions v
    JOIN tools t ON t.id = v.tool_id
    JOIN users u ON u.id = v.author_id
    LEFT JOIN tool_versions av ON av.id = t.active_version_id
    WHERE v.state = 'in_review'
    ORDER BY v.created_at, t.slug, v.number
    LIMIT :limit OFFSET :offset
    """
)
REVIEW_COUNT = text("SELECT count(*) FROM tool_versions WHERE state = 'in_review'")


def _ms(value: Any) -> int | None:
    return None if value is None else round(float(value))


class SqlInsightReads:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def recent_tools(self, user_id: UUID, limit: int) -> list[RecentTool]:
        rows = await self._s.execute(RECENT_TOOLS, {"user_id": user_id, "limit": limit})
        return [
            RecentTool(
                slug=r.slug,
                title=r.title,
                summary=r.summary,
                is_favorite=r.is_favorite,
                last_run_at=r.last_run_at,
                runs=int(r.runs),
            )
            for r in rows
        ]

    async def popular_tools(self, user_id: UUID, since: datetime, limit: int) -> list[PopularTool]:
        params = {"user_id": user_id, "since": since, "limit": limit}
        return [
            PopularTool(slug=r.slug, title=r.title, summary=r.summary, is_favorite=r.is_favorite)
            for r in await self._s.execute(POPULAR_TOOLS, params)
        ]

    async def usage(self, query: UsageQuery) -> UsageReport:
        params = {"since": query.since, "until": query.until, "tool": query.tool_slug}
        weeks = [
            ToolWeekUsage(
                tool_slug=r.tool_slug,
                tool_title=r.title,
                week=r.week,
                runs=int(r.runs),
                users=int(r.users),
                failed=int(r.failed),
                p50_ms=_ms(r.p50_ms),
                p95_ms=_ms(r.p95_ms),
            )
            for r in await self._s.execute(USAGE_BY_WEEK, params)
        ]
        tools = [
            ToolUsage(
                tool_slug=r.tool_slug,
                tool_title=r.title,
                runs=int(r.runs),
                users=int(r.users),
                failed=int(r.failed),
                p50_ms=_ms(r.p50_ms),
                p95_ms=_ms(r.p95_ms),
            )
            for r in await self._s.execute(USAGE_BY_TOOL, params)
        ]
        users = int(await self._s.scalar(USAGE_USERS, params) or 0)
        return UsageReport(weeks=weeks, tools=tools, users=users)

    async def review_queue(self, limit: int, offset: int) -> Page[ReviewItem]:
        rows = (await self._s.execute(REVIEW_QUEUE, {"limit": limit, "offset": offset})).all()
        total = int(rows[0].total) if rows else int(await self._s.scalar(REVIEW_COUNT) or 0)
        items = [
            ReviewItem(
                tool_slug=r.slug,
                tool_title=r.title,
                active_version=r.active_version,
                number=r.number,
                author_id=r.author_id,
                author_name=r.author_name,
                change_summary=r.change_summary,
                created_at=r.created_at,
            )
            for r in rows
        ]
        return Page(items=items, total=total, limit=limit, offset=offset)
