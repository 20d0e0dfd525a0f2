"""GET /system/status: are workers alive, and how many runs wait for them."""

from __future__ import annotations

from skriptoteket.domain.workers import SystemStatus
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.protocols.workers import SystemStatusReads


class GetSystemStatus:
    def __init__(self, uow: UnitOfWork, reads: SystemStatusReads, alive_within_s: int) -> None:
        self._uow = uow
        self._reads = reads
        self._alive_within_s = alive_within_s

    async def __call__(self) -> SystemStatus:
        async with self._uow:
            return await self._reads.status(self._alive_within_s)
