"""Runs and the queue, the enqueue side: the repository and the handlers, per container.
(The worker process is composed in entrypoints/worker.py.)"""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.runs.cancel_run import CancelRun
from skriptoteket.application.runs.enqueue_run import EnqueueRun
from skriptoteket.infrastructure.db.runs import SqlRunQueue
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.queue import RunQueue
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
