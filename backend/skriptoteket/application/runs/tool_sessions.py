"""Sessions: reading one (its owner only) and taking an action in it (docs/tool-contract.md
"Turn protocol", step 2): 409 `stale_action` when the action is not pending, 422 for invalid input,
409 `state_conflict` when the state moved since the client saw it; otherwise the action's run
is queued. A session runs one thing at a time: while a run of it is queued or running, another
action is a `state_conflict` too (its result would be computed from a state about to change)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.contract import Action, ActionCall, FileField
from skriptoteket.domain.errors import Conflict, NotFound
from skriptoteket.domain.runs import (
    NewRun,
    NewToolSessionFile,
    RunEnv,
    RunMode,
    RunView,
    ToolSessionFile,
    ToolSessionRecord,
    ToolSessionView,
)
from skriptoteket.domain.users import Principal

from .interpret_outcome import ToolSessionRef, media_type_of
from .ports import RunsHandler, RunTarget, manifest_of, new_id, request_payload, validated
from .run_spec import stored_request
from .uploads import ReceivedFile


class GetToolSession(RunsHandler):
    async def __call__(self, principal: Principal, session_id: UUID) -> ToolSessionView:
        async with self.p.uow:
            view = await self.p.sessions.get_view(session_id)
        if view is None or view.user_id != principal.id:
            raise NotFound("There is no such session.")
        return view


def pending_action(session: ToolSessionRecord, action_id: str) -> Action:
    for raw in session.pending_actions:
        if raw.get("id") == action_id:
            return msgspec.convert(raw, Action)
    raise Conflict(
        "That step is no longer offered; reload to see what you can do now.",
        code="stale_action",
    )


class PrepareAction(RunsHandler):
    """The session (its owner only) and the names already taken in it, for the upload of an
    action's files; the action's own fields come from `action_file_fields`."""

    async def __call__(self, principal: Principal, session_id: UUID) -> ToolSessionRecord:
        async with self.p.uow:
            session = await self.p.sessions.get(session_id)
        if session is None or session.user_id != principal.id:
            raise NotFound("There is no such session.")
        return session


def action_file_fields(session: ToolSessionRecord, action_id: object) -> dict[str, FileField]:
    if not isinstance(action_id, str):
        return {}
    action = pending_action(session, action_id)
    return {f.name: f for f in action.fields if isinstance(f, FileField)}


class StartAction(RunsHandler):
    async def __call__(
        self,
        principal: Principal,
        session_id: UUID,
        action_id: str,
        action_input: object,
        expected_state_rev: int,
        files: list[ReceivedFile],
    ) -> RunView:
        limits = self.p.limits
        now = self.p.clock.now()
        expires = now + timedelta(hours=limits.session_file_retention_h)
        run_id = new_id()
        async with self.p.uow:
            # Locked: two actions on one session are decided one after the other.
            session = await self.p.sessions.get(session_id, for_update=True)
            if session is None or session.user_id != principal.id:
                raise NotFound("There is no such session.")
            if session.expires_at <= now:
                raise Conflict(
                    "The session has expired; start the tool again.", code="session_expired"
                )
            action = pending_action(session, action_id)
            values = validated(action.fields, action_input, files, limits)
            if session.state_rev != expected_state_rev or await self.p.sessions.has_active_run(
                session.id
            ):
                raise Conflict(
                    "The session has moved on since you loaded it; reload and try again.",
                    code="state_conflict",
                )
            target = await self._target(principal, session)
            settings = await self.user_settings(principal, target)
            new_files = [
                ToolSessionFile(
                    id=f.id,
                    field=f.field,
                    name=f.name,
                    bytes=f.bytes,
                    media_type=media_type_of(f.name),
                    sha256=f.sha256,
                    store_key=f.key,
                )
                for f in files
            ]
            staged = [*session.files, *new_files]
            run_limits = self.run_limits(target.manifest)
            payload = request_payload(
                run_id=run_id,
                target=target,
                mode=RunMode.ACTION,
                limits=run_limits,
                inputs=dict(session.inputs),
                settings=settings,
                state=session.state,
                files=staged,
                action=ActionCall(id=action.id, input=values),
                max_bytes=limits.request_bytes,
            )
            for f in new_files:
                await self.p.sessions.add_file(
                    NewToolSessionFile(
                        id=f.id,
                        session_id=session.id,
                        field=f.field,
                        name=f.name,
                        bytes=f.bytes,
                        media_type=f.media_type,
                        sha256=f.sha256,
                        store_key=f.store_key,
                        expires_at=expires,
                    )
                )
            await self.p.sessions.touch(session.id, expires)
            await self.p.enqueue.within(
                NewRun(
                    id=run_id,
                    user_id=principal.id,
                    tool_id=target.tool.id,
                    tool_version_id=target.version_id,
                    tool_slug=target.tool.slug,
                    version_number=target.version_number,
                    mode=RunMode.ACTION,
                    env=target.env,
                    session_id=session.id,
                    request=stored_request(
                        payload=payload,
                        files=target.snapshot_files,
                        version_id=target.version_id,
                        stored_files=[(f.name, f.store_key) for f in staged],
                        limits=run_limits,
                        session=ToolSessionRef(session_id=session.id, base_rev=session.state_rev),
                    ),
                )
            )
            await self.p.uow.commit()
        return await self.started(run_id)

    async def _target(self, principal: Principal, session: ToolSessionRecord) -> RunTarget:
        """What the session runs: the version it started with, or its sandbox snapshot."""
        tool = await self.p.tools.get_by_slug(session.tool_slug)
        if tool is None:
            raise NotFound("There is no such session.")
        if session.env is RunEnv.SANDBOX:
            snapshot: dict[str, Any] = session.snapshot or {}
            return RunTarget(
                tool=tool,
                manifest=manifest_of(snapshot.get("manifest") or {}),
                env=RunEnv.SANDBOX,
                snapshot_files=dict(snapshot.get("files") or {}),
            )
        version = (
            await self.p.versions.get_by_id(session.tool_version_id)
            if session.tool_version_id
            else None
        )
        if version is None:
            raise NotFound("There is no such session.")
        return RunTarget(
            tool=tool,
            manifest=manifest_of(version.manifest),
            env=RunEnv.PRODUCTION,
            version_id=version.id,
            version_number=version.number,
        )
