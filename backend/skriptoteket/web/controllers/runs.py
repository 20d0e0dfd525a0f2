"""/api/v1/runs: one run, my runs (admins: anyone's) and artifact downloads.
(Cancel is in run_cancel.py, the event stream in its own controller.)"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter

from skriptoteket.application.runs.get_run import GetRun, ListRuns
from skriptoteket.domain.runs import RunQuery, RunStatus
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.runs import RunPage, RunResponse, RunStatusName
from skriptoteket.web.services import Services

ToolSlug = Annotated[str | None, QueryParameter(max_length=64, description="A tool's slug")]


class RunsController(Controller):
    path = "/runs"
    tags = ["runs"]
    security = SECURITY

    @get(
        "/",
        operation_id="listRuns",
        summary="My runs, newest first (admins: any user's with user_id)",
        responses=problems(400, 401, 403),
    )
    async def list_runs(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        user_id: FromQuery[UUID | None] = None,
        tool: ToolSlug = None,
        status: FromQuery[RunStatusName | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> RunPage:
        handler = await svcs_container.aget(ListRuns)
        query = RunQuery(
            user_id=user_id or principal.id,
            tool_slug=tool or None,
            status=RunStatus(status) if status else None,
            limit=limit,
            offset=offset,
        )
        return RunPage.from_page(await handler(principal, query))

    @get(
        "/{run_id:uuid}",
        operation_id="getRun",
        summary="A run: status, timings, outputs, actions, artifacts (logs for maintainers)",
        responses=problems(400, 401, 404),
    )
    async def get_run(
        self, run_id: FromPath[UUID], principal: CurrentPrincipal, svcs_container: Services
    ) -> RunResponse:
        handler = await svcs_container.aget(GetRun)
        return RunResponse.from_view(await handler(principal, run_id))
