"""/api/v1/tools/{slug}: runs, sandbox runs and my settings for the tool.

POST .../runs and .../sandbox-runs take JSON or multipart/form-data; uploads are streamed into
the file store as they arrive (web/uploads.py) and removed again if the run is not created."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any, Protocol, TypeVar
from uuid import UUID

from litestar import Controller, Request, Response, get, post, put
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED

from skriptoteket.application.catalog.content_check import precheck_snapshot
from skriptoteket.application.rate_limits import UserRateLimits
from skriptoteket.application.runs.run_target import RunTarget, sandbox_target
from skriptoteket.application.runs.settings import GetToolSettings, SaveToolSettings
from skriptoteket.application.runs.start_run import PrepareRun, PrepareSandbox, StartRun
from skriptoteket.application.runs.uploads import Upload
from skriptoteket.contract import FileField
from skriptoteket.domain.runs import RunView
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.cpu import CpuPool
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.forms import OBJECT, UploadForm, receive_upload, required_part, upload_body
from skriptoteket.web.params import SlugPath
from skriptoteket.web.problems import problems
from skriptoteket.web.run_wait import (
    Wait,
    count_run,
    finished_in_time,
    started_response,
    wait_for_end,
)
from skriptoteket.web.schemas.runs import (
    CreateRunRequest,
    RunStarted,
    SandboxRunRequest,
    ToolSettingsRequest,
    ToolSettingsResponse,
)
from skriptoteket.web.services import Services, process_wide
from skriptoteket.web.settings import WebSettings

RUN_BODY = upload_body(
    {"inputs": OBJECT("Values by input field name (file fields excluded)")},
    [],
    {"inputs": "JSON object: values by input field name"},
    "JSON `{inputs}`, or multipart/form-data: a part `inputs` (a JSON object) and one part per "
    "uploaded file, named after its file field.",
)
SANDBOX_BODY = upload_body(
    {
        "snapshot": Schema(
            type=OpenAPIType.OBJECT,
            description="The unsaved `{manifest, files}`, checked like a save",
            additional_properties=True,
        ),
        "inputs": OBJECT("Values by input field name (file fields excluded)"),
        "settings": OBJECT("Settings to try, by setting name; default: my saved settings"),
    },
    ["snapshot"],
    {
        "snapshot": "JSON `{manifest, files}`; must come before the file parts",
        "inputs": "JSON object: values by input field name",
        "settings": "JSON object: settings to try, by setting name",
    },
    "JSON `{snapshot, inputs, settings?}`, or multipart/form-data: a part `snapshot` first, "
    "parts `inputs` and `settings`, and one part per uploaded file, named after its file field.",
)


def run_form(target: RunTarget, session_id: UUID) -> UploadForm[CreateRunRequest]:
    async def file_fields(_: CreateRunRequest) -> dict[str, FileField]:
        return target.file_fields()

    return UploadForm(
        body=CreateRunRequest,
        text_parts=lambda limits: {"inputs": limits.request_bytes},
        body_of_parts=lambda text, _: CreateRunRequest(inputs=text.get("inputs", {})),
        file_fields=file_fields,
        key_prefix=f"sessions/{session_id}/",
    )


def sandbox_body(text: Mapping[str, Any], files_follow: bool) -> SandboxRunRequest:
    if "snapshot" not in text:
        raise required_part("snapshot", files_follow)
    return SandboxRunRequest(
        snapshot=text["snapshot"], inputs=text.get("inputs", {}), settings=text.get("settings")
    )


def sandbox_form(
    target: RunTarget, cpu: CpuPool, session_id: UUID
) -> UploadForm[SandboxRunRequest]:
    async def file_fields(body: SandboxRunRequest) -> dict[str, FileField]:
        # The snapshot is compiled in the CPU pool, never on the event loop; sandbox_target
        # (here and when the run starts) finds the answer remembered.
        await precheck_snapshot(cpu, body.snapshot)
        return sandbox_target(target, body.snapshot).file_fields()

    return UploadForm(
        body=SandboxRunRequest,
        text_parts=lambda limits: {
            "inputs": limits.request_bytes,
            "settings": limits.request_bytes,
            "snapshot": limits.source_bytes * 2 + limits.request_bytes,
        },
        body_of_parts=sandbox_body,
        file_fields=file_fields,
        key_prefix=f"sessions/{session_id}/",
        json_cap=lambda limits: limits.request_bytes,
    )


class FirstRunBody(Protocol):
    @property
    def inputs(self) -> dict[str, Any]: ...


F = TypeVar("F", bound=FirstRunBody)


async def open_session(
    request: Request[Any, Any, Any],
    services: Services,
    principal: Principal,
    form: Callable[[UUID], UploadForm[F]],
    target_of: Callable[[F], Awaitable[RunTarget]],
) -> RunView:
    """A first run: the body (and its files) received, a tool session opened, the run queued."""
    start, session_id = process_wide(request.app.state, StartRun), uuid.uuid4()

    async def begin(body: F, upload: Upload) -> RunView:
        return await start(principal, await target_of(body), body.inputs, upload, session_id)

    return await receive_upload(request, services, form(session_id), begin)


class ToolRunsController(Controller):
    path = "/tools"
    tags = ["runs"]
    security = SECURITY

    @post(
        "/{slug:str}/runs",
        operation_id="createRun",
        summary="Run a tool: inputs and uploads in, a queued run and its session out",
        status_code=HTTP_202_ACCEPTED,
        request_max_body_size=None,  # uploads are capped as they stream (web/uploads.py)
        operation_class=RUN_BODY,
        description=(
            "Send `Idempotency-Key` to retry safely: a repeat with the same key and body gets "
            "the first answer (docs/api.md). `wait` holds the answer until the run ends."
        ),
        responses={
            **finished_in_time(RunStarted),
            **problems(400, 401, 403, 404, 408, 409, 413, 415, 422, 429),
        },
    )
    async def create_run(
        self,
        slug: SlugPath,
        request: Request[Any, Any, Any],
        principal: CurrentPrincipal,
        svcs_container: Services,
        wait: Wait = None,
    ) -> Response[RunStarted]:
        target = await process_wide(request.app.state, PrepareRun)(principal, slug)
        budget = await count_run(svcs_container, principal)

        async def published(_: CreateRunRequest) -> RunTarget:
            return target

        form = partial(run_form, target)
        view = await open_session(request, svcs_container, principal, form, published)
        done = await wait_for_end(request.app.state, principal, view, wait)
        return started_response(RunStarted.from_view(done or view), done is not None, budget)

    @post(
        "/{slug:str}/sandbox-runs",
        operation_id="createSandboxRun",
        summary="Run an unsaved snapshot of a tool (maintainers and admins), with logs",
        status_code=HTTP_202_ACCEPTED,
        request_max_body_size=None,
        operation_class=SANDBOX_BODY,
        responses=problems(400, 401, 403, 404, 408, 413, 415, 422, 429),
    )
    async def create_sandbox_run(
        self,
        slug: SlugPath,
        request: Request[Any, Any, Any],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> RunStarted:
        tool = await (await svcs_container.aget(PrepareSandbox))(principal, slug)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        rate_limits, cpu = await svcs_container.aget(UserRateLimits, CpuPool)
        rate_limits.hit(principal.id, "sandbox_run", settings.sandbox_run_rate_per_minute)

        async def snapshot(body: SandboxRunRequest) -> RunTarget:
            # Compiled in the CPU pool (a multipart form's file fields had it checked there on
            # arrival); sandbox_target then finds the answer remembered.
            await precheck_snapshot(cpu, body.snapshot)
            return sandbox_target(tool, body.snapshot, body.settings)

        form = partial(sandbox_form, tool, cpu)
        view = await open_session(request, svcs_container, principal, form, snapshot)
        return RunStarted.from_view(view)

    @get(
        "/{slug:str}/settings",
        operation_id="getToolSettings",
        summary="My saved settings for a tool (defaults where none are saved)",
        responses=problems(400, 401, 404, 409),
    )
    async def get_settings(
        self, slug: SlugPath, principal: CurrentPrincipal, svcs_container: Services
    ) -> ToolSettingsResponse:
        handler = await svcs_container.aget(GetToolSettings)
        return ToolSettingsResponse(values=await handler(principal, slug))

    @put(
        "/{slug:str}/settings",
        operation_id="saveToolSettings",
        summary="Save my settings for a tool, validated against its settings form",
        responses=problems(400, 401, 403, 404, 409, 422),
    )
    async def save_settings(
        self,
        slug: SlugPath,
        data: JSONBody[ToolSettingsRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> ToolSettingsResponse:
        handler = await svcs_container.aget(SaveToolSettings)
        return ToolSettingsResponse(values=await handler(principal, slug, data.values))
