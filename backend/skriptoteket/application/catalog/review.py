"""Governance: submit, publish, request changes, roll back, and hide or show a tool.

Publishing and rollback lock the tool row first, so two of them on one tool run one after
the other; a partial unique index (one published version per tool) backs this up.
"""

from __future__ import annotations

import dataclasses

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

from .ports import CatalogHandler, new_id, require_role


class SubmitVersion(CatalogHandler):
    """draft -> in_review, by a maintainer (or an admin)."""

    async def __call__(self, principal: Principal, slug: str, number: int) -> ToolVersion:
        async with self.p.uow:
            tool = await self.editable_tool(principal, slug, for_update=True)
            version = await self.version(tool, number)
            state = next_state(version.state, VersionAction.SUBMIT)
            await self.p.versions.set_state(version.id, state)
            await self.record(
                principal, "version.submitted", "tool", str(tool.id), slug=slug, version=number
            )
            await self.p.uow.commit()
        return dataclasses.replace(version, state=state)


class Activation(CatalogHandler):
    """The steps publish and rollback share. The tool row is locked by the caller."""

    async def archive_active(self, tool: Tool) -> int | None:
        """Archive the tool's active version, if any; its number. Done before anything is
        published: the one-published-version index must never see two."""
        if tool.active_version_id is None:
            return None
        active = await self.p.versions.get_by_id(tool.active_version_id)
        if active is None:
            return None
        await self.p.versions.set_state(active.id, next_state(active.state, VersionAction.ARCHIVE))
        return active.number

    async def point_tool_at(self, tool: Tool, version: ToolVersion) -> None:
        usage = version.manifest.get("usage")
        await self.p.tools.update(
            dataclasses.replace(
                tool,
                active_version_id=version.id,
                active_version_number=version.number,
                ever_published=True,
                updated_at=self.p.clock.now(),
            ),
            search_usage=usage if isinstance(usage, str) else "",
        )


class PublishVersion(Activation):
    """in_review -> published: the version becomes active, the previous active is archived,
    all in one transaction. Nobody publishes a version they wrote (domain.require_not_author)."""

    async def __call__(self, principal: Principal, slug: str, number: int) -> ToolVersion:
        require_role(principal, Role.ADMIN)
        async with self.p.uow:
            tool = await self.tool(slug, for_update=True)
            version = await self.version(tool, number)
            state = next_state(version.state, VersionAction.PUBLISH)
            require_not_author(principal, version)
            previous = await self.archive_active(tool)
            await self.p.versions.set_state(version.id, state)
            await self.point_tool_at(tool, version)
            await self.record(
                principal,
                "version.published",
                "tool",
                str(tool.id),
                slug=slug,
                version=number,
                archived_version=previous,
            )
            await self.p.uow.commit()
        return dataclasses.replace(version, state=state)


class RequestChanges(CatalogHandler):
    """in_review -> changes_requested with a note the maintainers read on the version."""

    async def __call__(
        self, principal: Principal, slug: str, number: int, note: str
    ) -> ToolVersion:
        require_role(principal, Role.ADMIN)
        note = note.strip()
        if not note:
            raise InvalidInput([FieldError("$.note", "required", "Say what should change.")])
        async with self.p.uow:
            tool = await self.tool(slug, for_update=True)
            version = await self.version(tool, number)
            state = next_state(version.state, VersionAction.REQUEST_CHANGES)
            await self.p.versions.set_state(version.id, state, review_note=note)
            await self.record(
                principal,
                "version.changes_requested",
                "tool",
                str(tool.id),
                slug=slug,
                version=number,
                note=note,
            )
            await self.p.uow.commit()
        return dataclasses.replace(version, state=state, review_note=note)


class RollbackVersion(Activation):
    """A superuser brings an archived version back: its content becomes a new version that is
    published at once (it was reviewed when it was first published)."""

    async def __call__(self, principal: Principal, slug: str, number: int) -> ToolVersion:
        require_role(principal, Role.SUPERUSER)
        async with self.p.uow:
            tool = await self.tool(slug, for_update=True)
            source = await self.version(tool, number)
            if source.state is not VersionState.ARCHIVED:
                raise Conflict(
                    f"Only an archived version can be rolled back to; version {number} is "
                    f"{source.state.value}.",
                    code="invalid_state",
                )
            copy = dataclasses.replace(
                source,
                id=new_id(),
                number=await self.p.versions.head_number(tool.id) + 1,
                state=VersionState.PUBLISHED,
                author=Author(principal.id, principal.user.display_name),
                change_summary=f"Återställd från version {number}.",
                review_note=None,
                created_at=self.p.clock.now(),
            )
            previous = await self.archive_active(tool)
            await self.p.versions.add(copy)
            await self.point_tool_at(tool, copy)
            await self.record(
                principal,
                "version.rolled_back",
                "tool",
                str(tool.id),
                slug=slug,
                version=copy.number,
                restored_from=number,
                archived_version=previous,
            )
            await self.p.uow.commit()
        return copy


class SetListed(CatalogHandler):
    """Depublish (hide from the catalog) or republish; versions are untouched."""

    async def __call__(self, principal: Principal, slug: str, listed: bool) -> Tool:
        require_role(principal, Role.ADMIN)
        async with self.p.uow:
            tool = await self.tool(slug, for_update=True)
            if tool.listed == listed:
                return tool
            updated = dataclasses.replace(tool, listed=listed, updated_at=self.p.clock.now())
            await self.p.tools.update(updated)
            action = "tool.republished" if listed else "tool.depublished"
            await self.record(principal, action, "tool", str(tool.id), slug=slug)
            await self.p.uow.commit()
        return updated
