"""Ports of the run queue: the enqueue side (inside a Unit of Work) and the worker side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from skriptoteket.domain.runs import NewRun, QueuedRun, RunRef, Verdict


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    cancelled_now: bool  # it was queued: the run is cancelled
    kill_requested: bool  # it was running: its worker will kill it and end it cancelled


class RunQueue(Protocol):
    """The enqueue side; shares the Unit of Work's transaction."""

    async def add(self, run: NewRun, max_attempts: int, queued_cap: int) -> QueuedRun | None:
        """Insert the run and its job, unless the user already has `queued_cap` queued jobs
        (None: nothing was added). The user's jobs are counted under a per-user lock held
        until commit, so two concurrent enqueues cannot both pass the cap; workers are
        notified when the transaction commits."""
        ...

    async def get(self, run_id: UUID) -> RunRef | None: ...

    async def cancel(self, run_id: UUID) -> CancelOutcome: ...


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    job_id: int
    run_id: UUID
    user_id: UUID
    attempt: int  # also the lease's fencing token: finalizing checks owner and attempt
    request: bytes  # the run's stored request, encoded (application/runs/stored_request.py)


@dataclass(frozen=True, slots=True)
class Lease:
    job_id: int
    attempt: int
    cancel_requested: bool


@dataclass(frozen=True, slots=True)
class ReapedJob:
    run_id: UUID
    requeued: bool  # the tool never started: it will run again
    tool_started: bool  # the tool had started: the run failed and its leftovers must go


class JobQueue(Protocol):
    """The worker side. Every method is one atomic statement; a lost database connection
    raises domain.errors.Unavailable."""

    async def claim(self, owner: str, limit: int) -> list[ClaimedJob]: ...

    async def mark_tool_started(self, job: ClaimedJob, owner: str) -> bool | None:
        """Record that the tool is about to start. None: the lease is lost (do not start);
        else whether cancel was requested."""
        ...

    async def renew_leases(self, owner: str, job_ids: list[int]) -> list[Lease]:
        """Extend `owner`'s leases on these jobs; the answer is the leases it still holds."""
        ...

    async def finish(self, job: ClaimedJob, owner: str, verdict: Verdict) -> bool:
        """Store the terminal verdict; False when `owner` no longer holds the lease."""
        ...

    async def hand_back(self, job: ClaimedJob, owner: str) -> bool:
        """Return a job whose tool never started to the queue, as if never claimed."""
        ...

    async def reap(self) -> list[ReapedJob]: ...

    async def queue_depth(self) -> int: ...


class Wakeups(Protocol):
    """Notifications for the worker: runs to claim and runs to cancel."""

    async def listen(self, on_queued: Callable[[], None], on_cancel: Callable[[], None]) -> None:
        """Listen until cancelled, reconnecting when the database goes away; `on_queued` is
        also called after every (re)connect, as notifications may have been missed."""
        ...


class WorkerMetrics(Protocol):
    def claimed(self, seconds: float, count: int) -> None: ...

    def finished(self, status: str, seconds: float) -> None: ...

    def reaped(self, requeued: int, failed: int) -> None: ...

    def queue_depth(self, depth: int) -> None: ...
