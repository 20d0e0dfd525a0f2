"""What the platform tells about its own use: a user's recently used tools, the most used tools,
usage per tool and week for admins, and the review queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class RecentTool:
    """A tool the user ran (production runs only, never a sandbox run of a draft)."""

    slug: str
    title: str
    summary: str
    is_favorite: bool
    last_run_at: datetime
    runs: int


@dataclass(frozen=True, slots=True)
class PopularTool:
    """A tool many people ran lately (production runs only), for everyone's first page."""

    slug: str
    title: str
    summary: str
    is_favorite: bool


@dataclass(frozen=True, slots=True)
class UsageQuery:
    since: datetime
    until: datetime
    tool_slug: str | None = None


@dataclass(frozen=True, slots=True)
class ToolWeekUsage:
    """One tool in one ISO week (Monday 00:00 UTC): its production runs."""

    tool_slug: str
    tool_title: str
    week: datetime
    runs: int
    users: int
    failed: int  # failed or timed out
    p50_ms: int | None  # of finished runs (started to finished)
    p95_ms: int | None


@dataclass(frozen=True, slots=True)
class ToolUsage:
    """One tool over the whole period: distinct users are not a sum of the weeks'."""

    tool_slug: str
    tool_title: str
    runs: int
    users: int
    failed: int
    p50_ms: int | None
    p95_ms: int | None


@dataclass(frozen=True, slots=True)
class UsageReport:
    weeks: list[ToolWeekUsage]
    tools: list[ToolUsage]
    users: int  # distinct users over the period, all tools


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A version waiting for review, with the tool's active version to compare with."""

    tool_slug: str
    tool_title: str
    active_version: int | None
    number: int
    author_id: UUID
    author_name: str
    change_summary: str
    created_at: datetime
