"""The worker's side of run.finished / run.failed: once a verdict is stored, announce it
(application/webhooks/deliver.py AnnounceRunEnd) in a task of its own, so a worker slot never
waits for it. It shares the worker's SideRegistry with the background job loop."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING
from uuid import UUID

from skriptoteket.domain.runs import RunStatus

if TYPE_CHECKING:
    from skriptoteket.entrypoints.side_registry import SideRegistry

log = logging.getLogger(__name__)


class RunEndAnnouncer:
    def __init__(self, registry: SideRegistry) -> None:
        self._registry = registry
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(self, run_id: UUID, status: RunStatus) -> None:
        task = asyncio.create_task(self._announce(run_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _announce(self, run_id: UUID) -> None:
        import svcs

        from skriptoteket.application.webhooks.deliver import AnnounceRunEnd

        try:
            async with svcs.Container(await self._registry.get()) as container:
                await (await container.aget(AnnounceRunEnd))(run_id)
        except Exception:  # a webhook must never hurt the worker
            log.exception("could not announce a finished run", extra={"run_id": str(run_id)})

    async def aclose(self) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=10)
