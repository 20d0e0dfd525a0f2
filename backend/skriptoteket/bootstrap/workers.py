"""Worker presence, the API's side: the system status read from the heartbeats."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.workers.status import GetSystemStatus
from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.db.workers import SqlSystemStatusReads
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.protocols.workers import SystemStatusReads


def register_workers(registry: svcs.Registry, settings: Settings) -> None:
    async def reads(c: svcs.Container) -> SystemStatusReads:
        return SqlSystemStatusReads(await c.aget(AsyncSession))

    async def get_status(c: svcs.Container) -> GetSystemStatus:
        uow, reads_ = await c.aget_abstract(UnitOfWork, SystemStatusReads)
        return GetSystemStatus(uow, reads_, settings.worker_alive_s)

    async def ping_workers(reads: SystemStatusReads) -> None:
        within = settings.ready_worker_within_s
        if (await reads.status(within)).workers_alive == 0:
            raise Unavailable(
                f"No worker has sent a heartbeat within {within} s: start `skriptoteket worker`."
            )

    ping = ping_workers if settings.ready_worker_within_s > 0 else None
    registry.register_factory(SystemStatusReads, reads, ping=ping)
    registry.register_factory(GetSystemStatus, get_status)
