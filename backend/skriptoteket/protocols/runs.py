"""Ports of the runs feature beyond the queue: reading runs, tool sessions and their files,
artifacts and per-user tool settings. They share the Unit of Work's transaction, but for
`SessionStarts`, which is a transaction of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from skriptoteket.domain.catalog import Page
from skriptoteket.domain.runs import (
    NewRun,
    NewToolSession,
    QueuedRun,
    RunArtifact,
    RunQuery,
    RunView,
    ToolSessionFile,
    ToolSessionRecord,
    ToolSessionView,
)


class RunViews(Protocol):
    async def get_visible(self, run_id: UUID, viewer_id: UUID) -> tuple[RunView, bool] | None:
        """get_view together with whether `viewer_id` maintains the run's tool, read at once
        (one snapshot): what the access rule of every read of one run needs."""
        ...


class RunReads(RunViews, Protocol):
    async def get_view(self, run_id: UUID) -> RunView | None:
        """The run with its tool's title and its artifacts; logs included (the handler
        decides who sees them)."""
        ...

    async def list_views(self, query: RunQuery) -> Page[RunView]: ...

    async def mark_delivered(self, run_id: UUID, at: datetime) -> None:
        """The owner received the finished run (first time only; retention counts from it)."""
        ...

    async def artifact(self, run_id: UUID, artifact_id: UUID) -> RunArtifact | None: ...


class SessionStarts(Protocol):
    async def start(
        self,
        session: NewToolSession,
        files: list[ToolSessionFile],
        run: NewRun,
        *,
        max_attempts: int,
        queued_cap: int,
    ) -> QueuedRun | None:
        """Create a tool session, its files, its first run and the run's job in one transaction
        of its own, only while the user has fewer than `queued_cap` queued jobs, counted under
        the lock every enqueue of the user takes (RunQueue.add). At the cap nothing is written:
        None."""
        ...


class ToolSessionRepository(Protocol):
    async def add_files(
        self, session_id: UUID, files: list[ToolSessionFile], expires_at: datetime
    ) -> None: ...

    async def get(self, session_id: UUID, *, for_update: bool = False) -> ToolSessionRecord | None:
        """`for_update` locks the session until the transaction ends: two actions on one
        session are decided one after the other."""
        ...

    async def get_view(self, session_id: UUID) -> ToolSessionView | None: ...

    async def has_active_run(self, session_id: UUID) -> bool:
        """Whether a run of the session is queued or running."""
        ...

    async def touch(self, session_id: UUID, expires_at: datetime) -> None:
        """Keep the session and its files another retention period (they are in use)."""
        ...


class SavedSettings(Protocol):
    """A read of what is committed, in no unit of work (no use case saves settings and runs
    with them in one)."""

    async def get(self, user_id: UUID, tool_id: UUID) -> dict[str, Any] | None: ...


class ToolSettingsRepository(Protocol):
    async def put(
        self, user_id: UUID, tool_id: UUID, values: dict[str, Any], at: datetime
    ) -> None: ...
