"""The ports the runs handlers share, and the steps they have in common: which tool and
version a run executes, the request the tool reads, the limits it gets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.contract import (
    ActionCall,
    Field,
    FileField,
    Limits,
    Manifest,
    RequestFile,
    RunInfo,
    RunRequest,
    SubmissionError,
    UploadedFile,
    validate_submission,
)
from skriptoteket.domain.catalog import Tool, access
from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput, NotFound
from skriptoteket.domain.runs import RunAccess, RunEnv, RunMode, RunView, ToolSessionFile
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import RunLimits
from skriptoteket.protocols.runs import RunReads, ToolSessionRepository, ToolSettingsRepository
from skriptoteket.protocols.uow import UnitOfWork

from .enqueue_run import EnqueueRun
from .uploads import ReceivedFile

INPUT_DIR = "/work/input/"


@dataclass(frozen=True, slots=True)
class RunsPorts:
    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    sessions: ToolSessionRepository
    settings: ToolSettingsRepository
    reads: RunReads
    enqueue: EnqueueRun
    store: FileStore
    clock: Clock
    limits: Limits


@dataclass(frozen=True, slots=True)
class RunTarget:
    """What a run executes: a tool's active version, or (sandbox) an unsaved snapshot."""

    tool: Tool
    manifest: Manifest
    env: RunEnv
    version_id: UUID | None = None
    version_number: int | None = None
    snapshot_files: dict[str, str] | None = None  # sandbox only

    def file_fields(self, form: list[Field] | None = None) -> dict[str, FileField]:
        return {f.name: f for f in (form or self.manifest.inputs) if isinstance(f, FileField)}


def manifest_of(data: dict[str, Any]) -> Manifest:
    """Stored manifests were validated at save; this only re-types them."""
    return msgspec.convert(data, Manifest, str_keys=True)


class RunsHandler:
    def __init__(self, ports: RunsPorts) -> None:
        self.p = ports

    async def runnable_tool(self, principal: Principal, slug: str) -> RunTarget:
        """The tool's active version, if the principal may see the tool; 404 otherwise, 409
        `not_published` for a tool its maintainers see that has no published version."""
        tool = await self.p.tools.get_by_slug(slug)
        if tool is None:
            raise NotFound("No such tool.")
        maintainer = await self.p.tools.is_maintainer(tool.id, principal.id)
        if not access(principal, tool, is_maintainer=maintainer).can_view:
            raise NotFound("No such tool.")
        if tool.active_version_id is None:
            raise Conflict(
                "The tool has no published version yet; try it as a sandbox run.",
                code="not_published",
            )
        version = await self.p.versions.get_by_id(tool.active_version_id)
        if version is None:  # pragma: no cover - the foreign key keeps it
            raise NotFound("No such tool.")
        return RunTarget(
            tool=tool,
            manifest=manifest_of(version.manifest),
            env=RunEnv.PRODUCTION,
            version_id=version.id,
            version_number=version.number,
        )

    async def user_settings(self, principal: Principal, target: RunTarget) -> dict[str, Any]:
        """The user's saved settings as valid for this manifest: values the current settings
        form no longer accepts fall back to the defaults rather than failing the run."""
        saved = await self.p.settings.get(principal.id, target.tool.id) or {}
        form = target.manifest.settings
        try:
            return dict(validate_submission(form, saved, limits=self.p.limits))
        except SubmissionError as exc:
            broken = {issue.path for issue in exc.issues}
            kept = {k: v for k, v in saved.items() if k not in broken}
            try:
                return dict(validate_submission(form, kept, limits=self.p.limits))
            except SubmissionError:
                return {}

    async def started(self, run_id: UUID) -> RunView:
        """The run just queued, as its owner sees it."""
        async with self.p.uow:
            view = await self.p.reads.get_view(run_id)
        if view is None:  # pragma: no cover - committed just before
            raise NotFound("There is no such run.")
        return view.for_viewer(RunAccess(can_view=True, sees_internals=False, is_owner=True))

    def run_limits(self, manifest: Manifest) -> RunLimits:
        limits = self.p.limits
        asked = manifest.limits
        return RunLimits(
            timeout_s=limits.clamp_timeout(asked.timeout_s if asked else None),
            memory_mb=limits.clamp_memory(asked.memory_mb if asked else None),
            cpus=limits.cpus,
            pids=limits.pids,
            tmp_mb=limits.tmp_mb,
            output_mb=limits.output_mb,
            max_artifacts=limits.artifacts,
            max_artifact_bytes_total=limits.artifact_total_bytes,
            max_result_bytes=limits.result_bytes,
            max_log_bytes=limits.log_bytes,
        )


def validated(
    form: list[Field], values: object, files: list[ReceivedFile], limits: Limits
) -> dict[str, Any]:
    """The contract validator's answer, or 422 with one error per field."""
    by_field: dict[str, list[UploadedFile]] = {}
    for f in files:
        by_field.setdefault(f.field, []).append(
            UploadedFile(name=f.name, bytes=f.bytes, head=f.head)
        )
    try:
        return dict(validate_submission(form, values, by_field, limits=limits))
    except SubmissionError as exc:
        raise InvalidInput(
            [FieldError(issue.path, issue.code, issue.message) for issue in exc.issues[:100]]
        ) from exc


def request_payload(
    *,
    run_id: UUID,
    target: RunTarget,
    mode: RunMode,
    limits: RunLimits,
    inputs: dict[str, Any],
    settings: dict[str, Any],
    state: dict[str, Any],
    files: list[ToolSessionFile],
    action: ActionCall | None = None,
    max_bytes: int,
) -> dict[str, Any]:
    """request.json as the tool reads it (contract RunRequest)."""
    request = RunRequest(
        run=RunInfo(
            id=str(run_id),
            mode=mode.value,
            env=target.env.value,
            tool=target.tool.slug,
            version=target.version_number or 0,
            deadline_s=limits.timeout_s,
            entrypoint=target.manifest.entrypoint,
        ),
        inputs=inputs,
        action=action,
        state=state,
        settings=settings,
        files=[
            RequestFile(
                id=str(f.id),
                field=f.field or "",
                name=f.name,
                path=INPUT_DIR + f.name,
                bytes=f.bytes,
                media_type=f.media_type,
                sha256=f.sha256,
            )
            for f in files
        ],
    )
    payload: dict[str, Any] = msgspec.to_builtins(request)
    size = len(msgspec.json.encode(payload))
    if size > max_bytes:
        raise InvalidInput(
            [FieldError("$", "too_large", f"The request is {size} bytes; at most {max_bytes}.")]
        )
    return payload


def new_id() -> UUID:
    return uuid.uuid4()
