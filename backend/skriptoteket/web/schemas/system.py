"""The shape of GET /system/status."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta

from skriptoteket.domain.workers import SystemStatus

from .base import ApiStruct


class SystemStatusResponse(ApiStruct):
    """Whether queued runs will be executed: workers alive (a heartbeat younger than
    `alive_within_s`) and the queue's counts."""

    workers_alive: int
    runs_waiting: Annotated[int, Meta(description="Runs queued, of every user")]
    runs_running: int
    last_heartbeat_at: Annotated[
        datetime | None, Meta(description="The newest heartbeat of any worker, alive or not")
    ]
    alive_within_s: int

    @classmethod
    def from_status(cls, s: SystemStatus) -> SystemStatusResponse:
        return cls(
            workers_alive=s.workers_alive,
            runs_waiting=s.runs_waiting,
            runs_running=s.runs_running,
            last_heartbeat_at=s.last_heartbeat_at,
            alive_within_s=s.alive_within_s,
        )
