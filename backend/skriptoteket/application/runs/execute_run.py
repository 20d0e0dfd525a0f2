"""Execute one claimed job: decode its stored request into a RunSpec, mark the tool started, run
it, store the verdict (judged by the run's own stored limits), and only then remove what the
run left (its container): the client sees the result without waiting for the cleanup.
Only the lease holder's writes count; a lost lease means someone else decides the run.

Once the tool has ended (or it is clear that it will not start), the job gives its slot back
(`JobControl.end_tool`): the worker's next tool starts while this job's verdict is written and
its container removed."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.domain.errors import Unavailable
from skriptoteket.domain.runs import RunStatus, Verdict
from skriptoteket.protocols.queue import ClaimedJob, JobQueue, WorkerMetrics
from skriptoteket.protocols.runner import ToolRunner

from .interpret_outcome import interpret_outcome
from .run_spec import StoredRequestSpecs

log = logging.getLogger(__name__)


@dataclass(slots=True)
class JobControl:
    """What the worker tells a job while it executes, and what it learns from it."""

    may_start: bool = True  # False once the worker is stopping: hand back instead
    cancel_requested: bool = False
    lease_lost: bool = False
    tool_started: bool = False
    tool_ended: bool = False  # no tool runs for this job any more: its slot is free
    on_tool_ended: Callable[[], None] | None = None  # the worker's wake-up for the free slot

    @property
    def tool_running(self) -> bool:
        return self.tool_started and not self.tool_ended

    def end_tool(self) -> None:
        if not self.tool_ended:
            self.tool_ended = True
            if self.on_tool_ended is not None:
                self.on_tool_ended()


class ExecuteRun:
    def __init__(
        self,
        queue: JobQueue,
        runner: ToolRunner,
        specs: StoredRequestSpecs,
        metrics: WorkerMetrics,
        *,
        owner: str,
        retry_s: float = 0.2,
        finish_patience_s: float = 120.0,
        on_finished: Callable[[UUID, RunStatus], Awaitable[None]] | None = None,
    ) -> None:
        self._queue = queue
        self._runner = runner
        self._specs = specs
        self._metrics = metrics
        self._owner = owner
        self._retry_s = retry_s
        self._finish_patience_s = finish_patience_s
        self._on_finished = on_finished  # after the verdict is stored (webhooks)

    async def __call__(self, job: ClaimedJob, control: JobControl) -> RunStatus | None:
        """The run's terminal status, or None when this worker did not decide it."""
        try:
            return await self._execute(job, control)
        finally:
            control.end_tool()

    async def _execute(self, job: ClaimedJob, control: JobControl) -> RunStatus | None:
        began = time.monotonic()
        try:
            prepared = await self._specs.build(job)
        except Exception as exc:  # a broken stored request must not kill the worker
            log.exception("cannot build the run spec", extra={"run_id": str(job.run_id)})
            control.end_tool()
            return await self._finish(
                job, Verdict.platform_error(f"The run could not be prepared: {exc}"), began
            )
        try:
            if not control.may_start:
                await self._queue.hand_back(job, self._owner)
                return None
            cancel_requested = await self._queue.mark_tool_started(job, self._owner)
        except Unavailable:
            # Not started, and we cannot tell anyone: the lease expires and the reaper
            # queues the job again.
            cancel_requested = None
        if cancel_requested is None:
            control.lease_lost = True
            return None
        if cancel_requested or control.cancel_requested:
            control.end_tool()
            return await self._finish(job, Verdict(RunStatus.CANCELLED), began)
        control.tool_started = True
        try:
            outcome = await self._runner.run(prepared.spec)
        except Exception as exc:  # the runner itself failed (engine gone): not the tool's fault
            log.exception("the runner failed", extra={"run_id": str(job.run_id)})
            control.end_tool()
            await self._runner.remove(job.run_id)
            return await self._finish(
                job, Verdict.platform_error(f"The run could not be executed: {exc}"), began
            )
        control.end_tool()
        if control.lease_lost:
            # The reaper has decided this run already; clean up what the runner left.
            await self._runner.remove(job.run_id)
            return None
        verdict = interpret_outcome(
            outcome,
            cancel_requested=control.cancel_requested,
            limits=prepared.limits,
            session=prepared.session,
        )
        try:
            return await self._finish(job, verdict, began)
        finally:
            await self._runner.remove(job.run_id)

    async def _finish(self, job: ClaimedJob, verdict: Verdict, began: float) -> RunStatus | None:
        """Store the verdict, retrying while the database is away (within our patience: after
        that the lease has long expired and the reaper decides)."""
        deadline = time.monotonic() + self._finish_patience_s
        delay = self._retry_s
        while True:
            try:
                stored = await self._queue.finish(job, self._owner, verdict)
                break
            except Unavailable:
                if time.monotonic() > deadline:
                    log.error("gave up storing a verdict", extra={"run_id": str(job.run_id)})
                    return None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
        if stored is None:
            return None
        self._metrics.finished(verdict.status.value, time.monotonic() - began)
        if self._on_finished is not None and stored.announce:
            await self._on_finished(job.run_id, verdict.status)
        return verdict.status
