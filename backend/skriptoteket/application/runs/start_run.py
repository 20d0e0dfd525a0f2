"""Starting runs: a first run of a tool's active version (POST /tools/{slug}/runs) and a sandbox
run of an unsaved snapshot (POST /tools/{slug}/sandbox-runs). Each opens a session: the session,
its files, the run and its job are created in one transaction.

The web layer asks `PrepareRun`/`PrepareSandbox` what the form may contain (file fields, their
accept lists and limits) before it streams the uploads into the file store, then hands the
checked files to `StartRun`. If StartRun fails, the caller removes the files."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.application.catalog.versions import checked_content
from skriptoteket.domain.catalog import require_edit
from skriptoteket.domain.errors import FieldError, InvalidInput, NotFound
from skriptoteket.domain.runs import (
    NewRun,
    NewToolSession,
    NewToolSessionFile,
    RunEnv,
    RunMode,
    RunView,
    ToolSessionFile,
)
from skriptoteket.domain.users import Principal

from .interpret_outcome import ToolSessionRef, media_type_of
from .ports import RunsHandler, RunTarget, manifest_of, new_id, request_payload, validated
from .run_spec import stored_request
from .uploads import ReceivedFile


class PrepareRun(RunsHandler):
    """The tool's active version, for a first run."""

    async def __call__(self, principal: Principal, slug: str) -> RunTarget:
        async with self.p.uow:
            return await self.runnable_tool(principal, slug)


class PrepareSandbox(RunsHandler):
    """The tool, if the principal maintains it or is an admin (404/403 otherwise); the target
    itself comes from the snapshot, through `sandbox_target`."""

    async def __call__(self, principal: Principal, slug: str) -> RunTarget:
        async with self.p.uow:
            tool = await self.p.tools.get_by_slug(slug)
            if tool is None:
                raise NotFound("No such tool.")
            maintainer = await self.p.tools.is_maintainer(tool.id, principal.id)
            require_edit(principal, tool, is_maintainer=maintainer)
        return RunTarget(tool=tool, manifest=manifest_of({}), env=RunEnv.SANDBOX)


def sandbox_target(tool_target: RunTarget, snapshot: object) -> RunTarget:
    """The snapshot `{manifest, files}` checked exactly like a save (422 per problem, 413 for
    oversized sources), as a sandbox target of the tool."""
    if not isinstance(snapshot, dict):
        raise InvalidInput([FieldError("snapshot", "invalid_type", "The snapshot is an object.")])
    files = snapshot.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        raise InvalidInput(
            [FieldError("$.files", "invalid_type", "The files are an object of path: text.")]
        )
    manifest = checked_content(snapshot.get("manifest"), files)
    return RunTarget(
        tool=tool_target.tool,
        manifest=manifest_of(manifest),
        env=RunEnv.SANDBOX,
        snapshot_files=dict(files),
    )


class StartRun(RunsHandler):
    async def __call__(
        self,
        principal: Principal,
        target: RunTarget,
        inputs: object,
        files: list[ReceivedFile],
        session_id: UUID,
    ) -> RunView:
        limits = self.p.limits
        values = validated(target.manifest.inputs, inputs, files, limits)
        now = self.p.clock.now()
        expires = now + timedelta(hours=limits.session_file_retention_h)
        records = [
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
        run_id = new_id()
        run_limits = self.run_limits(target.manifest)
        async with self.p.uow:
            settings = await self.user_settings(principal, target)
            payload = request_payload(
                run_id=run_id,
                target=target,
                mode=RunMode.INITIAL,
                limits=run_limits,
                inputs=values,
                settings=settings,
                state={},
                files=records,
                max_bytes=limits.request_bytes,
            )
            snapshot: dict[str, Any] | None = None
            if target.snapshot_files is not None:
                snapshot = {
                    "manifest": msgspec.to_builtins(target.manifest),
                    "files": target.snapshot_files,
                }
            await self.p.sessions.add(
                NewToolSession(
                    id=session_id,
                    tool_id=target.tool.id,
                    tool_version_id=target.version_id,
                    user_id=principal.id,
                    env=target.env,
                    inputs=values,
                    expires_at=expires,
                    snapshot=snapshot,
                )
            )
            for f in records:
                await self.p.sessions.add_file(
                    NewToolSessionFile(
                        id=f.id,
                        session_id=session_id,
                        field=f.field,
                        name=f.name,
                        bytes=f.bytes,
                        media_type=f.media_type,
                        sha256=f.sha256,
                        store_key=f.store_key,
                        expires_at=expires,
                    )
                )
            await self.p.enqueue.within(
                NewRun(
                    id=run_id,
                    user_id=principal.id,
                    tool_id=target.tool.id,
                    tool_version_id=target.version_id,
                    tool_slug=target.tool.slug,
                    version_number=target.version_number,
                    mode=RunMode.INITIAL,
                    env=target.env,
                    session_id=session_id,
                    request=stored_request(
                        payload=payload,
                        files=target.snapshot_files,
                        version_id=target.version_id,
                        stored_files=[(f.name, f.store_key) for f in records],
                        limits=run_limits,
                        session=ToolSessionRef(session_id=session_id, base_rev=0),
                    ),
                )
            )
            await self.p.uow.commit()
        return await self.started(run_id)
