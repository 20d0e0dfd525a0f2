"""A runner that runs nothing: it succeeds after an optional sleep. For the worker's tests, the
queue benchmark and machines without a container engine (SKRIPTOTEKET_RUNNER=noop).

It records what it was asked (start, finish, kill, remove) with wall-clock times, in memory and,
when given a path, as JSON lines appended to a file that several worker processes may share
(small appends to an O_APPEND file do not interleave)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from pathlib import Path
from uuid import UUID

import msgspec

from skriptoteket.protocols.runner import RunOutcome, RunSpec

SUCCEEDED = msgspec.json.encode({"contract": 1, "status": "succeeded", "outputs": []})


class NoopRunner:
    def __init__(self, *, sleep_s: float = 0.0, log_path: Path | None = None) -> None:
        self._sleep_s = sleep_s
        self._fd = (
            os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            if log_path is not None
            else None
        )
        self._running: dict[UUID, asyncio.Event] = {}
        self._killed_early: set[UUID] = set()
        self.events: list[dict[str, object]] = []

    def _record(self, event: str, run_id: UUID, **extra: object) -> None:
        entry: dict[str, object] = {
            "event": event,
            "run_id": str(run_id),
            "t": time.time(),
            "pid": os.getpid(),
            **extra,
        }
        self.events.append(entry)
        if self._fd is not None:
            os.write(self._fd, msgspec.json.encode(entry) + b"\n")

    async def run(self, spec: RunSpec) -> RunOutcome:
        killed = asyncio.Event()
        if spec.run_id in self._killed_early:
            killed.set()
        self._running[spec.run_id] = killed
        self._record("start", spec.run_id, attempt=spec.attempt)
        try:
            if self._sleep_s > 0 or killed.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(killed.wait(), self._sleep_s)
        finally:
            self._running.pop(spec.run_id, None)
            self._killed_early.discard(spec.run_id)
        self._record("finish", spec.run_id, killed=killed.is_set())
        if killed.is_set():
            return RunOutcome(exit_code=137, result_json=None, killed=True)
        return RunOutcome(exit_code=0, result_json=SUCCEEDED)

    async def kill(self, run_id: UUID) -> None:
        self._record("kill", run_id)
        event = self._running.get(run_id)
        if event is None:
            self._killed_early.add(run_id)  # a kill may overtake the start
        else:
            event.set()

    async def remove(self, run_id: UUID) -> None:
        self._record("remove", run_id)
