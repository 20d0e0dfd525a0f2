"""Professions and categories: everyone reads them, admins add to them."""

from __future__ import annotations

from skriptoteket.domain.catalog import TaxonomyEntry, TaxonomyKind, check_slug
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.users import Principal, Role

from .ports import CatalogHandler, require_role


class ListTaxonomy(CatalogHandler):
    async def __call__(self, kind: TaxonomyKind) -> list[TaxonomyEntry]:
        async with self.p.uow:
            return await self.p.taxonomy.entries(kind)


class AddTaxonomyEntry(CatalogHandler):
    async def __call__(
        self, principal: Principal, kind: TaxonomyKind, slug: str, label: str
    ) -> TaxonomyEntry:
        require_role(principal, Role.ADMIN)
        check_slug(slug)
        label = label.strip()
        if not label:
            raise InvalidInput([FieldError("$.label", "required", "A label is required.")])
        entry = TaxonomyEntry(slug=slug, label=label)
        async with self.p.uow:
            await self.p.taxonomy.add(kind, entry, self.p.clock.now())
            await self.record(principal, f"{kind.value}.created", kind.value, slug, label=label)
            await self.p.uow.commit()
        return entry
