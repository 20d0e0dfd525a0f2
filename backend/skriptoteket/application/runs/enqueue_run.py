"""Create a run and its job in one transaction; workers hear of it when it commits."""

from __future__ import annotations

from skriptoteket.domain.errors import RateLimited
from skriptoteket.domain.runs import NewRun, QueuedRun
from skriptoteket.protocols.queue import RunQueue
from skriptoteket.protocols.uow import UnitOfWork


class EnqueueRun:
    def __init__(
        self, uow: UnitOfWork, queue: RunQueue, *, queued_cap: int, max_attempts: int = 2
    ) -> None:
        self._uow = uow
        self._queue = queue
        self._queued_cap = queued_cap
        self._max_attempts = max_attempts

    async def __call__(self, run: NewRun) -> QueuedRun:
        async with self._uow:
            queued = await self.within(run)
            await self._uow.commit()
        return queued

    async def within(self, run: NewRun) -> QueuedRun:
        """Enqueue inside a transaction the caller owns (a run created with its session)."""
        queued = await self._queue.add(run, self._max_attempts, self._queued_cap)
        if queued is None:
            raise RateLimited(
                retry_after_s=10,
                message=f"You already have {self._queued_cap} runs waiting; "
                "try again when one has started.",
            )
        return queued
