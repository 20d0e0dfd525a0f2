"""Worker presence, the API's side: the system status read from the heartbeats."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.workers.status import GetSystemStatus
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

    registry.register_factory(SystemStatusReads, reads)
    registry.register_factory(GetSystemStatus, get_status)
