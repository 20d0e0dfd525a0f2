"""Governance: submit, publish, request changes, roll back, and hide or show a tool.

Publishing and rollback lock the tool row first, so two of them on one tool run one after
the other; a partial unique index (one published version per tool) backs this up.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from skriptoteket.application.audit import Audit
from skriptoteket.domain.catalog import (
    Author,
    Tool,
    ToolVersion,
    VersionAction,
    VersionState,
    next_state,
    require_not_author,
)
from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.protocols.webhooks import WebhookEvents

from .example_runs import ExampleOutcomes
from .tool_access import editable_tool, find_tool, find_version, new_id, record, require_role


@dataclass(frozen=True, slots=True)
class SubmitVersion:
    """draft -> in_review, by a maintainer (or an admin)."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    audit: Audit
    webhooks: WebhookEvents

    async def __call__(self, principal: Principal, slug: str, number: int) -> ToolVersion:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug, for_update=True)
            version = await find_version(self.versions, tool, number)
            state = next_state(version.state, VersionAction.SUBMIT)
            await self.versions.set_state(version.id, state)
            await record(
                self.audit,
                principal,
                "version.submitted",
                "tool",
                str(tool.id),
                slug=slug,
                version=number,
            )
            await self.webhooks.emit("version.submitted", slug, {"tool": slug, "version": number})
            await self.uow.commit()
        return dataclasses.replace(version, state=state)


# The steps publish and rollback share. The tool row is locked by the caller.


async def archive_active(versions: VersionRepository, tool: Tool) -> int | None:
    """Archive the tool's active version, if any; its number. Done before anything is
    published: the one-published-version index must never see two."""
    if tool.active_version_id is None:
        return None
    active = await versions.get_by_id(tool.active_version_id)
    if active is None:
        return None
    await versions.set_state(active.id, next_state(active.state, VersionAction.ARCHIVE))
    return active.number


async def point_tool_at(
    tools: ToolRepository, clock: Clock, tool: Tool, version: ToolVersion
) -> None:
    usage = version.manifest.get("usage")
    await tools.update(
        dataclasses.replace(
            tool,
            active_version_id=version.id,
            active_version_number=version.number,
            ever_published=True,
            updated_at=clock.now(),
        ),
        search_usage=usage if isinstance(usage, str) else "",
    )


@dataclass(frozen=True, slots=True)
class PublishVersion:
    """in_review -> published: the version becomes active, the previous active is archived,
    all in one transaction. Nobody publishes a version they wrote (domain.require_not_author)."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    audit: Audit
    clock: Clock
    webhooks: WebhookEvents
    example_outcomes: ExampleOutcomes

    async def __call__(self, principal: Principal, slug: str, number: int) -> ToolVersion:
        require_role(principal, Role.ADMIN)
        async with self.uow:
            tool = await find_tool(self.tools, slug, for_update=True)
            version = await find_version(self.versions, tool, number)
            state = next_state(version.state, VersionAction.PUBLISH)
            require_not_author(principal, version)
            previous = await archive_active(self.versions, tool)
            await self.versions.set_state(version.id, state)
            await point_tool_at(self.tools, self.clock, tool, version)
            await record(
                self.audit,
                principal,
                "version.published",
                "tool",
                str(tool.id),
                slug=slug,
                version=number,
                archived_version=previous,
                examples=await self.example_outcomes(principal, version),
            )
            await self.webhooks.emit("version.published", slug, {"tool": slug, "version": number})
            await self.uow.commit()
        return dataclasses.replace(version, state=state)


@dataclass(frozen=True, slots=True)
class RequestChanges:
    """in_review -> changes_requested with a note the maintainers read on the version."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    audit: Audit
    example_outcomes: ExampleOutcomes

    async def __call__(
        self, principal: Principal, slug: str, number: int, note: str
    ) -> ToolVersion:
        require_role(principal, Role.ADMIN)
        note = note.strip()
        if not note:
            raise InvalidInput([FieldError("$.note", "required", "Say what should change.")])
        async with self.uow:
            tool = await find_tool(self.tools, slug, for_update=True)
            version = await find_version(self.versions, tool, number)
            state = next_state(version.state, VersionAction.REQUEST_CHANGES)
            await self.versions.set_state(version.id, state, review_note=note)
            await record(
                self.audit,
                principal,
                "version.changes_requested",
                "tool",
                str(tool.id),
                slug=slug,
                version=number,
                note=note,
                examples=await self.example_outcomes(principal, version),
            )
            await self.uow.commit()
        return dataclasses.replace(version, state=state, review_note=note)


@dataclass(frozen=True, slots=True)
class RollbackVersion:
    """A superuser brings an archived version back: its content becomes a new version that is
    published at once (it was reviewed when it was first published)."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    audit: Audit
    clock: Clock

    async def __call__(self, principal: Principal, slug: str, number: int) -> ToolVersion:
        require_role(principal, Role.SUPERUSER)
        async with self.uow:
            tool = await find_tool(self.tools, slug, for_update=True)
            source = await find_version(self.versions, tool, number)
            if source.state is not VersionState.ARCHIVED:
                raise Conflict(
                    f"Only an archived version can be rolled back to; version {number} is "
                    f"{source.state.value}.",
                    code="invalid_state",
                )
            copy = dataclasses.replace(
                source,
                id=new_id(),
                number=await self.versions.head_number(tool.id) + 1,
                state=VersionState.PUBLISHED,
                author=Author(principal.id, principal.user.display_name),
                change_summary=f"Återställd från version {number}.",
                review_note=None,
                created_at=self.clock.now(),
                restored_from=number,
            )
            previous = await archive_active(self.versions, tool)
            await self.versions.add(copy)
            await self.versions.copy_example_files(source.id, copy.id)
            await point_tool_at(self.tools, self.clock, tool, copy)
            await record(
                self.audit,
                principal,
                "version.rolled_back",
                "tool",
                str(tool.id),
                slug=slug,
                version=copy.number,
                restored_from=number,
                archived_version=previous,
            )
            await self.uow.commit()
        return copy


@dataclass(frozen=True, slots=True)
class SetListed:
    """Depublish (hide from the catalog) or republish; versions are untouched."""

    uow: UnitOfWork
    tools: ToolRepository
    audit: Audit
    clock: Clock

    async def __call__(self, principal: Principal, slug: str, listed: bool) -> Tool:
        require_role(principal, Role.ADMIN)
        async with self.uow:
            tool = await find_tool(self.tools, slug, for_update=True)
            if tool.listed == listed:
                return tool
            updated = dataclasses.replace(tool, listed=listed, updated_at=self.clock.now())
            await self.tools.update(updated)
            action = "tool.republished" if listed else "tool.depublished"
            await record(self.audit, principal, action, "tool", str(tool.id), slug=slug)
            await self.uow.commit()
        return updated
