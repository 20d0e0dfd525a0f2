"""The audit log as features use it: record who did what to what, and read it back.

`Audit.record` appends inside the caller's unit of work, so an event is committed together
with the change it describes (or not at all). Catalog, runs and later features reuse it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from skriptoteket.domain.users import Principal
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import AuditEvent, AuditFilter, AuditLog
from skriptoteket.protocols.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """Where a request came from, as far as the audit log cares."""

    ip: str | None = None
    user_agent: str | None = None


class Audit:
    def __init__(self, log: AuditLog, clock: Clock) -> None:
        self._log = log
        self._clock = clock

    async def record(
        self,
        action: str,
        *,
        actor: Principal | UUID | None,
        subject_type: str | None = None,
        subject_id: UUID | str | None = None,
        client: ClientInfo | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEvent:
        event = AuditEvent(
            id=uuid.uuid4(),
            at=self._clock.now(),
            action=action,
            actor_id=actor.id if isinstance(actor, Principal) else actor,
            subject_type=subject_type,
            subject_id=str(subject_id) if subject_id is not None else None,
            ip=client.ip if client else None,
            user_agent=client.user_agent if client else None,
            details=details or {},
        )
        await self._log.append(event)
        return event


@dataclass(frozen=True, slots=True)
class AuditPage:
    items: list[AuditEvent]
    total: int


class ListAuditEvents:
    def __init__(self, uow: UnitOfWork, log: AuditLog) -> None:
        self._uow = uow
        self._log = log

    async def __call__(self, where: AuditFilter, *, limit: int, offset: int) -> AuditPage:
        async with self._uow:
            items, total = await self._log.list(where, limit=limit, offset=offset)
        return AuditPage(items, total)
