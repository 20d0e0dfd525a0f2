"""The read side of worker presence: heartbeats younger than the alive window, and the
queue's counts, in one statement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.domain.workers import SystemStatus

from .base import Base


class WorkerHeartbeatRow(Base):
    __tablename__ = "worker_heartbeats"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    runner: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


STATUS = text(
    """
    SELECT
        (SELECT count(*) FROM worker_heartbeats
         WHERE last_seen_at > now() - make_interval(secs => :alive_s)) AS alive,
        (SELECT max(last_seen_at) FROM worker_heartbeats) AS last_seen,
        (SELECT count(*) FROM jobs WHERE status = 'queued') AS waiting,
        (SELECT count(*) FROM jobs WHERE status = 'running') AS running
    """
)


class SqlSystemStatusReads:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def status(self, alive_within_s: int) -> SystemStatus:
        row = (await self._s.execute(STATUS, {"alive_s": alive_within_s})).one()
        return SystemStatus(
            workers_alive=int(row.alive),
            runs_waiting=int(row.waiting),
            runs_running=int(row.running),
            last_heartbeat_at=row.last_seen,
            alive_within_s=alive_within_s,
        )
