"""Request and response shapes of runs, sessions, artifacts and tool settings (in
openapi/openapi.json: Run, RunStarted, Session, ActionStarted)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from skriptoteket.contract import Action, Output
from skriptoteket.contract.run import FieldValue
from skriptoteket.domain.catalog import Page
from skriptoteket.domain.messages import PLATFORM_RUN_ERRORS
from skriptoteket.domain.runs import (
    RunArtifact,
    RunEnv,
    RunErrorView,
    RunStatus,
    RunView,
    ToolSessionView,
)
from skriptoteket.web.i18n import say

from .base import ApiStruct

RunModeName = Literal["initial", "action"]
RunEnvName = Literal["production", "sandbox"]
ToolSessionStatusName = Literal["active", "expired"]


def artifact_url(run_id: UUID, artifact_id: UUID) -> str:
    return f"/api/v1/runs/{run_id}/artifacts/{artifact_id}"


class ToolRef(ApiStruct):
    slug: str
    title: str


class RunUserRef(ApiStruct):
    id: UUID
    display_name: str


class RunErrorResponse(ApiStruct):
    code: Annotated[
        str,
        Meta(
            description="The tool contract's error code, or timed_out; the platform's codes "
            "(timed_out, oom, output_limit, platform_error) come with a message in the "
            "request's language."
        ),
    ]
    message: str
    detail: Annotated[
        str | None, Meta(description="A traceback; only for the tool's maintainers and admins.")
    ] = None
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @classmethod
    def from_view(cls, e: RunErrorView) -> RunErrorResponse:
        return cls(
            code=e.code,
            # The platform's own sentences in the caller's language; a tool's as the tool wrote it.
            message=say(e.message) if e.code in PLATFORM_RUN_ERRORS else e.message,
            detail=e.detail,
            file=e.file,
            line=e.line,
            column=e.column,
        )


class ArtifactResponse(ApiStruct):
    id: UUID
    name: str
    bytes: int
    media_type: str
    label: str | None
    download_url: str

    @classmethod
    def from_view(cls, run_id: UUID, a: RunArtifact) -> ArtifactResponse:
        return cls(
            id=a.id,
            name=a.name,
            bytes=a.bytes,
            media_type=a.media_type,
            label=a.label,
            download_url=artifact_url(run_id, a.id),
        )


class RunLogs(ApiStruct):
    stdout: str
    stderr: str


class RunResponse(ApiStruct):
    """A run: status, timings, error, the normalized outputs and actions, artifacts; logs for
    the tool's maintainers and admins only (null for everyone else)."""

    id: UUID
    tool: ToolRef
    version: Annotated[int | None, Meta(description="null for a sandbox run")]
    session_id: UUID | None
    mode: RunModeName
    env: RunEnvName
    status: RunStatus
    error: RunErrorResponse | None
    outputs: list[Output]
    actions: list[Action]
    artifacts: list[ArtifactResponse]
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    logs: RunLogs | None = None
    queue_position: Annotated[
        int | None,
        Meta(description="While queued: how many queued runs will be taken before this one."),
    ] = None
    content_expired: Annotated[
        bool,
        Meta(
            description="The run's inputs, result, logs and files were deleted after the "
            "retention period; what remains is its status and timings"
        ),
    ] = False
    retention_days: Annotated[
        int | None,
        Meta(description="After how many days the content was deleted (set when expired)"),
    ] = None
    user: Annotated[
        RunUserRef | None, Meta(description="Who ran it (in lists of runs; null otherwise)")
    ] = None
    expected_met: Annotated[
        bool | None,
        Meta(
            description="An example run (POST .../example-runs): whether it ended as its "
            "example's expected.json says; null while it runs, and for every other run"
        ),
    ] = None

    @classmethod
    def from_view(cls, v: RunView) -> RunResponse:
        return cls(
            id=v.id,
            tool=ToolRef(slug=v.tool_slug, title=v.tool_title),
            version=v.version,
            session_id=v.session_id,
            mode=v.mode.value,
            env=v.env.value,
            status=v.status,
            error=RunErrorResponse.from_view(v.error) if v.error else None,
            # Stored values were normalized by the contract; this only re-types them.
            outputs=msgspec.convert(v.outputs, list[Output]),
            actions=msgspec.convert(v.actions, list[Action]),
            artifacts=[ArtifactResponse.from_view(v.id, a) for a in v.artifacts],
            queued_at=v.queued_at,
            started_at=v.started_at,
            finished_at=v.finished_at,
            logs=(
                RunLogs(stdout=v.logs.get("stdout", ""), stderr=v.logs.get("stderr", ""))
                if v.logs is not None
                else None
            ),
            queue_position=v.queue_position,
            content_expired=v.content_expired,
            retention_days=v.retention_days,
            user=RunUserRef(id=v.user_id, display_name=v.user_name)
            if v.user_name is not None
            else None,
            expected_met=v.expected_met,
        )


