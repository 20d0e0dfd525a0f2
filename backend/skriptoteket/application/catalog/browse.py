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

from .ports import CatalogHandler


@dataclass(frozen=True, slots=True)
class ToolView:
    tool: Tool
    manifest: dict[str, Any] | None  # the active version's; None before the first publish
    is_favorite: bool


class BrowseCatalog(CatalogHandler):
    async def __call__(self, principal: Principal, query: CatalogQuery) -> Page[ToolSummary]:
        async with self.p.uow:
            errors = [
                FieldError(kind.value, f"unknown_{kind.value}", f"Unknown {kind.value}: {slug}.")
                for kind, slugs in (
                    (TaxonomyKind.PROFESSION, query.professions),
                    (TaxonomyKind.CATEGORY, query.categories),
                )
                if slugs
                for slug in await self.p.taxonomy.unknown(kind, slugs)
            ]
            if errors:
                raise InvalidInput(errors)
            return await self.p.tools.search_catalog(query, principal.id)


class GetTool(CatalogHandler):
    """A tool in the catalog for everyone; maintainers and admins also see it unpublished."""

    async def __call__(self, principal: Principal, slug: str) -> ToolView:
        async with self.p.uow:
            tool = await self.visible_tool(principal, slug)
            manifest = None
            if tool.active_version_id is not None:
                active = await self.p.versions.get_by_id(tool.active_version_id)
                manifest = active.manifest if active else None
            favorite = await self.p.tools.is_favorite(tool.id, principal.id)
        return ToolView(tool=tool, manifest=manifest, is_favorite=favorite)


class SetFavorite(CatalogHandler):
    async def __call__(self, principal: Principal, slug: str, on: bool) -> None:
        async with self.p.uow:
            tool = await self.visible_tool(principal, slug)
            await self.p.tools.set_favorite(tool.id, principal.id, on, self.p.clock.now())
            await self.p.uow.commit()
