"""The worker: N slots that claim jobs when woken (NOTIFY, a freed slot, or a slow poll),
a heartbeat that renews leases and relays cancels, and a reaper for other workers' expired
leases. Talks to ports only; entrypoints/worker.py wires PostgreSQL and the runner.

A slot is a tool that may run: it is free again once its job's tool has ended, while the job
still writes its verdict and removes its container. Those jobs stay known to the worker until
they are done (their leases renewed, a stop waits for them), at most `concurrency` of them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.queue import ClaimedJob, JobQueue, Wakeups, WorkerMetrics
from skriptoteket.protocols.runner import ToolRunner

from .execute_run import ExecuteRun, JobControl

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    concurrency: int = 4
    poll_s: float = 5.0
    heartbeat_s: float = 10.0
    reap_s: float = 5.0
    grace_s: float = 30.0
    max_backoff_s: float = 5.0


@dataclass(slots=True)
class _Slot:
    job: ClaimedJob
    control: JobControl
    task: asyncio.Task[object]


class Worker:
    def __init__(
        self,
        *,
        owner: str,
        queue: JobQueue,
        wakeups: Wakeups,
        execute: ExecuteRun,
        runner: ToolRunner,
        metrics: WorkerMetrics,
        config: WorkerConfig,
    ) -> None:
        self.owner = owner
        self._queue = queue
        self._wakeups = wakeups
        self._execute = execute
        self._runner = runner
        self._metrics = metrics
        self._config = config
        self._slots: dict[int, _Slot] = {}
        self._wake = asyncio.Event()
        self._beat = asyncio.Event()
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Stop claiming; `run` then drains and returns."""
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        background = [
            asyncio.create_task(self._wakeups.listen(self._wake.set, self._beat.set)),
            asyncio.create_task(self._heartbeat_loop()),
            asyncio.create_task(self._reaper_loop()),
        ]
        try:
            await self._claim_loop()
            await self._drain()
        finally:
            for task in background:
                task.cancel()
            for task in background:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _claim_loop(self) -> None:
        backoff = 0.05
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._config.poll_s)
            self._wake.clear()
            # Claim until the slots are full or a claim finds nothing more.
            while not self._stopping.is_set():
                free = self._free_slots()
                if free <= 0:
                    break
                try:
                    began = time.monotonic()
                    jobs = await self._queue.claim(self.owner, free)
                    self._metrics.claimed(time.monotonic() - began, len(jobs))
                    backoff = 0.05
                except Unavailable as exc:
                    log.warning("cannot claim: %s", exc)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self._config.max_backoff_s)
                    continue
                for job in jobs:
                    self._start(job)
                if not jobs:
                    break

    def _free_slots(self) -> int:
        """Slots whose tool has ended count as free, but no more than `concurrency` jobs may be
        finishing at once (a database that stores no verdicts stops the claims too)."""
        n = self._config.concurrency
        busy = sum(not slot.control.tool_ended for slot in self._slots.values())
        return min(n - busy, 2 * n - len(self._slots))

    def _start(self, job: ClaimedJob) -> None:
        control = JobControl(on_tool_ended=self._wake.set)
        task: asyncio.Task[object] = asyncio.create_task(self._execute(job, control))
        self._slots[job.job_id] = _Slot(job, control, task)

        def done(t: asyncio.Task[object]) -> None:
            self._slots.pop(job.job_id, None)
            if not t.cancelled() and t.exception() is not None:
                log.error("a job failed in the worker", exc_info=t.exception())
            self._wake.set()  # perhaps a user below the cap again

        task.add_done_callback(done)

    async def _drain(self) -> None:
        """Stopping: jobs not yet started go back to the queue; started ones get the grace
        period; what still runs after it is stopped (and ends failed/platform_error)."""
        for slot in self._slots.values():
            slot.control.may_start = False
        tasks = [slot.task for slot in self._slots.values()]
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=self._config.grace_s)
        if pending:
            for slot in list(self._slots.values()):
                if slot.control.tool_running:
                    await self._runner.kill(slot.job.run_id)
            await asyncio.wait(pending, timeout=10)

    async def _heartbeat_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._beat.wait(), self._config.heartbeat_s)
            self._beat.clear()
            # Only jobs claimed before the renewal began can be judged by its answer.
            known = list(self._slots.values())
            if not known:
                continue
            try:
                renewed = await self._queue.renew_leases(
                    self.owner, [slot.job.job_id for slot in known]
                )
                leases = {lease.job_id: lease for lease in renewed}
            except Unavailable as exc:
                log.warning("cannot renew leases: %s", exc)
                continue
            for slot in known:
                if slot.task.done():
                    continue
                lease = leases.get(slot.job.job_id)
                if lease is None or lease.attempt != slot.job.attempt:
                    # Reaped: someone else decides this run now; stop the tool.
                    if not slot.control.lease_lost:
                        slot.control.lease_lost = True
                        if slot.control.tool_running:
                            await self._runner.kill(slot.job.run_id)
                elif lease.cancel_requested and not slot.control.cancel_requested:
                    slot.control.cancel_requested = True
                    if slot.control.tool_running:
                        await self._runner.kill(slot.job.run_id)

    async def _reaper_loop(self) -> None:
        while True:
            await asyncio.sleep(self._config.reap_s)
            try:
                reaped = await self._queue.reap()
                self._metrics.queue_depth(await self._queue.queue_depth())
            except Unavailable as exc:
                log.warning("cannot reap: %s", exc)
                continue
            if not reaped:
                continue
            requeued = [r for r in reaped if r.requeued]
            self._metrics.reaped(len(requeued), len(reaped) - len(requeued))
            if requeued:
                self._wake.set()
            for r in reaped:
                log.warning(
                    "reaped an expired lease",
                    extra={"run_id": str(r.run_id), "requeued": r.requeued},
                )
                if r.tool_started:
                    await self._runner.remove(r.run_id)
