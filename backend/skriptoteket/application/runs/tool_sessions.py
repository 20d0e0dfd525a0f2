"""Tool sessions: reading one (its owner only) and taking an action in it (the tool contract's
"Turn protocol", step 2): 409 `stale_action` when the action is not pending, 422 for invalid
input, 409 `state_conflict` when the state moved since the client saw it; otherwise the
action's run is queued. A session runs one thing at a time: while a run of it is queued or
running, another action is a `state_conflict` too (its result would be computed from a state
about to change)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.contract import Action, ActionCall, FileField, Limits
from skriptoteket.domain.catalog import access
from skriptoteket.domain.errors import Conflict, NotFound
from skriptoteket.domain.runs import (
    RunEnv,
    RunMode,
    RunView,
    ToolSessionFile,
    ToolSessionRecord,
    ToolSessionView,
)
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.runs import ToolSessionRepository
from skriptoteket.protocols.uow import UnitOfWork

from .queue_turn import QueueTurn, Turn
from .run_target import RunTarget, manifest_of, version_target
from .uploads import Upload, validated


@dataclass(frozen=True, slots=True)
class GetToolSession:
    uow: UnitOfWork
    tool_sessions: ToolSessionRepository

    async def __call__(self, principal: Principal, session_id: UUID) -> ToolSessionView:
        async with self.uow:
            view = await self.tool_sessions.get_view(session_id)
        if view is None or view.user_id != principal.id:
            raise NotFound("There is no such session.")
        return view


async def owned_session(
    tool_sessions: ToolSessionRepository,
    principal: Principal,
    session_id: UUID,
    *,
    for_update: bool = False,
) -> ToolSessionRecord:
    """The session, if it is the principal's; 404 for anyone else's, as for one that is not."""
    session = await tool_sessions.get(session_id, for_update=for_update)
    if session is None or session.user_id != principal.id:
        raise NotFound("There is no such session.")
    return session


def pending_action(session: ToolSessionRecord, action_id: str) -> Action:
    for raw in session.pending_actions:
        if raw.get("id") == action_id:
            return msgspec.convert(raw, Action)
    raise Conflict(
        "That step is no longer offered; reload to see what you can do now.",
        code="stale_action",
    )


@dataclass(frozen=True, slots=True)
class PrepareAction:
    """The session (its owner only) and the names already taken in it, for the upload of an
    action's files; the action's own fields come from `action_file_fields`."""

    uow: UnitOfWork
    tool_sessions: ToolSessionRepository

    async def __call__(self, principal: Principal, session_id: UUID) -> ToolSessionRecord:
        async with self.uow:
            return await owned_session(self.tool_sessions, principal, session_id)


@dataclass(frozen=True, slots=True)
class GetSessionFile:
    """One file of a session, for its owner ("Kör igen" offers a session's files again while
    they are retained)."""

    uow: UnitOfWork
    tool_sessions: ToolSessionRepository

    async def __call__(
        self, principal: Principal, session_id: UUID, file_id: UUID
    ) -> ToolSessionFile:
        async with self.uow:
            session = await owned_session(self.tool_sessions, principal, session_id)
        for file in session.files:
            if file.id == file_id:
                return file
        raise NotFound("The session has no such file (it may have been deleted).")


def action_file_fields(session: ToolSessionRecord, action_id: object) -> dict[str, FileField]:
    if not isinstance(action_id, str):
        return {}
    action = pending_action(session, action_id)
    return {f.name: f for f in action.fields if isinstance(f, FileField)}


@dataclass(frozen=True, slots=True)
class StartAction:
    uow: UnitOfWork
    tool_sessions: ToolSessionRepository
    queue_turn: QueueTurn
    clock: Clock
    limits: Limits
    # What `_target` checks again: the grant that started the session still holds.
    tools: ToolRepository
    versions: VersionRepository

    async def __call__(
        self,
        principal: Principal,
        session_id: UUID,
        action_id: str,
        action_input: object,
        expected_state_rev: int,
        upload: Upload,
    ) -> RunView:
        now = self.clock.now()
        expires = self.limits.session_expiry(now)
        async with self.uow:
            # Locked: two actions on one session are decided one after the other.
            session = await owned_session(
                self.tool_sessions, principal, session_id, for_update=True
            )
            if session.expires_at <= now:
                raise Conflict(
                    "The session has expired; start the tool again.", code="session_expired"
                )
            action = pending_action(session, action_id)
            values = validated(action.fields, action_input, upload, self.limits)
            if session.state_rev != expected_state_rev or await self.tool_sessions.has_active_run(
                session.id
            ):
                raise Conflict(
                    "The session has moved on since you loaded it; reload and try again.",
                    code="state_conflict",
                )
            view = await self.queue_turn(
                Turn(
                    principal=principal,
                    target=await self._target(principal, session),
                    session_id=session.id,
                    base_rev=session.state_rev,
                    mode=RunMode.ACTION,
                    inputs=dict(session.inputs),
                    state=session.state,
                    files=[*session.files, *upload.files],
                    new_files=upload.files,
                    expires_at=expires,
                    action=ActionCall(id=action.id, input=values),
                )
            )
            await self.tool_sessions.touch(session.id, expires)
            await self.uow.commit()
        return view

    async def _target(self, principal: Principal, session: ToolSessionRecord) -> RunTarget:
        """What the session runs: the version it started with, or its sandbox snapshot, if the
        grant that started it still holds (409 with words otherwise): a sandbox session needs
        edit rights now; a production session the tool visible and published, as for a first
        run, and its version not withdrawn by a rollback."""
        tool = await self.tools.get_by_slug(session.tool_slug)
        if tool is None:
            raise NotFound("There is no such session.")
        maintainer = await self.tools.is_maintainer(tool.id, principal.id)
        allowed = access(principal, tool, is_maintainer=maintainer)
        if session.env is RunEnv.SANDBOX:
            if not allowed.can_edit:
                raise Conflict(
                    "You may no longer edit this tool, so its test session has ended.",
                    code="edit_rights_revoked",
                )
            snapshot: dict[str, Any] = session.snapshot or {}
            return RunTarget(
                tool=tool,
                manifest=manifest_of(snapshot.get("manifest") or {}),
                env=RunEnv.SANDBOX,
                snapshot_files=dict(snapshot.get("files") or {}),
                settings=snapshot.get("settings"),
            )
        if not allowed.can_view or tool.active_version_id is None:
            raise Conflict(
                "The tool is no longer published, so this session has ended.",
                code="tool_withdrawn",
            )
        target = None
        if session.tool_version_id is not None:
            target = await version_target(self.versions, tool, session.tool_version_id)
        if target is None or target.version_number is None:
            raise NotFound("There is no such session.")
        if await self.versions.withdrawn_by_rollback(tool.id, target.version_number):
            raise Conflict(
                "This version of the tool was withdrawn; start the tool again.",
                code="version_withdrawn",
            )
        return target
