"""Runs and the queue, the enqueue side: the repositories and the handlers, per container.
(The worker process is composed in entrypoints/worker.py.)"""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.audit import Audit
from skriptoteket.application.runs.cancel_run import CancelRun
from skriptoteket.application.runs.enqueue_run import EnqueueRun, QueueCaps
from skriptoteket.application.runs.get_run import (
    CheckRunAccess,
    GetArtifact,
    GetRun,
    ListRuns,
    RecordRunRead,
)
from skriptoteket.application.runs.queue_turn import QueueTurn
from skriptoteket.application.runs.settings import GetToolSettings, SaveToolSettings
from skriptoteket.application.runs.start_run import PrepareRun, PrepareSandbox, StartRun
from skriptoteket.application.runs.tool_sessions import (
    GetSessionFile,
    GetToolSession,
    PrepareAction,
    StartAction,
)
from skriptoteket.infrastructure.db.read_pool import ReadPool
from skriptoteket.infrastructure.db.runs import SqlRunQueue
from skriptoteket.infrastructure.db.session_starts import SqlSessionStarts
from skriptoteket.infrastructure.db.tool_sessions import (
    ReadPoolRunViews,
    ReadPoolSavedSettings,
    SqlRunReads,
    SqlToolSessionRepository,
    SqlToolSettingsRepository,
)
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.queue import RunQueue
from skriptoteket.protocols.runs import (
    RunReads,
    SavedSettings,
    SessionStarts,
    ToolSessionRepository,
    ToolSettingsRepository,
)
from skriptoteket.protocols.uow import UnitOfWork

from .wiring import register_by_constructor, released_first, scoped


def register_runs(registry: svcs.Registry, settings: Settings) -> None:
    async def run_queue(c: svcs.Container) -> RunQueue:
        return SqlRunQueue(await c.aget(AsyncSession))

    async def run_reads(c: svcs.Container) -> RunReads:
        return SqlRunReads(await c.aget(AsyncSession), await c.aget(ReadPool))

    async def sessions(c: svcs.Container) -> ToolSessionRepository:
        return SqlToolSessionRepository(await c.aget(AsyncSession))

    async def saved_settings(c: svcs.Container) -> SavedSettings:
        return ReadPoolSavedSettings(await c.aget(ReadPool))

    async def tool_settings(c: svcs.Container) -> ToolSettingsRepository:
        return SqlToolSettingsRepository(await c.aget(AsyncSession))

    caps = QueueCaps(settings.queue_user_queued_cap, settings.queue_max_attempts)

    async def enqueue_run(c: svcs.Container) -> EnqueueRun:
        uow, queue = await c.aget_abstract(UnitOfWork, RunQueue)
        return EnqueueRun(uow, queue, caps)

    async def session_starts(c: svcs.Container) -> SessionStarts:
        return SqlSessionStarts(await c.aget(ReadPool))

    async def cancel_run(c: svcs.Container) -> CancelRun:
        uow, queue = await c.aget_abstract(UnitOfWork, RunQueue)
        return CancelRun(uow, queue)

    def reader(kind: type[RecordRunRead] | type[CheckRunAccess] | type[GetArtifact]) -> None:
        async def make(c: svcs.Container) -> RecordRunRead | CheckRunAccess | GetArtifact:
            uow, runs = await c.aget_abstract(UnitOfWork, RunReads)
            return kind(uow, runs, await c.aget(Audit))

        registry.register_factory(kind, make)

    async def list_runs(c: svcs.Container) -> ListRuns:
        uow, runs = await c.aget_abstract(UnitOfWork, RunReads)
        return ListRuns(uow, runs, await c.aget(Audit))

    registry.register_value(QueueCaps, caps)
    registry.register_factory(SessionStarts, session_starts)
    registry.register_factory(RunQueue, run_queue)
    registry.register_factory(RunReads, run_reads)
    registry.register_factory(ToolSessionRepository, sessions)
    registry.register_factory(ToolSettingsRepository, tool_settings)
    registry.register_factory(SavedSettings, saved_settings)
    registry.register_factory(EnqueueRun, enqueue_run)
    registry.register_factory(CancelRun, cancel_run)

    async def get_run(c: svcs.Container) -> GetRun:
        # Nothing per request: the web layer keeps one for the process. A read that writes
        # gives back the request's shared read connection (SharedReads) before its unit of
        # work waits for a connection of the other pool.
        reads = await c.aget(ReadPool)
        return GetRun(
            ReadPoolRunViews(reads), released_first(reads, scoped(registry, RecordRunRead))
        )

    registry.register_factory(ListRuns, list_runs)
    registry.register_factory(GetRun, get_run)
    for kind in (RecordRunRead, CheckRunAccess, GetArtifact):
        reader(kind)
    register_by_constructor(
        registry,
        QueueTurn,
        PrepareRun,
        PrepareSandbox,
        StartRun,
        GetToolSession,
        GetSessionFile,
        PrepareAction,
        StartAction,
        GetToolSettings,
        SaveToolSettings,
    )
