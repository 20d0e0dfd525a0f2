"""What every signed-in user does with the catalog: find tools, open one, keep favorites.

"Recently used" joins the user's runs; it arrives with the runs feature as another filter of
CatalogQuery and one more clause in the catalog search SQL (infrastructure/db/catalog_search.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skriptoteket.domain.catalog import (
    CatalogQuery,
    Page,
    TaxonomyKind,
    Tool,
    ToolSummary,
)
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import TaxonomyRepository, ToolRepository, VersionRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import visible_tool


@dataclass(frozen=True, slots=True)
class ToolView:
    tool: Tool
    manifest: dict[str, Any] | None  # the active version's; None before the first publish
    is_favorite: bool


@dataclass(frozen=True, slots=True)
class BrowseCatalog:
    uow: UnitOfWork
    tools: ToolRepository
    taxonomy: TaxonomyRepository

    async def __call__(self, principal: Principal, query: CatalogQuery) -> Page[ToolSummary]:
        async with self.uow:
            errors = [
                FieldError(kind.value, f"unknown_{kind.value}", f"Unknown {kind.value}: {slug}.")
                for kind, slugs in (
                    (TaxonomyKind.PROFESSION, query.professions),
                    (TaxonomyKind.CATEGORY, query.categories),
                )
                if slugs
                for slug in await self.taxonomy.unknown(kind, slugs)
            ]
            if errors:
                raise InvalidInput(errors)
            return await self.tools.search_catalog(query, principal.id)


@dataclass(frozen=True, slots=True)
class GetTool:
    """A tool in the catalog for everyone; maintainers and admins also see it unpublished."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository

    async def __call__(self, principal: Principal, slug: str) -> ToolView:
        async with self.uow:
            tool = await visible_tool(self.tools, principal, slug)
            manifest = None
            if tool.active_version_id is not None:
                active = await self.versions.get_by_id(tool.active_version_id)
                manifest = active.manifest if active else None
            favorite = await self.tools.is_favorite(tool.id, principal.id)
        return ToolView(tool=tool, manifest=manifest, is_favorite=favorite)


@dataclass(frozen=True, slots=True)
class SetFavorite:
    uow: UnitOfWork
    tools: ToolRepository
    clock: Clock

    async def __call__(self, principal: Principal, slug: str, on: bool) -> None:
        async with self.uow:
            tool = await visible_tool(self.tools, principal, slug)
            await self.tools.set_favorite(tool.id, principal.id, on, self.clock.now())
            await self.uow.commit()
