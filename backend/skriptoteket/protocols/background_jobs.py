"""Ports of the background jobs: small units of work (a mail, a webhook delivery) that the
workers run beside tool runs, retried with backoff. How to add a kind is in
docs/architecture.md#background-jobs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class BackgroundJobs(Protocol):
    """The enqueue side; shares the Unit of Work's transaction, so a job exists exactly when
    the change that asked for it is committed (workers are woken at the commit)."""

    async def enqueue(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        run_after: datetime | None = None,
        max_attempts: int | None = None,
    ) -> int:
        """Add a job of `kind` with a JSON payload; returns its id. `max_attempts` None: the
        server's SKRIPTOTEKET_BACKGROUND_JOB_MAX_ATTEMPTS."""
        ...


class JobHandler(Protocol):
    """Does one job of its kind. Returning is success; raising an exception is a failed
    attempt (tried again with backoff until max_attempts); raising PermanentJobFailure fails
    the job at once. Jobs run at least once, so a handler must tolerate a repeat."""

    async def __call__(self, payload: Mapping[str, Any]) -> None: ...


class PermanentJobFailure(Exception):
    """Trying again cannot help (the payload is wrong, the recipient is gone)."""


class JobHandlers(Protocol):
    """The kinds a worker runs, and a fresh handler (with its own unit of work) per job."""

    def kinds(self) -> Sequence[str]: ...

    def open(self, kind: str) -> AbstractAsyncContextManager[JobHandler]: ...


@dataclass(frozen=True, slots=True)
class ClaimedBackgroundJob:
    id: int
    kind: str
    payload: Mapping[str, Any]
    attempt: int  # 1 for the first; also the lease's fencing token
    max_attempts: int


class BackgroundJobStore(Protocol):
    """The worker side. Every method is one atomic statement; a lost database raises
    domain.errors.Unavailable. The last three answer False when the lease was lost."""

    async def claim(
        self, owner: str, kinds: Sequence[str], limit: int, lease_s: float
    ) -> list[ClaimedBackgroundJob]: ...

    async def complete(self, job: ClaimedBackgroundJob, owner: str) -> bool: ...

    async def retry(
        self, job: ClaimedBackgroundJob, owner: str, error: str, delay_s: float
    ) -> bool: ...

    async def fail(self, job: ClaimedBackgroundJob, owner: str, error: str) -> bool: ...

    async def purge(self, before: datetime, batch: int) -> int: ...


class JobWakeups(Protocol):
    async def listen(self, on_enqueued: Callable[[], None]) -> None:
        """Call `on_enqueued` on every notification and after every (re)connect, until
        cancelled."""
        ...
