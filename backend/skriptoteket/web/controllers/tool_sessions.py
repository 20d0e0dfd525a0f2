"""/api/v1/sessions: a session (its owner only) and the next step in it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import FromPath
from litestar.status_codes import HTTP_202_ACCEPTED

from skriptoteket.application.runs.tool_sessions import (
    GetToolSession,
    PrepareAction,
    StartAction,
    action_file_fields,
)
from skriptoteket.application.runs.uploads import ReceivedFile
from skriptoteket.contract import FileField, Limits
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.files import FileStore
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.controllers.tool_runs import remove_files
from skriptoteket.web.forms import OBJECT, is_json, read_json, read_multipart, upload_body
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.runs import ActionRequest, ActionStarted, SessionResponse
from skriptoteket.web.services import Services
from skriptoteket.web.uploads import FormPolicy

ACTION_BODY = upload_body(
    {
        "action_id": Schema(type=OpenAPIType.STRING, description="A pending action's id"),
        "input": OBJECT("Values by the action's field names (file fields excluded)"),
        "expected_state_rev": Schema(
            type=OpenAPIType.INTEGER, description="The session's state_rev the client saw"
        ),
    },
    ["action_id", "expected_state_rev"],
    {"action": "JSON `{action_id, input, expected_state_rev}`; must come before the file parts"},
    "JSON `{action_id, input, expected_state_rev}`, or multipart/form-data: a part `action` "
    "with that JSON first, then one part per uploaded file, named after its file field.",
)


def action_of(raw: object) -> ActionRequest:
    try:
        return msgspec.convert(raw, ActionRequest)
    except msgspec.ValidationError as exc:
        raise InvalidInput([FieldError("action", "invalid", str(exc))]) from None


class ToolSessionsController(Controller):
    path = "/sessions"
    tags = ["runs"]
    security = SECURITY

    @get(
        "/{session_id:uuid}",
        operation_id="getSession",
        summary="A session: state_rev, pending actions, files, last run (its owner only)",
        responses=problems(400, 401, 404),
    )
    async def get_session(
        self, session_id: FromPath[UUID], principal: CurrentPrincipal, svcs_container: Services
    ) -> SessionResponse:
        handler = await svcs_container.aget(GetToolSession)
        return SessionResponse.from_view(await handler(principal, session_id))

    @post(
        "/{session_id:uuid}/actions",
        operation_id="startAction",
        summary="Take a pending action: 409 stale_action / state_conflict, 422 bad input",
        status_code=HTTP_202_ACCEPTED,
        request_max_body_size=None,  # uploads are capped as they stream (web/uploads.py)
        operation_class=ACTION_BODY,
        responses=problems(400, 401, 404, 408, 409, 413, 415, 422, 429),
    )
    async def start_action(
        self,
        session_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> ActionStarted:
        prepare = await svcs_container.aget(PrepareAction)
        session = await prepare(principal, session_id)
        store, limits, settings = await svcs_container.aget(FileStore, Limits, Settings)
        files: list[ReceivedFile] = []
        if is_json(request):
            action = await read_json(request, ActionRequest, settings.max_json_body_bytes)
        else:

            def file_fields(text: Mapping[str, Any]) -> dict[str, FileField]:
                if "action" not in text:
                    raise InvalidInput(
                        [FieldError("action", "required", "Send the action before the files.")]
                    )
                return action_file_fields(session, action_of(text["action"]).action_id)

            form = await read_multipart(
                request,
                store,
                FormPolicy(
                    text_parts={"action": limits.request_bytes},
                    file_fields=file_fields,
                    limits=limits,
                    key_prefix=f"sessions/{session.id}/{uuid.uuid4()}/",
                    taken_names=frozenset(f.name for f in session.files),
                    idle_s=settings.upload_idle_ms / 1000,
                    total_s=settings.upload_total_ms / 1000,
                ),
            )
            files = form.files
            if "action" not in form.text:
                await remove_files(store, files)
                raise InvalidInput([FieldError("action", "required", "The action is missing.")])
            try:
                action = action_of(form.text["action"])
            except BaseException:
                await remove_files(store, files)
                raise
        start = await svcs_container.aget(StartAction)
        try:
            view = await start(
                principal,
                session.id,
                action.action_id,
                action.input,
                action.expected_state_rev,
                files,
            )
        except BaseException:
            await remove_files(store, files)
            raise
        return ActionStarted.from_view(view)
