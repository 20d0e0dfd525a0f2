"""/api/v1/audit-events: the append-only audit log, for admins; as JSON pages or as CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get
from litestar.params import FromQuery, QueryParameter

from skriptoteket.application.audit import ListAuditEvents
from skriptoteket.domain.users import Role
from skriptoteket.protocols.identity import AuditEvent, AuditFilter
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.downloads import content_disposition
from skriptoteket.web.forms import BinaryDownload
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.params import InstantQuery, parse_instant
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.identity import AuditEventPageResponse, AuditEventResponse
from skriptoteket.web.services import Services

Name = Annotated[str | None, QueryParameter(max_length=128, pattern=r"^[A-Za-z0-9._:-]*$")]
Prefix = Annotated[
    str | None,
    QueryParameter(
        max_length=64,
        pattern=r"^[A-Za-z0-9._:-]*$",
        description="Events whose action starts with this, e.g. tool. or run.",
    ),
]
CSV_MAX_ROWS = 10_000
CSV_COLUMNS = (
    "at",
    "action",
    "actor_id",
    "actor_name",
    "subject_type",
    "subject_id",
    "ip",
    "details",
)


class CsvDownload(BinaryDownload):
    file_media_type = "text/csv"


def _csv_cell(value: str) -> str:
    # A cell a spreadsheet would read as a formula is kept as text (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def audit_csv(events: list[AuditEvent]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in events:
        writer.writerow(
            _csv_cell(v)
            for v in (
                e.at.isoformat(),
                e.action,
                str(e.actor_id or ""),
                e.actor_name or "",
                e.subject_type or "",
                e.subject_id or "",
                e.ip or "",
                json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else "",
            )
        )
    # A byte order mark: Excel then reads the file as UTF-8 (å, ä, ö in names).
    return ("\ufeff" + out.getvalue()).encode()


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
        action_prefix: Prefix = None,
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
            action_prefix=action_prefix or None,
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

    @get(
        "/export",
        operation_id="exportAuditEvents",
        summary=f"The filtered audit log as CSV (UTF-8, newest first, at most {CSV_MAX_ROWS} rows)",
        security=SECURITY,
        operation_class=CsvDownload,
        responses=problems(400, 401, 403, 422),
    )
    async def export_audit_events(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        action: Name = None,
        action_prefix: Prefix = None,
        actor_id: FromQuery[UUID | None] = None,
        subject_type: Name = None,
        subject_id: Name = None,
        since: InstantQuery = None,
        until: InstantQuery = None,
    ) -> Response[bytes]:
        list_events = await svcs_container.aget(ListAuditEvents)
        where = AuditFilter(
            action=action or None,
            action_prefix=action_prefix or None,
            actor_id=actor_id,
            subject_type=subject_type or None,
            subject_id=subject_id or None,
            since=parse_instant(since, "since"),
            until=parse_instant(until, "until"),
        )
        page = await list_events(principal, where, limit=CSV_MAX_ROWS, offset=0)
        return Response(
            audit_csv(page.items),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": content_disposition("granskningslogg.csv")},
        )
