"""/api/v1/tools/{slug}: runs, sandbox runs and my settings for the tool.

POST .../runs and .../sandbox-runs take JSON or multipart/form-data; uploads are streamed into
the file store as they arrive (web/uploads.py) and removed again if the run is not created."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED

from skriptoteket.application.catalog.content_check import precheck_snapshot
from skriptoteket.application.rate_limits import UserRateLimits
from skriptoteket.application.runs.ports import RunTarget
from skriptoteket.application.runs.settings import GetToolSettings, SaveToolSettings
from skriptoteket.application.runs.start_run import (
    PrepareRun,
    PrepareSandbox,
    StartRun,
    sandbox_target,
)
from skriptoteket.application.runs.uploads import ReceivedFile
from skriptoteket.contract import FileField, Limits
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.cpu import CpuPool
from skriptoteket.protocols.files import FileStore
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.forms import OBJECT, is_json, read_json, read_multipart, upload_body
from skriptoteket.web.params import SlugPath
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.runs import (
    CreateRunRequest,
    RunStarted,
    SandboxRunRequest,
    ToolSettingsRequest,
    ToolSettingsResponse,
)
from skriptoteket.web.services import Services
from skriptoteket.web.uploads import FormPolicy

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
    },
    ["snapshot"],
    {
        "snapshot": "JSON `{manifest, files}`; must come before the file parts",
        "inputs": "JSON object: values by input field name",
    },
    "JSON `{snapshot, inputs}`, or multipart/form-data: a part `snapshot` first, a part "
    "`inputs`, and one part per uploaded file, named after its file field.",
)


async def remove_files(store: FileStore, files: list[ReceivedFile]) -> None:
    for f in files:
        with contextlib.suppress(Exception):
            await store.delete(f.key)


class ToolRunsController(Controller):
    path = "/tools"
    tags = ["runs"]
    security = SECURITY

    async def _start(
        self,
        request: Request[Any, Any, Any],
        principal: CurrentPrincipal,
        svcs_container: Services,
        target: RunTarget,
        *,
        sandbox: bool,
    ) -> RunStarted:
        store, limits, settings = await svcs_container.aget(FileStore, Limits, Settings)
        session_id = uuid.uuid4()
        files: list[ReceivedFile] = []
        if is_json(request):
            if sandbox:
                sandbox_body = await read_json(request, SandboxRunRequest, limits.request_bytes)
                await precheck_snapshot(await svcs_container.aget(CpuPool), sandbox_body.snapshot)
                target = sandbox_target(target, sandbox_body.snapshot)
                inputs: object = sandbox_body.inputs
            else:
                body = await read_json(request, CreateRunRequest, settings.max_json_body_bytes)
                inputs = body.inputs
        else:

            def file_fields(text: Mapping[str, Any]) -> dict[str, FileField]:
                if not sandbox:
                    return target.file_fields()
                if "snapshot" not in text:
                    raise InvalidInput(
                        [FieldError("snapshot", "required", "Send the snapshot before the files.")]
                    )
                return sandbox_target(target, text["snapshot"]).file_fields()

            text_parts = {"inputs": limits.request_bytes}
            if sandbox:
                text_parts["snapshot"] = limits.source_bytes * 2 + limits.request_bytes
            form = await read_multipart(
                request,
                store,
                FormPolicy(
                    text_parts=text_parts,
                    file_fields=file_fields,
                    limits=limits,
                    key_prefix=f"sessions/{session_id}/",
                    idle_s=settings.upload_idle_ms / 1000,
                    total_s=settings.upload_total_ms / 1000,
                ),
            )
            files = form.files
            inputs = form.text.get("inputs", {})
        start = await svcs_container.aget(StartRun)
        try:
            if sandbox and not is_json(request):
                if "snapshot" not in form.text:
                    raise InvalidInput(
                        [FieldError("snapshot", "required", "The snapshot part is missing.")]
                    )
                target = sandbox_target(target, form.text["snapshot"])
            view = await start(principal, target, inputs, files, session_id)
        except BaseException:
            await remove_files(store, files)
            raise
        return RunStarted.from_view(view)

    @post(
        "/{slug:str}/runs",
        operation_id="createRun",
        summary="Run a tool: inputs and uploads in, a queued run and its session out",
        status_code=HTTP_202_ACCEPTED,
        request_max_body_size=None,  # uploads are capped as they stream (web/uploads.py)
        operation_class=RUN_BODY,
        responses=problems(400, 401, 403, 404, 408, 409, 413, 415, 422, 429),
    )
    async def create_run(
        self,
        slug: SlugPath,
        request: Request[Any, Any, Any],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> RunStarted:
        prepare = await svcs_container.aget(PrepareRun)
        target = await prepare(principal, slug)
        return await self._start(request, principal, svcs_container, target, sandbox=False)

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
        prepare = await svcs_container.aget(PrepareSandbox)
        target = await prepare(principal, slug)
        settings, rate_limits = await svcs_container.aget(Settings, UserRateLimits)
        rate_limits.hit(principal.id, "sandbox_run", settings.sandbox_run_rate_per_minute)
        return await self._start(request, principal, svcs_container, target, sandbox=True)

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
