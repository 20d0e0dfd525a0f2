"""/api/v1/runs: one run, my runs (admins: anyone's) and artifact downloads.
(Cancel is in run_cancel.py, the event stream in its own controller.)"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Stream

from skriptoteket.application.runs.get_run import GetArtifact, GetRun, ListRuns
from skriptoteket.domain.runs import RunQuery, RunStatus
from skriptoteket.protocols.files import FileStore
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, request_principal
from skriptoteket.web.downloads import stored_download
from skriptoteket.web.encoded import EncodedJson
from skriptoteket.web.forms import BinaryDownload
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.params import InstantQuery, parse_instant
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.runs import RunPage, RunResponse, encode_run
from skriptoteket.web.services import Services, process_wide, shared_reads

ToolSlug = Annotated[str | None, QueryParameter(max_length=64, description="A tool's slug")]


class RunsController(Controller):
    path = "/runs"
    tags = ["runs"]
    security = SECURITY

    @get(
        "/",
        operation_id="listRuns",
        summary="My runs, newest first; admins: one user's (user_id) or everyone's (scope=all, "
        "failures first)",
        responses=problems(400, 401, 403, 422),
    )
    async def list_runs(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        runs_of: Annotated[
            Literal["mine", "all"],
            QueryParameter(
                name="scope", description="all: every user's runs (admins), failures first"
            ),
        ] = "mine",
        user_id: FromQuery[UUID | None] = None,
        tool: ToolSlug = None,
        status: FromQuery[RunStatus | None] = None,
        since: InstantQuery = None,
        until: InstantQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> RunPage:
        handler = await svcs_container.aget(ListRuns)
        everyone = runs_of == "all"
        query = RunQuery(
            user_id=user_id if everyone else (user_id or principal.id),
            tool_slug=tool or None,
            status=status,
            since=parse_instant(since, "since"),
            until=parse_instant(until, "until"),
            failures_first=everyone,
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
        self, request: Request[Any, Any, Any], run_id: FromPath[UUID]
    ) -> Response[RunResponse]:
        # The SPA polls it: a hot read, without dependencies (web/auth.request_principal); the
        # caller and the run are read on one checkout of the read pool, as the floor does.
        state = request.app.state
        async with shared_reads(state).shared():
            principal = await request_principal(request)
            view = await process_wide(state, GetRun)(principal, run_id)
        return EncodedJson(encode_run(view))

    @get(
        "/{run_id:uuid}/artifacts/{artifact_id:uuid}",
        operation_id="downloadArtifact",
        summary="Download an artifact (the run's owner, the tool's maintainers, admins)",
        operation_class=BinaryDownload,
        responses=problems(400, 401, 404),
    )
    async def download_artifact(
        self,
        run_id: FromPath[UUID],
        artifact_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> Stream:
        handler = await svcs_container.aget(GetArtifact)
        artifact = await handler(principal, run_id, artifact_id)
        return await stored_download(
            await svcs_container.aget(FileStore),
            artifact.store_key,
            name=artifact.name,
            size=artifact.bytes,
            media_type=artifact.media_type,
        )
