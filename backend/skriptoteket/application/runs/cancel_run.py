"""Cancel a run: queued runs end at once, running ones are stopped by their worker."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.queue import CancelOutcome, RunQueue
from skriptoteket.protocols.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class CancelRun:
    uow: UnitOfWork
    queue: RunQueue

    async def __call__(self, principal: Principal, run_id: UUID) -> CancelOutcome:
        async with self.uow:
            run = await self.queue.get(run_id)
            # Someone else's run does not exist, as far as the caller can tell.
            if run is None or (
                run.user_id != principal.user.id and not principal.role.at_least(Role.ADMIN)
            ):
                raise NotFound("There is no such run.")
            if run.status.terminal:
                return CancelOutcome(cancelled_now=False, kill_requested=False)
            outcome = await self.queue.cancel(run_id)
            await self.uow.commit()
        return outcome
