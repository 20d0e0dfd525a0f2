"""What a run executes: a tool's active version or (sandbox) an unsaved snapshot, and the checks
that find it for a caller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.application.catalog.content_check import check_content_once
from skriptoteket.contract import Field, FileField, Manifest
from skriptoteket.domain.catalog import Tool, access
from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput, NotFound
from skriptoteket.domain.runs import RunEnv
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolsToRun, VersionRepository


@dataclass(frozen=True, slots=True)
class RunTarget:
    tool: Tool
    manifest: Manifest
    env: RunEnv
    version_id: UUID | None = None
    version_number: int | None = None
    snapshot_files: dict[str, str] | None = None  # sandbox only
    # sandbox only: the settings the maintainer tries (validated when the run starts); None
    # means the user's saved settings, as for every other run
    settings: dict[str, Any] | None = None

    def file_fields(self, form: list[Field] | None = None) -> dict[str, FileField]:
        return {f.name: f for f in (form or self.manifest.inputs) if isinstance(f, FileField)}

    def snapshot(self) -> dict[str, Any] | None:
        """What a sandbox session keeps to run its actions: the unsaved {manifest, files}."""
        if self.snapshot_files is None:
            return None
        return {
            "manifest": msgspec.to_builtins(self.manifest),
            "files": self.snapshot_files,
            "settings": self.settings,
        }


def manifest_of(data: dict[str, Any]) -> Manifest:
    """Stored manifests were validated at save; this only re-types them."""
    return msgspec.convert(data, Manifest, str_keys=True)


def production_target(
    tool: Tool, manifest: dict[str, Any], version_id: UUID | None, version_number: int | None
) -> RunTarget:
    """A stored version of the tool, with its manifest, as a run target."""
    return RunTarget(
        tool=tool,
        manifest=manifest_of(manifest),
        env=RunEnv.PRODUCTION,
        version_id=version_id,
        version_number=version_number,
    )


async def version_target(
    versions: VersionRepository, tool: Tool, version_id: UUID
) -> RunTarget | None:
    """A stored version of the tool as a run target; None if there is no such version."""
    version = await versions.get_by_id(version_id)
    if version is None:
        return None
    return production_target(tool, version.manifest, version.id, version.number)


async def runnable_tool(tools: ToolsToRun, principal: Principal, slug: str) -> RunTarget:
    """The tool's active version, if the principal may see the tool; 404 otherwise, 409
    `not_published` for a tool its maintainers see that has no published version. One read
    (`ToolsToRun.to_run`): the tool, whether the principal maintains it, the manifest."""
    found = await tools.to_run(slug, principal.id)
    if (
        found is None
        or not access(principal, found.tool, is_maintainer=found.is_maintainer).can_view
    ):
        raise NotFound("No such tool.")
    tool = found.tool
    if found.manifest is None:  # no active version
        raise Conflict(
            "The tool has no published version yet; try it as a sandbox run.",
            code="not_published",
        )
    return production_target(
        tool, found.manifest, tool.active_version_id, tool.active_version_number
    )


def sandbox_target(
    tool_target: RunTarget, snapshot: object, settings: dict[str, Any] | None = None
) -> RunTarget:
    """The snapshot `{manifest, files}` checked exactly like a save (422 per problem, 413 for
    oversized sources), as a sandbox target of the tool, with the settings to try."""
    if not isinstance(snapshot, dict):
        raise InvalidInput([FieldError("snapshot", "invalid_type", "The snapshot is an object.")])
    files = snapshot.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        raise InvalidInput(
            [FieldError("$.files", "invalid_type", "The files are an object of path: text.")]
        )
    manifest = check_content_once(snapshot.get("manifest"), files)
    return RunTarget(
        tool=tool_target.tool,
        manifest=manifest_of(manifest),
        env=RunEnv.SANDBOX,
        snapshot_files=dict(files),
        settings=settings,
    )
