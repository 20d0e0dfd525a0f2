"""Saving a tool's content as a new version, and reading versions back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skriptoteket.application.audit import Audit
from skriptoteket.domain.catalog import (
    Author,
    ToolVersion,
    VersionState,
    content_hash,
)
from skriptoteket.domain.errors import Conflict, DomainError
from skriptoteket.domain.examples import ExampleInfo, NewExample, check_examples
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.cpu import CpuPool
from skriptoteket.protocols.uow import UnitOfWork

from .content_check import check_content
from .tool_access import editable_tool, find_version, new_id, record


@dataclass(frozen=True, slots=True)
class NewVersion:
    base_version: int  # the head the author edited; 0 for a tool without versions
    manifest: Any
    files: dict[str, str]
    change_summary: str
    # None keeps the head's examples (an edit of the sources does not drop them); a tuple
    # replaces them (empty: none).
    examples: tuple[NewExample, ...] | None = None


@dataclass(frozen=True, slots=True)
class SaveVersion:
    """A new draft on top of the head; `base_version` must be the head (optimistic lock)."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    audit: Audit
    clock: Clock
    cpu: CpuPool

    async def __call__(self, principal: Principal, slug: str, new: NewVersion) -> ToolVersion:
        manifest = await check_content(self.cpu, new.manifest, new.files)
        if new.examples is not None:
            check_examples(new.examples, manifest)
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            head = await self.versions.head_number(tool.id)
            if new.base_version != head:
                raise version_conflict(new.base_version, head)
            kept = await self.versions.get(tool.id, head) if new.examples is None else None
            examples: tuple[ExampleInfo, ...] = (
                tuple(e.info() for e in new.examples)
                if new.examples is not None
                else kept.examples
                if kept is not None
                else ()
            )
            version = ToolVersion(
                id=new_id(),
                tool_id=tool.id,
                number=head + 1,
                state=VersionState.DRAFT,
                manifest=manifest,
                files=dict(new.files),
                content_hash=content_hash(manifest, new.files, examples),
                author=Author(principal.id, principal.user.display_name),
                change_summary=new.change_summary.strip(),
                review_note=None,
                created_at=self.clock.now(),
                examples=examples,
            )
            # Two saves on the same base both pass the check above; the unique
            # (tool_id, number) index lets exactly one insert succeed (version_conflict).
            await self.versions.add(version)
            if new.examples is not None:
                await self.versions.add_example_files(
                    version.id,
                    [(e.case, name, data) for e in new.examples for name, data in e.files.items()],
                )
            elif kept is not None:
                await self.versions.copy_example_files(kept.id, version.id)
            await record(
                self.audit,
                principal,
                "version.saved",
                "tool",
                str(tool.id),
                slug=tool.slug,
                version=version.number,
                content_hash=version.content_hash,
            )
            await self.uow.commit()
        return version


def version_conflict(base: int, head: int) -> DomainError:
    return Conflict(
        f"The tool has changed since version {base}: the newest version is {head}. "
        "Reload, merge your changes and save again.",
        code="version_conflict",
    )


@dataclass(frozen=True, slots=True)
class ListVersions:
    """Newest first."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository

    async def __call__(self, principal: Principal, slug: str) -> list[ToolVersion]:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            return await self.versions.for_tool(tool.id)


@dataclass(frozen=True, slots=True)
class GetVersion:
    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository

    async def __call__(self, principal: Principal, slug: str, number: int) -> ToolVersion:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            return await find_version(self.versions, tool, number)