_ENCODER = msgspec.json.Encoder()


def encode_run(v: RunView) -> bytes:
    """A run's JSON (`RunResponse`): what Litestar would encode, encoded here (web/encoded.py)."""
    return _ENCODER.encode(RunResponse.from_view(v))


class RunPage(ApiStruct):
    items: list[RunResponse]
    total: int
    limit: int
    offset: int

    @classmethod
    def from_page(cls, page: Page[RunView]) -> RunPage:
        return cls(
            items=[RunResponse.from_view(v) for v in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


class RunStarted(ApiStruct):
    """202 from POST /tools/{slug}/runs (and sandbox-runs)."""

    run: RunResponse
    session_id: UUID

    @classmethod
    def from_view(cls, v: RunView) -> RunStarted:
        assert v.session_id is not None  # every first run opens a session
        return cls(run=RunResponse.from_view(v), session_id=v.session_id)


class ActionStarted(ApiStruct):
    """202 from POST /sessions/{id}/actions."""

    run: RunResponse

    @classmethod
    def from_view(cls, v: RunView) -> ActionStarted:
        return cls(run=RunResponse.from_view(v))


class SessionFileResponse(ApiStruct):
    id: UUID
    name: str
    bytes: int
    media_type: str
    field: Annotated[
        str | None, Meta(description="The file field it was uploaded to; null: an artifact")
    ] = None
    download_url: str = ""


class SessionResponse(ApiStruct):
    """A tool session (GET /sessions/{id}). The API's names keep the plain "session": under
    /api/v1 a session is always a tool session (signing in is /auth)."""

    id: UUID
    tool: ToolRef
    env: RunEnvName
    status: ToolSessionStatusName
    state_rev: int
    pending_actions: list[Action]
    files: list[SessionFileResponse]
    last_run_id: UUID | None
    expires_at: datetime
    state: Annotated[
        dict[str, Any] | None,
        Meta(description="The tool's state: in sandbox sessions only, where its author tests it"),
    ] = None
    inputs: Annotated[
        dict[str, Any], Meta(description="The first run's inputs (files are in `files`)")
    ] = {}

    @classmethod
    def from_view(cls, s: ToolSessionView) -> SessionResponse:
        return cls(
            id=s.id,
            tool=ToolRef(slug=s.tool_slug, title=s.tool_title),
            env=s.env.value,
            status=s.status.value,
            state_rev=s.state_rev,
            pending_actions=msgspec.convert(s.pending_actions, list[Action]),
            files=[
                SessionFileResponse(
                    id=f.id,
                    name=f.name,
                    bytes=f.bytes,
                    media_type=f.media_type,
                    field=f.field,
                    download_url=f"/api/v1/sessions/{s.id}/files/{f.id}",
                )
                for f in s.files
            ],
            last_run_id=s.last_run_id,
            expires_at=s.expires_at,
            state=s.state if s.env is RunEnv.SANDBOX else None,
            inputs=s.inputs,
        )


class CreateRunRequest(ApiStruct):
    """The JSON form of POST /tools/{slug}/runs (no files; use multipart for those)."""

    inputs: Annotated[
        dict[str, Any], Meta(description="Values by input field name (file fields excluded)")
    ] = msgspec.field(default_factory=dict)


class ActionRequest(ApiStruct):
    action_id: Annotated[str, Meta(min_length=1, max_length=64)]
    expected_state_rev: Annotated[int, Meta(ge=0)]
    input: dict[str, Any] = msgspec.field(default_factory=dict)


class ToolSettingsResponse(ApiStruct):
    values: dict[str, FieldValue]


class ToolSettingsRequest(ApiStruct):
    values: dict[str, Any]


class SandboxRunRequest(ApiStruct):
    snapshot: Annotated[dict[str, Any], Meta(description="The unsaved `{manifest, files}`")]
    inputs: dict[str, Any] = msgspec.field(default_factory=dict)
    settings: Annotated[
        dict[str, Any] | None,
        Meta(description="Settings to try, by the snapshot's settings form; default: mine saved"),
    ] = None
