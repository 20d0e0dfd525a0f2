"""Runs and the queue: the enqueue side (repository + handlers, per container) and the
worker's parts (the runner chosen by settings)."""

from __future__ import annotations

from pathlib import Path

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.runs.cancel_run import CancelRun
from skriptoteket.application.runs.enqueue_run import EnqueueRun
from skriptoteket.infrastructure.db.runs import SqlRunQueue
from skriptoteket.infrastructure.runner.noop import NoopRunner
from skriptoteket.infrastructure.settings import Settings, SettingsError
from skriptoteket.protocols.queue import RunQueue
from skriptoteket.protocols.runner import ToolRunner
from skriptoteket.protocols.uow import UnitOfWork


def register_runs(registry: svcs.Registry, settings: Settings) -> None:
    async def run_queue(c: svcs.Container) -> RunQueue:
        return SqlRunQueue(await c.aget(AsyncSession))

    async def enqueue_run(c: svcs.Container) -> EnqueueRun:
        uow, queue = await c.aget_abstract(UnitOfWork, RunQueue)
        return EnqueueRun(
            uow,
            queue,
            queued_cap=settings.queue_user_queued_cap,
            max_attempts=settings.queue_max_attempts,
        )

    async def cancel_run(c: svcs.Container) -> CancelRun:
        uow, queue = await c.aget_abstract(UnitOfWork, RunQueue)
        return CancelRun(uow, queue)

    registry.register_factory(RunQueue, run_queue)
    registry.register_factory(EnqueueRun, enqueue_run)
    registry.register_factory(CancelRun, cancel_run)


def build_tool_runner(settings: Settings) -> ToolRunner:
    """The runner the worker uses, chosen by SKRIPTOTEKET_RUNNER."""
    if settings.runner == "noop":
        return NoopRunner(
            sleep_s=settings.noop_runner_sleep_ms / 1000,
            log_path=Path(settings.noop_runner_log) if settings.noop_runner_log else None,
        )
    raise SettingsError(f"SKRIPTOTEKET_RUNNER={settings.runner!r} is not a known runner (noop)")
