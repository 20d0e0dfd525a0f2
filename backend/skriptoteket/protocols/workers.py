"""Ports of worker presence: a worker announces itself; the API reads who is alive."""

from __future__ import annotations

from typing import Protocol

from skriptoteket.domain.workers import SystemStatus


class WorkerPresence(Protocol):
    """The worker's side: one row per worker process, kept fresh while it runs."""

    async def beat(self) -> None:
        """Insert or refresh this worker's heartbeat (now)."""
        ...

    async def forget(self) -> None:
        """This worker stops cleanly: remove its heartbeat."""
        ...


class SystemStatusReads(Protocol):
    async def status(self, alive_within_s: int) -> SystemStatus:
        """Workers with a heartbeat younger than `alive_within_s`, and the queue's counts."""
        ...
