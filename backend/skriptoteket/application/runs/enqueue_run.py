"""Create a run and its job in one transaction; workers hear of it when it commits."""

from __future__ import annotations

from dataclasses import dataclass

from skriptoteket.domain.errors import RateLimited
from skriptoteket.domain.runs import NewRun, QueuedRun
from skriptoteket.protocols.queue import RunQueue
from skriptoteket.protocols.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class QueueCaps:
    """How many of one user's runs may wait, and how often a job is tried."""

    queued_cap: int
    max_attempts: int = 2

    def full(self) -> RateLimited:
        """The answer at the queued cap."""
        return RateLimited(
            retry_after_s=10,
            message=f"You already have {self.queued_cap} runs waiting; "
            "try again when one has started.",
        )


class EnqueueRun:
    def __init__(self, uow: UnitOfWork, queue: RunQueue, caps: QueueCaps) -> None:
        self._uow = uow
        self._queue = queue
        self._caps = caps

    async def __call__(self, run: NewRun) -> QueuedRun:
        async with self._uow:
            queued = await self.within(run)
            await self._uow.commit()
        return queued

    async def within(self, run: NewRun) -> QueuedRun:
        """Enqueue inside a transaction the caller owns (an action, with its session locked)."""
        caps = self._caps
        queued = await self._queue.add(run, caps.max_attempts, caps.queued_cap)
        if queued is None:
            raise caps.full()
        return queued
