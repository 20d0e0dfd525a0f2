"""In-memory fakes of the worker-side queue ports (checked against the Protocols by mypy)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from skriptoteket.domain.runs import Verdict
from skriptoteket.protocols.queue import (
    ClaimedJob,
    JobQueue,
    Lease,
    ReapedJob,
    Stored,
    WorkerMetrics,
)
from skriptoteket.protocols.runner import RunOutcome, RunSpec, ToolRunner


@dataclass
class FakeJob:
    job: ClaimedJob
    owner: str | None = None
    status: str = "queued"
    tool_started: bool = False
    cancel_requested: bool = False
    verdict: Verdict | None = None


@dataclass
class FakeJobQueue:
    jobs: dict[int, FakeJob] = field(default_factory=dict)
    handed_back: list[int] = field(default_factory=list)

    def add(self, job: ClaimedJob) -> None:
        self.jobs[job.job_id] = FakeJob(job)

    def _held(self, job: ClaimedJob, owner: str) -> FakeJob | None:
        held = self.jobs.get(job.job_id)
        if held is None or held.status != "running" or held.owner != owner:
            return None
        return held

    async def claim(self, owner: str, limit: int) -> list[ClaimedJob]:
        claimed: list[ClaimedJob] = []
        for held in self.jobs.values():
            if held.status == "queued" and len(claimed) < limit:
                held.status, held.owner = "running", owner
                claimed.append(held.job)
        return claimed

    async def mark_tool_started(self, job: ClaimedJob, owner: str) -> bool | None:
        held = self._held(job, owner)
        if held is None:
            return None
        held.tool_started = True
        return held.cancel_requested

    async def renew_leases(self, owner: str, job_ids: list[int]) -> list[Lease]:
        return [
            Lease(h.job.job_id, h.job.attempt, h.cancel_requested)
            for h in self.jobs.values()
            if h.status == "running" and h.owner == owner and h.job.job_id in job_ids
        ]

    async def finish(self, job: ClaimedJob, owner: str, verdict: Verdict) -> Stored | None:
        held = self._held(job, owner)
        if held is None:
            return None
        held.status, held.verdict = "done", verdict
        return Stored(announce=True)  # no webhooks here: announce as if one listened

    async def hand_back(self, job: ClaimedJob, owner: str) -> bool:
        held = self._held(job, owner)
        if held is None or held.tool_started:
            return False
        held.status, held.owner = "queued", None
        self.handed_back.append(job.job_id)
        return True

    async def reap(self) -> list[ReapedJob]:
        return []

    async def queue_depth(self) -> int:
        return sum(h.status == "queued" for h in self.jobs.values())


@dataclass
class ScriptedRunner:
    """Returns `outcome`, after waiting for `release` (if given) or a kill."""

    outcome: RunOutcome
    release: asyncio.Event | None = None
    started: list[UUID] = field(default_factory=list)
    killed: list[UUID] = field(default_factory=list)
    removed: list[UUID] = field(default_factory=list)
    on_start: Callable[[], None] | None = None
    _kill: dict[UUID, asyncio.Event] = field(default_factory=dict)

    async def run(self, spec: RunSpec) -> RunOutcome:
        self.started.append(spec.run_id)
        if self.on_start:
            self.on_start()
        kill = self._kill.setdefault(spec.run_id, asyncio.Event())
        if self.release is not None:
            waits = [asyncio.create_task(self.release.wait()), asyncio.create_task(kill.wait())]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for w in waits:
                w.cancel()
        if kill.is_set():
            return RunOutcome(exit_code=137, result_json=None, killed=True)
        return self.outcome

    async def kill(self, run_id: UUID) -> None:
        self.killed.append(run_id)
        self._kill.setdefault(run_id, asyncio.Event()).set()

    async def remove(self, run_id: UUID) -> None:
        self.removed.append(run_id)


class NoMetrics:
    def claimed(self, seconds: float, count: int) -> None: ...

    def finished(self, status: str, seconds: float) -> None: ...

    def reaped(self, requeued: int, failed: int) -> None: ...

    def queue_depth(self, depth: int) -> None: ...


def _checks(
    q: FakeJobQueue, r: ScriptedRunner, m: NoMetrics
) -> tuple[JobQueue, ToolRunner, WorkerMetrics]:
    return q, r, m
