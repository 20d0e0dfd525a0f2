"""Creating tools and changing their catalog metadata (slug, title, summary, taxonomy)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.domain.catalog import (
    AuthoringEntry,
    Page,
    TaxonomyKind,
    Tool,
    check_slug,
)
from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.catalog import TaxonomyRepository, ToolRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import editable_tool, new_id, record, require_role


@dataclass(frozen=True, slots=True)
class NewTool:
    slug: str
    title: str
    summary: str
    professions: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ToolChanges:
    """A PATCH: None leaves a field as it is."""

    slug: str | None = None
    title: str | None = None
    summary: str | None = None
    professions: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None


async def check_taxonomy(
    taxonomy: TaxonomyRepository,
    professions: Sequence[str] | None,
    categories: Sequence[str] | None,
) -> None:
    """422 naming each unknown slug by its position in the request."""
    errors: list[FieldError] = []
    for kind, field, slugs in (
        (TaxonomyKind.PROFESSION, "professions", professions),
        (TaxonomyKind.CATEGORY, "categories", categories),
    ):
        if not slugs:
            continue
        unknown: set[str] = set(await taxonomy.unknown(kind, slugs))
        errors.extend(
            FieldError(f"$.{field}[{i}]", f"unknown_{kind.value}", f"Unknown {kind.value}: {slug}.")
            for i, slug in enumerate(slugs)
            if slug in unknown
        )
    if errors:
        raise InvalidInput(errors)


def require_title(title: str) -> None:
    if not visible_name(title):
        raise InvalidInput([FieldError("$.title", "required", "A title is required.")])


def unique(slugs: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(slugs))


async def create_tool(
    tools: ToolRepository,
    taxonomy: TaxonomyRepository,
    clock: Clock,
    new: NewTool,
    maintainer_id: UUID | None,
) -> Tool:
    """Insert a draft tool inside the caller's transaction (create and suggestion accept)."""
    check_slug(new.slug)
    require_title(new.title)
    await check_taxonomy(taxonomy, new.professions, new.categories)
    now = clock.now()
    tool = Tool(
        id=new_id(),
        slug=new.slug,
        title=visible_name(new.title),
        summary=new.summary.strip(),
        professions=unique(new.professions),
        categories=unique(new.categories),
        listed=True,
        created_at=now,
        updated_at=now,
    )
    await tools.add(tool)
    if maintainer_id is not None:
        await tools.add_maintainer(tool.id, maintainer_id, now)
    return tool


@dataclass(frozen=True, slots=True)
class CreateTool:
    """A contributor creates a draft tool and becomes its first maintainer."""

    uow: UnitOfWork
    tools: ToolRepository
    taxonomy: TaxonomyRepository
    audit: Audit
    clock: Clock

    async def __call__(self, principal: Principal, new: NewTool) -> Tool:
        require_role(principal, Role.CONTRIBUTOR)
        async with self.uow:
            tool = await create_tool(self.tools, self.taxonomy, self.clock, new, principal.id)
            await record(
                self.audit, principal, "tool.created", "tool", str(tool.id), slug=tool.slug
            )
            await self.uow.commit()
        return tool


@dataclass(frozen=True, slots=True)
class UpdateTool:
    uow: UnitOfWork
    tools: ToolRepository
    taxonomy: TaxonomyRepository
    audit: Audit
    clock: Clock

    async def __call__(self, principal: Principal, slug: str, changes: ToolChanges) -> Tool:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug, for_update=True)
            if changes.slug is not None and changes.slug != tool.slug:
                check_slug(changes.slug)
                if tool.ever_published:
                    raise Conflict(
                        "The slug cannot change once the tool has been published: "
                        "links to it must keep working.",
                        code="slug_locked",
                    )
            if changes.title is not None:
                require_title(changes.title)
            await check_taxonomy(self.taxonomy, changes.professions, changes.categories)
            updated = dataclasses.replace(
                tool,
                slug=changes.slug if changes.slug is not None else tool.slug,
                title=visible_name(changes.title) if changes.title is not None else tool.title,
                summary=changes.summary.strip() if changes.summary is not None else tool.summary,
                professions=unique(changes.professions)
                if changes.professions is not None
                else tool.professions,
                categories=unique(changes.categories)
                if changes.categories is not None
                else tool.categories,
                updated_at=self.clock.now(),
            )
            await self.tools.update(updated)
            changed = {
                f.name: getattr(updated, f.name)
                for f in dataclasses.fields(ToolChanges)
                if getattr(updated, f.name) != getattr(tool, f.name)
            }
            await record(
                self.audit,
                principal,
                "tool.updated",
                "tool",
                str(tool.id),
                slug=updated.slug,
                changed={k: list(v) if isinstance(v, tuple) else v for k, v in changed.items()},
            )
            await self.uow.commit()
        return updated


@dataclass(frozen=True, slots=True)
class ListMyTools:
    """GET /authoring/tools: the tools a contributor maintains; admins see every tool."""

    uow: UnitOfWork
    tools: ToolRepository

    async def __call__(
        self, principal: Principal, *, limit: int, offset: int
    ) -> Page[AuthoringEntry]:
        require_role(principal, Role.CONTRIBUTOR)
        maintainer = None if principal.role.at_least(Role.ADMIN) else principal.id
        async with self.uow:
            return await self.tools.list_for_authoring(maintainer, limit=limit, offset=offset)
