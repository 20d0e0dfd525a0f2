"""Queue a turn: the one step shared by first runs, sandbox runs and actions (the tool
contract's "Turn protocol"). Inside the caller's transaction, with the tool session already
created or locked: the turn's new files join the session, request.json is built (with the
user's saved settings and the run's limits) and the run is queued with its stored request.
The answer is the queued run as its owner sees it, built from what was written (no read back:
the queue's insert says when it was queued and how many runs are ahead of it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.contract import ActionCall, Limits, Manifest, RequestFile, RunInfo, RunRequest
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.runs import (
    NewRun,
    QueuedRun,
    RunAccess,
    RunMode,
    RunStatus,
    RunView,
    ToolSessionFile,
)
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.runs import SavedSettings, ToolSessionRepository

from .enqueue_run import EnqueueRun
from .run_target import RunTarget
from .settings import user_settings
from .stored_request import ToolSessionRef, stored_request

INPUT_DIR = "/work/input/"


@dataclass(frozen=True, slots=True)
class Turn:
    """One run of a tool session: its first (mode initial) or an action."""

    principal: Principal
    target: RunTarget
    session_id: UUID
    base_rev: int  # the session's state_rev the run starts from
    mode: RunMode
    inputs: dict[str, Any]  # validated
    state: dict[str, Any]
    files: list[ToolSessionFile]  # every file the tool sees, the new ones included
    new_files: list[ToolSessionFile]  # uploaded with this turn: they join the session
    expires_at: datetime  # the new files' (and, for an action, the session's) expiry
    action: ActionCall | None = None


def run_limits(limits: Limits, manifest: Manifest) -> Limits:
    """The limits table a run gets: the manifest's timeout and memory, clamped."""
    asked = manifest.limits
    return msgspec.structs.replace(
        limits,
        timeout_s=limits.clamp_timeout(asked.timeout_s if asked else None),
        memory_mb=limits.clamp_memory(asked.memory_mb if asked else None),
    )


@dataclass(frozen=True, slots=True)
class QueueTurn:
    tool_sessions: ToolSessionRepository
    settings: SavedSettings
    enqueue: EnqueueRun
    limits: Limits

    async def __call__(self, turn: Turn) -> RunView:
        """The queued run, as its owner sees it."""
        run = await new_run(turn, self.settings, self.limits)
        await self.tool_sessions.add_files(turn.session_id, turn.new_files, turn.expires_at)
        return queued_view(run, turn.target.tool.title, await self.enqueue.within(run))


async def new_run(turn: Turn, saved: SavedSettings, base: Limits) -> NewRun:
    """The turn's run with its stored request: the user's saved settings read, the run's
    limits applied, the request's size checked (422 beyond the limit)."""
    run_id = uuid.uuid4()
    target = turn.target
    limits = run_limits(base, target.manifest)
    settings = (
        target.settings  # a sandbox trying settings: validated when its session started
        if target.settings is not None
        else await user_settings(saved, base, turn.principal, target)
    )
    payload = RunRequest(
        run=RunInfo(
            id=str(run_id),
            mode=turn.mode.value,
            env=target.env.value,
            tool=target.tool.slug,
            version=target.version_number or 0,
            deadline_s=limits.timeout_s,
            entrypoint=target.manifest.entrypoint,
            locale=turn.principal.user.locale,
        ),
        inputs=turn.inputs,
        action=turn.action,
        state=turn.state,
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
            for f in turn.files
        ],
    )
    size = len(msgspec.json.encode(payload))
    if size > base.request_bytes:
        raise InvalidInput(
            [
                FieldError(
                    "$",
                    "too_large",
                    f"The request is {size} bytes; at most {base.request_bytes}.",
                )
            ]
        )
    return NewRun(
        id=run_id,
        user_id=turn.principal.id,
        tool_id=target.tool.id,
        tool_version_id=target.version_id,
        tool_slug=target.tool.slug,
        version_number=target.version_number,
        mode=turn.mode,
        env=target.env,
        session_id=turn.session_id,
        request=stored_request(
            payload=payload,
            files=target.snapshot_files,
            version_id=target.version_id,
            input_keys={f.name: f.store_key for f in turn.files},
            limits=limits,
            session=ToolSessionRef(id=turn.session_id, base_rev=turn.base_rev),
        ),
    )


def queued_view(run: NewRun, tool_title: str, queued: QueuedRun) -> RunView:
    """A run just queued, as its owner sees it (what GET /runs/{id} would answer now)."""
    return RunView(
        id=run.id,
        user_id=run.user_id,
        tool_id=run.tool_id,
        tool_slug=run.tool_slug,
        tool_title=tool_title,
        version=run.version_number,
        session_id=run.session_id,
        mode=run.mode,
        env=run.env,
        status=RunStatus.QUEUED,
        error=None,
        outputs=[],
        actions=[],
        artifacts=[],
        queued_at=queued.queued_at,
        started_at=None,
        finished_at=None,
        queue_position=queued.position,
    ).for_viewer(RunAccess(can_view=True, sees_internals=False, is_owner=True))
