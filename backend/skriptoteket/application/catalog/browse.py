"""What every signed-in user does with the catalog: find tools, open one, keep favorites.

"Recently used" joins the user's runs; it arrives with the runs feature as another filter of
CatalogQuery and one more clause in the catalog search SQL (infrastructure/db/catalog_search.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast
from uuid import UUID

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

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class ToolView:
    tool: Tool
    manifest: dict[str, Any] | None  # the active version's; None before the first publish
    is_favorite: bool


# What a caller makes of a page (the API: its encoded JSON); kept as made, under the maker too.
Render = Callable[[Page[ToolSummary]], R]
PageKey = tuple[UUID, CatalogQuery, Callable[..., object]]


def as_is(page: Page[ToolSummary]) -> Page[ToolSummary]:
    return page


class CatalogPages:
    """The pages this process answered, each kept under the catalog version read before it
    was read (ToolRepository.catalog_version). The version changes in the same transaction as
    anything a page shows, so a page is served again exactly while its version is current;
    a page read after a change but kept under the older version is only ever newer than it.

    A page is kept as its caller rendered it (the API keeps the bytes of its JSON, so a page
    served again is neither converted nor encoded again), under (user, query, renderer)."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._pages: OrderedDict[PageKey, tuple[int, object]] = OrderedDict()

    def get(self, key: PageKey, version: int) -> object | None:
        kept = self._pages.get(key)
        if kept is None or kept[0] != version:
            return None
        self._pages.move_to_end(key)
        return kept[1]

    def put(self, key: PageKey, version: int, rendered: object) -> None:
        self._pages[key] = (version, rendered)
        self._pages.move_to_end(key)
        while len(self._pages) > self._size:
            self._pages.popitem(last=False)


@dataclass(frozen=True, slots=True)
class BrowseCatalog:
    uow: UnitOfWork
    tools: ToolRepository
    taxonomy: TaxonomyRepository
    pages: CatalogPages = field(default_factory=CatalogPages)

    async def __call__(self, principal: Principal, query: CatalogQuery) -> Page[ToolSummary]:
        return await self.rendered(principal, query, as_is)

    async def rendered(self, principal: Principal, query: CatalogQuery, render: Render[R]) -> R:
        """The page as `render` makes it (a module-level function: it is part of the key)."""
        key: PageKey = (principal.id, query, render)  # favorites differ per user
        version = await self.tools.catalog_version()
        if version is not None and (kept := self.pages.get(key, version)) is not None:
            return cast(R, kept)
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
            page = await self.tools.search_catalog(query, principal.id)
        made = render(page)
        if version is not None:
            self.pages.put(key, version, made)
        return made


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
