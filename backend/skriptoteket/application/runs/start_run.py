"""Starting runs: a first run of a tool's active version (POST /tools/{slug}/runs) and a sandbox
run of an unsaved snapshot (POST /tools/{slug}/sandbox-runs). Each opens a tool session: the
session, its files, the run and its job are created in one transaction.

The web layer asks `PrepareRun`/`PrepareSandbox` what the form may contain (file fields, their
accept lists and limits) before it streams the uploads into the file store, then hands the
checked files to `StartRun`. If StartRun fails, the caller removes the files."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from skriptoteket.application.catalog.tool_access import editable_tool
from skriptoteket.contract import Limits
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.runs import NewToolSession, RunEnv, RunMode, RunView
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, ToolsToRun
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.runs import SavedSettings, SessionStarts
from skriptoteket.protocols.uow import UnitOfWork

from .enqueue_run import QueueCaps
from .queue_turn import Turn, new_run, queued_view
from .run_target import RunTarget, manifest_of, runnable_tool
from .uploads import Upload, validated


@dataclass(frozen=True, slots=True)
class PrepareRun:
    """The tool's active version, for a first run."""

    tools: ToolsToRun

    async def __call__(self, principal: Principal, slug: str) -> RunTarget:
        return await runnable_tool(self.tools, principal, slug)


@dataclass(frozen=True, slots=True)
class PrepareSandbox:
    """The tool, if the principal maintains it or is an admin (404/403 otherwise); the target
    itself comes from the snapshot, through `run_target.sandbox_target`."""

    uow: UnitOfWork
    tools: ToolRepository

    async def __call__(self, principal: Principal, slug: str) -> RunTarget:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
        return RunTarget(tool=tool, manifest=manifest_of({}), env=RunEnv.SANDBOX)


def sandbox_settings(target: RunTarget, limits: Limits) -> dict[str, Any]:
    """The settings a sandbox run tries, checked against the snapshot's settings form; their
    errors are placed under `settings.` so the editor marks the settings form, not the inputs."""
    try:
        return validated(target.manifest.settings, target.settings, Upload(), limits)
    except InvalidInput as exc:
        raise InvalidInput(
            [FieldError(f"settings.{e.field}", e.code, e.message) for e in exc.errors]
        ) from exc


@dataclass(frozen=True, slots=True)
class StartRun:
    """The session, its files, the run and its job are written by one call of `starts`, a
    transaction of its own: everything else is decided before it."""

    starts: SessionStarts
    settings: SavedSettings
    clock: Clock
    limits: Limits
    caps: QueueCaps

    async def __call__(
        self,
        principal: Principal,
        target: RunTarget,
        inputs: object,
        upload: Upload,
        session_id: UUID,
    ) -> RunView:
        values = validated(target.manifest.inputs, inputs, upload, self.limits)
        if target.settings is not None:
            target = dataclasses.replace(target, settings=sandbox_settings(target, self.limits))
        expires = self.limits.session_expiry(self.clock.now())
        turn = Turn(
            principal=principal,
            target=target,
            session_id=session_id,
            base_rev=0,
            mode=RunMode.INITIAL,
            inputs=values,
            state={},
            files=upload.files,
            new_files=upload.files,
            expires_at=expires,
        )
        run = await new_run(turn, self.settings, self.limits)
        queued = await self.starts.start(
            NewToolSession(
                id=session_id,
                tool_id=target.tool.id,
                tool_version_id=target.version_id,
                user_id=principal.id,
                env=target.env,
                inputs=values,
                expires_at=expires,
                snapshot=target.snapshot(),
            ),
            upload.files,
            run,
            max_attempts=self.caps.max_attempts,
            queued_cap=self.caps.queued_cap,
        )
        if queued is None:
            raise self.caps.full()
        return queued_view(run, target.tool.title, queued)
