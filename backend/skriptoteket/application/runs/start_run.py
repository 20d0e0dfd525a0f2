"""Starting runs: a first run of a tool's active version (POST /tools/{slug}/runs) and a sandbox
run of an unsaved snapshot (POST /tools/{slug}/sandbox-runs). Each opens a tool session: the
session, its files, the run and its job are created in one transaction.

The web layer asks `PrepareRun`/`PrepareSandbox` what the form may contain (file fields, their
accept lists and limits) before it streams the uploads into the file store, then hands the
checked files to `StartRun`. If StartRun fails, the caller removes the files."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from skriptoteket.contract import Limits
from skriptoteket.domain.catalog import require_edit
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.runs import NewToolSession, RunEnv, RunMode, RunView
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.runs import RunReads, ToolSessionRepository
from skriptoteket.protocols.uow import UnitOfWork

from .queue_turn import QueueTurn, Turn, queued_view
from .run_target import RunTarget, manifest_of, runnable_tool
from .uploads import Upload, validated


class PrepareRun:
    """The tool's active version, for a first run."""

    def __init__(self, uow: UnitOfWork, tools: ToolRepository, versions: VersionRepository):
        self._uow = uow
        self._tools = tools
        self._versions = versions

    async def __call__(self, principal: Principal, slug: str) -> RunTarget:
        async with self._uow:
            return await runnable_tool(self._tools, self._versions, principal, slug)


class PrepareSandbox:
    """The tool, if the principal maintains it or is an admin (404/403 otherwise); the target
    itself comes from the snapshot, through `run_target.sandbox_target`."""

    def __init__(self, uow: UnitOfWork, tools: ToolRepository) -> None:
        self._uow = uow
        self._tools = tools

    async def __call__(self, principal: Principal, slug: str) -> RunTarget:
        async with self._uow:
            tool = await self._tools.get_by_slug(slug)
            if tool is None:
                raise NotFound("No such tool.")
            maintainer = await self._tools.is_maintainer(tool.id, principal.id)
            require_edit(principal, tool, is_maintainer=maintainer)
        return RunTarget(tool=tool, manifest=manifest_of({}), env=RunEnv.SANDBOX)


class StartRun:
    def __init__(
        self,
        uow: UnitOfWork,
        tool_sessions: ToolSessionRepository,
        queue_turn: QueueTurn,
        reads: RunReads,
        clock: Clock,
        limits: Limits,
    ) -> None:
        self._uow = uow
        self._tool_sessions = tool_sessions
        self._queue_turn = queue_turn
        self._reads = reads
        self._clock = clock
        self._limits = limits

    async def __call__(
        self,
        principal: Principal,
        target: RunTarget,
        inputs: object,
        upload: Upload,
        session_id: UUID,
    ) -> RunView:
        values = validated(target.manifest.inputs, inputs, upload, self._limits)
        expires = self._clock.now() + timedelta(hours=self._limits.session_file_retention_h)
        async with self._uow:
            await self._tool_sessions.add(
                NewToolSession(
                    id=session_id,
                    tool_id=target.tool.id,
                    tool_version_id=target.version_id,
                    user_id=principal.id,
                    env=target.env,
                    inputs=values,
                    expires_at=expires,
                    snapshot=target.snapshot(),
                )
            )
            run_id = await self._queue_turn(
                Turn(
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
            )
            await self._uow.commit()
        return await queued_view(self._uow, self._reads, run_id)
