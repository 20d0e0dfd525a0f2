"""In-memory fakes of the runs ports on the enqueue side: tool sessions and their files, saved
tool settings, the run queue and the read side of runs. They keep the rules the database
keeps: a tool session's file names are unique, a user's queued runs are counted under a lock
(nothing to lock here: one coroutine at a time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.application.runs.enqueue_run import EnqueueRun, QueueCaps
from skriptoteket.application.runs.queue_turn import QueueTurn
from skriptoteket.contract import DEFAULT_LIMITS, Limits
from skriptoteket.domain.catalog import Page
from skriptoteket.domain.errors import Conflict
from skriptoteket.domain.runs import (
    NewRun,
    NewToolSession,
    QueuedRun,
    RunArtifact,
    RunEnv,
    RunQuery,
    RunRef,
    RunStatus,
    RunView,
    ToolSessionFile,
    ToolSessionRecord,
    ToolSessionStatus,
    ToolSessionView,
)
from skriptoteket.protocols.catalog import ToolRepository, ToolsToRun, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.queue import CancelOutcome, RunQueue
from skriptoteket.protocols.runs import (
    RunReads,
    SavedSettings,
    SessionStarts,
    ToolSessionRepository,
    ToolSettingsRepository,
)
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.protocols.webhooks import WebhookEvents

from .build import build
from .catalog import FakeCatalog, FakeWebhookEvents
from .database import FakeDatabase, FakeToolSession, FakeUnitOfWork

H = TypeVar("H")


class FakeToolSessions:
    def __init__(self, db: FakeDatabase, clock: Clock) -> None:
        self.db = db
        self._clock = clock

    def insert(self, session: NewToolSession) -> None:
        """A new session (SessionStarts writes it with its first run)."""
        now = self._clock.now()
        self.db.tool_sessions[session.id] = FakeToolSession(
            id=session.id,
            tool_id=session.tool_id,
            tool_version_id=session.tool_version_id,
            user_id=session.user_id,
            env=session.env.value,
            inputs=dict(session.inputs),
            snapshot=session.snapshot,
            created_at=now,
            updated_at=now,
            expires_at=session.expires_at,
        )

    async def add_files(
        self, session_id: UUID, files: list[ToolSessionFile], expires_at: datetime
    ) -> None:
        session = self.db.tool_sessions[session_id]
        taken = {f.name for f, _ in session.files}
        for f in files:
            if f.name in taken:
                raise Conflict("A file of that name is in the session.", code="duplicate_name")
            taken.add(f.name)
            session.files.append((f, expires_at))

    def _files(self, session: FakeToolSession) -> list[ToolSessionFile]:
        now = self._clock.now()
        return [f for f, expires in session.files if expires > now]

    async def get(self, session_id: UUID, *, for_update: bool = False) -> ToolSessionRecord | None:
        s = self.db.tool_sessions.get(session_id)
        if s is None:
            return None
        return ToolSessionRecord(
            id=s.id,
            tool_id=s.tool_id,
            tool_slug=self.db.tools[s.tool_id].slug,
            tool_version_id=s.tool_version_id,
            user_id=s.user_id,
            env=RunEnv(s.env),
            state=dict(s.state),
            state_rev=s.state_rev,
            inputs=dict(s.inputs),
            pending_actions=list(s.pending_actions),
            snapshot=s.snapshot,
            files=self._files(s),
            expires_at=s.expires_at,
        )

    async def get_view(self, session_id: UUID) -> ToolSessionView | None:
        s = self.db.tool_sessions.get(session_id)
        if s is None:
            return None
        tool = self.db.tools[s.tool_id]
        return ToolSessionView(
            id=s.id,
            user_id=s.user_id,
            tool_id=s.tool_id,
            tool_slug=tool.slug,
            tool_title=tool.title,
            env=RunEnv(s.env),
            status=ToolSessionStatus.ACTIVE
            if s.expires_at > self._clock.now()
            else ToolSessionStatus.EXPIRED,
            state_rev=s.state_rev,
            pending_actions=list(s.pending_actions),
            files=self._files(s),
            last_run_id=s.last_run_id,
            created_at=s.created_at,
            updated_at=s.updated_at or s.created_at,
            expires_at=s.expires_at,
            state=dict(s.state),
            inputs=dict(s.inputs),
        )

    async def has_active_run(self, session_id: UUID) -> bool:
        return any(
            run.session_id == session_id
            and self.db.run_status[run.id] in (RunStatus.QUEUED, RunStatus.RUNNING)
            for run in self.db.runs.values()
        )

    async def touch(self, session_id: UUID, expires_at: datetime) -> None:
        s = self.db.tool_sessions.get(session_id)
        if s is not None:
            s.expires_at = expires_at
            s.updated_at = self._clock.now()
            s.files = [(f, expires_at) for f, _ in s.files]


class FakeToolSettings:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def get(self, user_id: UUID, tool_id: UUID) -> dict[str, Any] | None:
        return self.db.tool_settings.get((user_id, tool_id))

    async def put(self, user_id: UUID, tool_id: UUID, values: dict[str, Any], at: datetime) -> None:
        self.db.tool_settings[(user_id, tool_id)] = dict(values)


class FakeRunQueue:
    """The enqueue side of the queue: runs are stored with their status."""

    def __init__(self, db: FakeDatabase, clock: Clock) -> None:
        self.db = db
        self._clock = clock

    async def add(self, run: NewRun, max_attempts: int, queued_cap: int) -> QueuedRun | None:
        waiting = sum(
            1
            for queued in self.db.runs.values()
            if queued.user_id == run.user_id and self.db.run_status[queued.id] == RunStatus.QUEUED
        )
        if waiting >= queued_cap:
            return None
        ahead = sum(status == RunStatus.QUEUED for status in self.db.run_status.values())
        self.db.runs[run.id] = run
        self.db.run_status[run.id] = RunStatus.QUEUED
        self.db.queued_at[run.id] = self._clock.now()
        return QueuedRun(queued_at=self.db.queued_at[run.id], position=ahead)

    async def get(self, run_id: UUID) -> RunRef | None:
        run = self.db.runs.get(run_id)
        if run is None:
            return None
        return RunRef(id=run.id, user_id=run.user_id, status=RunStatus(self.db.run_status[run_id]))

    async def cancel(self, run_id: UUID) -> CancelOutcome:
        status = self.db.run_status[run_id]
        if status == RunStatus.QUEUED:
            self.db.run_status[run_id] = RunStatus.CANCELLED
            return CancelOutcome(cancelled_now=True, kill_requested=False)
        return CancelOutcome(cancelled_now=False, kill_requested=status == RunStatus.RUNNING)


class FakeRunReads:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def get_view(self, run_id: UUID) -> RunView | None:
        run = self.db.runs.get(run_id)
        if run is None:
            return None
        return RunView(
            id=run.id,
            user_id=run.user_id,
            tool_id=run.tool_id,
            tool_slug=run.tool_slug,
            tool_title=self.db.tools[run.tool_id].title,
            version=run.version_number,
            session_id=run.session_id,
            mode=run.mode,
            env=run.env,
            status=RunStatus(self.db.run_status[run_id]),
            error=None,
            outputs=[],
            actions=[],
            artifacts=[],
            queued_at=self.db.queued_at[run_id],
            started_at=None,
            finished_at=None,
            logs={},
        )

    async def get_visible(self, run_id: UUID, viewer_id: UUID) -> tuple[RunView, bool] | None:
        view = await self.get_view(run_id)
        if view is None:
            return None
        return view, viewer_id in self.db.maintainers_of.get(view.tool_id, set())

    async def list_views(self, query: RunQuery) -> Page[RunView]:
        views = [
            view
            for run in sorted(self.db.runs.values(), key=lambda r: self.db.queued_at[r.id])
            if (query.user_id is None or run.user_id == query.user_id)
            and (view := await self.get_view(run.id)) is not None
            and (query.tool_slug is None or view.tool_slug == query.tool_slug)
            and (query.status is None or view.status is query.status)
        ][::-1]
        return Page(
            views[query.offset : query.offset + query.limit], len(views), query.limit, query.offset
        )

    async def mark_delivered(self, run_id: UUID, at: datetime) -> None:
        self.db.delivered_at.setdefault(run_id, at)

    async def artifact(self, run_id: UUID, artifact_id: UUID) -> RunArtifact | None:
        return None  # the fakes run nothing, so no run has artifacts


class FakeSessionStarts:
    def __init__(
        self, uow: UnitOfWork, tool_sessions: FakeToolSessions, queue: FakeRunQueue
    ) -> None:
        self._uow = uow
        self._tool_sessions = tool_sessions
        self._queue = queue

    async def start(
        self,
        session: NewToolSession,
        files: list[ToolSessionFile],
        run: NewRun,
        *,
        max_attempts: int,
        queued_cap: int,
    ) -> QueuedRun | None:
        async with self._uow:  # at the cap, leaving it uncommitted takes the session away
            self._tool_sessions.insert(session)
            await self._tool_sessions.add_files(session.id, files, session.expires_at)
            queued = await self._queue.add(run, max_attempts, queued_cap)
            if queued is not None:
                await self._uow.commit()
        return queued


class FakeRuns(FakeCatalog):
    """The catalog's fakes and the runs' on one database, and the use cases built from them."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS, *, queued_cap: int = 20) -> None:
        super().__init__()
        self.limits = limits
        self.tool_sessions = FakeToolSessions(self.db, self.clock)
        self.tool_settings = FakeToolSettings(self.db)
        self.queue = FakeRunQueue(self.db, self.clock)
        self.reads = FakeRunReads(self.db)
        self.caps = QueueCaps(queued_cap)
        self.enqueue = EnqueueRun(self.uow, self.queue, self.caps)
        self.starts = FakeSessionStarts(self.uow, self.tool_sessions, self.queue)

    def build(self, kind: type[H]) -> H:
        available: dict[Any, object] = {
            UnitOfWork: self.uow,
            ToolRepository: self.tools,
            VersionRepository: self.versions,
            ToolSessionRepository: self.tool_sessions,
            ToolSettingsRepository: self.tool_settings,
            SavedSettings: self.tool_settings,
            ToolsToRun: self.tools,
            RunQueue: self.queue,
            RunReads: self.reads,
            EnqueueRun: self.enqueue,
            QueueCaps: self.caps,
            SessionStarts: self.starts,
            Audit: Audit(self.audit, self.clock),
            Clock: self.clock,
            Limits: self.limits,
            WebhookEvents: FakeWebhookEvents(),
        }
        available[QueueTurn] = build(QueueTurn, available)
        return build(kind, available)


def _fakes_implement_the_ports(db: FakeDatabase, clock: Clock) -> None:
    """Never called: mypy checks here that each fake satisfies its Protocol."""
    tool_sessions: ToolSessionRepository = FakeToolSessions(db, clock)
    tool_settings: ToolSettingsRepository = FakeToolSettings(db)
    saved: SavedSettings = FakeToolSettings(db)
    queue: RunQueue = FakeRunQueue(db, clock)
    reads: RunReads = FakeRunReads(db)
    starts: SessionStarts = FakeSessionStarts(
        FakeUnitOfWork(db), FakeToolSessions(db, clock), FakeRunQueue(db, clock)
    )
    del tool_sessions, tool_settings, saved, queue, reads, starts
