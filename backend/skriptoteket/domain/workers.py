"""Workers as the rest of the system sees them: processes that heartbeat while they run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class WorkerIdentity:
    """One worker process, as it announces itself in its heartbeats."""

    id: str  # its queue lease owner name: unique per process
    hostname: str
    pid: int
    runner: str  # docker, bwrap or noop


@dataclass(frozen=True, slots=True)
class SystemStatus:
    """Whether queued runs will be executed, and how much is waiting."""

    workers_alive: int
    runs_waiting: int
    runs_running: int
    last_heartbeat_at: datetime | None  # the newest heartbeat of any worker, alive or not
    alive_within_s: int
