"""/api/v1/audit-events: the append-only audit log, for admins."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromQuery, QueryParameter

from skriptoteket.application.audit import ListAuditEvents
from skriptoteket.domain.users import Role
from skriptoteket.protocols.identity import AuditFilter
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.params import InstantQuery, parse_instant
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.identity import AuditEventPageResponse, AuditEventResponse
from skriptoteket.web.services import Services

Name = Annotated[str | None, QueryParameter(max_length=128, pattern=r"^[A-Za-z0-9._:-]*$")]


class AuditController(Controller):
    path = "/audit-events"
    tags = ["audit"]
    dependencies = requires_role(Role.ADMIN)

    @get(
        "/",
        operation_id="listAuditEvents",
        summary="Audit events, newest first, filtered by action, actor, subject or time",
        security=SECURITY,
        responses=problems(400, 401, 403, 422),
    )
    async def list_audit_events(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        action: Name = None,
        actor_id: FromQuery[UUID | None] = None,
        subject_type: Name = None,
        subject_id: Name = None,
        since: InstantQuery = None,
        until: InstantQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> AuditEventPageResponse:
        list_events = await svcs_container.aget(ListAuditEvents)
        where = AuditFilter(
            action=action or None,
            actor_id=actor_id,
            subject_type=subject_type or None,
            subject_id=subject_id or None,
            since=parse_instant(since, "since"),
            until=parse_instant(until, "until"),
        )
        page = await list_events(principal, where, limit=limit, offset=offset)
        return AuditEventPageResponse(
            items=[AuditEventResponse.from_domain(e) for e in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )
