"""The background job runner: a worker's own loop, beside its run slots, that claims due jobs
of the kinds it has handlers for and runs each with a timeout. A failed attempt is tried again
after an exponentially growing wait, until `max_attempts`; then the job is `failed` with its
last error. Talks to ports only; entrypoints/worker.py wires PostgreSQL and the handlers.
docs/architecture.md#background-jobs says how to add a kind."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.background_jobs import (
    BackgroundJobStore,
    ClaimedBackgroundJob,
    JobHandlers,
    JobWakeups,
    PermanentJobFailure,
)
from skriptoteket.protocols.clock import Clock

log = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000


@dataclass(frozen=True, slots=True)
class BackgroundJobPolicy:
    concurrency: int = 4
    timeout_s: float = 60.0  # one attempt; the lease is this plus lease_margin_s
    backoff_s: float = 30.0  # the wait after the first failed attempt; doubles after each
    max_backoff_s: float = 3600.0
    poll_s: float = 5.0  # claim this often even without a notification
    keep: timedelta = timedelta(days=7)  # finished jobs are deleted this long after
    purge_every_s: float = 600.0
    lease_margin_s: float = 30.0

    @property
    def lease_s(self) -> float:
        return self.timeout_s + self.lease_margin_s


def backoff_delay(attempt: int, policy: BackgroundJobPolicy) -> float:
    """The wait before attempt `attempt + 1`: backoff_s, then twice that, and so on."""
    return float(min(policy.max_backoff_s, policy.backoff_s * 2 ** max(0, attempt - 1)))


class BackgroundJobRunner:
    def __init__(
        self,
        *,
        owner: str,
        store: BackgroundJobStore,
        handlers: JobHandlers,
        wakeups: JobWakeups,
        clock: Clock,
        policy: BackgroundJobPolicy,
    ) -> None:
        self._owner = owner
        self._store = store
        self._handlers = handlers
        self._wakeups = wakeups
        self._clock = clock
        self._policy = policy
        self._running: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Stop claiming; `run` lets started jobs finish (each within its timeout)."""
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        kinds = list(self._handlers.kinds())
        if not kinds:
            return
        listener = asyncio.create_task(self._wakeups.listen(self._wake.set))
        next_purge = time.monotonic()
        backoff = 0.05
        try:
            while not self._stopping.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._policy.poll_s)
                self._wake.clear()
                try:
                    await self._claim_while_free(kinds)
                    if time.monotonic() >= next_purge:
                        await self._purge()
                        next_purge = time.monotonic() + self._policy.purge_every_s
                    backoff = 0.05
                except Unavailable as exc:
                    log.warning("background jobs: %s", exc)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
                    self._wake.set()
            if self._running:
                await asyncio.wait(list(self._running), timeout=self._policy.timeout_s + 1)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def _claim_while_free(self, kinds: list[str]) -> None:
        while not self._stopping.is_set():
            free = self._policy.concurrency - len(self._running)
            if free <= 0:
                return
            jobs = await self._store.claim(self._owner, kinds, free, self._policy.lease_s)
            for job in jobs:
                task = asyncio.create_task(self.execute(job))
                self._running.add(task)
                task.add_done_callback(self._done)
            if len(jobs) < free:
                return

    def _done(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a background job crashed the runner", exc_info=task.exception())
        self._wake.set()  # a free slot

    async def _purge(self) -> None:
        before = self._clock.now() - self._policy.keep
        while await self._store.purge(before, 500) >= 500:
            pass

    async def execute(self, job: ClaimedBackgroundJob) -> None:
        """One attempt of one job, and its outcome stored."""
        extra = {"job_id": job.id, "kind": job.kind, "attempt": job.attempt}
        if job.attempt > job.max_attempts:
            # Claimed again after its lease expired on the last attempt: its workers died.
            await self._store.fail(job, self._owner, "the worker stopped during every attempt")
            log.error("background job failed: its worker stopped every time", extra=extra)
            return
        try:
            async with self._handlers.open(job.kind) as handler:
                await asyncio.wait_for(handler(job.payload), self._policy.timeout_s)
        except PermanentJobFailure as exc:
            await self._store.fail(job, self._owner, _describe(exc))
            log.error("background job failed: %s", _describe(exc), extra=extra)
        except Exception as exc:
            error = (
                f"took longer than {self._policy.timeout_s:g} s"
                if isinstance(exc, TimeoutError)
                else _describe(exc)
            )
            if job.attempt >= job.max_attempts:
                await self._store.fail(job, self._owner, error)
                log.error(
                    "background job failed after %d attempts: %s", job.attempt, error, extra=extra
                )
            else:
                delay = backoff_delay(job.attempt, self._policy)
                await self._store.retry(job, self._owner, error, delay)
                log.warning(
                    "background job will be tried again in %g s: %s", delay, error, extra=extra
                )
        else:
            await self._store.complete(job, self._owner)


def _describe(exc: BaseException) -> str:
    text = str(exc)
    name = type(exc).__name__
    return (f"{name}: {text}" if text else name)[:MAX_ERROR_CHARS]
