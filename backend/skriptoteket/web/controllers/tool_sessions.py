"""/api/v1/sessions: a session (its owner only) and the next step in it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import FromPath
from litestar.response import Stream
from litestar.status_codes import HTTP_202_ACCEPTED

from skriptoteket.application.runs.tool_sessions import (
    GetSessionFile,
    GetToolSession,
    PrepareAction,
    StartAction,
    action_file_fields,
)
from skriptoteket.contract import FileField
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.runs import ToolSessionRecord
from skriptoteket.protocols.files import FileStore
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.downloads import stored_download
from skriptoteket.web.forms import (
    OBJECT,
    BinaryDownload,
    UploadForm,
    receive_upload,
    required_part,
    upload_body,
)
from skriptoteket.web.problems import problems
from skriptoteket.web.run_wait import (
    Wait,
    count_run,
    finished_in_time,
    started_response,
    wait_for_end,
)
from skriptoteket.web.schemas.runs import ActionRequest, ActionStarted, SessionResponse
from skriptoteket.web.services import Services

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


def action_body(text: Mapping[str, Any], files_follow: bool) -> ActionRequest:
    if "action" not in text:
        raise required_part("action", files_follow)
    try:
        return msgspec.convert(text["action"], ActionRequest)
    except msgspec.ValidationError as exc:
        raise InvalidInput([FieldError("action", "invalid", str(exc))]) from None


def action_form(session: ToolSessionRecord) -> UploadForm[ActionRequest]:
    async def file_fields(body: ActionRequest) -> dict[str, FileField]:
        return action_file_fields(session, body.action_id)

    return UploadForm(
        body=ActionRequest,
        text_parts=lambda limits: {"action": limits.request_bytes},
        body_of_parts=action_body,
        file_fields=file_fields,
        key_prefix=f"sessions/{session.id}/{uuid.uuid4()}/",
        taken_names=frozenset(f.name for f in session.files),
    )


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

    @get(
        "/{session_id:uuid}/files/{file_id:uuid}",
        operation_id="downloadSessionFile",
        summary="Download a file of the session, e.g. to run again with it (its owner only)",
        operation_class=BinaryDownload,
        responses=problems(400, 401, 404),
    )
    async def download_session_file(
        self,
        session_id: FromPath[UUID],
        file_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> Stream:
        file = await (await svcs_container.aget(GetSessionFile))(principal, session_id, file_id)
        return await stored_download(
            await svcs_container.aget(FileStore),
            file.store_key,
            name=file.name,
            size=file.bytes,
            media_type=file.media_type,
        )

    @post(
        "/{session_id:uuid}/actions",
        operation_id="startAction",
        summary="Take a pending action: 409 stale_action / state_conflict, 422 bad input",
        status_code=HTTP_202_ACCEPTED,
        request_max_body_size=None,  # uploads are capped as they stream (web/uploads.py)
        operation_class=ACTION_BODY,
        responses={
            **finished_in_time(ActionStarted),
            **problems(400, 401, 404, 408, 409, 413, 415, 422, 429),
        },
    )
    async def start_action(
        self,
        session_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        principal: CurrentPrincipal,
        svcs_container: Services,
        wait: Wait = None,
    ) -> Response[ActionStarted]:
        session = await (await svcs_container.aget(PrepareAction))(principal, session_id)
        budget = await count_run(svcs_container, principal)
        start = await svcs_container.aget(StartAction)
        view = await receive_upload(
            request,
            svcs_container,
            action_form(session),
            lambda body, upload: start(
                principal, session.id, body.action_id, body.input, body.expected_state_rev, upload
            ),
        )
        done = await wait_for_end(request.app.state, principal, view, wait)
        return started_response(ActionStarted.from_view(done or view), done is not None, budget)
