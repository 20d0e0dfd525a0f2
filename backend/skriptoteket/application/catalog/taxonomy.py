"""Professions and categories: everyone reads them, admins add to them."""

from __future__ import annotations

from dataclasses import dataclass

from skriptoteket.application.audit import Audit
from skriptoteket.domain.catalog import TaxonomyEntry, TaxonomyKind, check_slug
from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.catalog import TaxonomyRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import record, require_role


@dataclass(frozen=True, slots=True)
class ListTaxonomy:
    uow: UnitOfWork
    taxonomy: TaxonomyRepository

    async def __call__(self, kind: TaxonomyKind) -> list[TaxonomyEntry]:
        async with self.uow:
            return await self.taxonomy.entries(kind)


@dataclass(frozen=True, slots=True)
class AddTaxonomyEntry:
    uow: UnitOfWork
    taxonomy: TaxonomyRepository
    audit: Audit
    clock: Clock

    async def __call__(
        self, principal: Principal, kind: TaxonomyKind, slug: str, label: str
    ) -> TaxonomyEntry:
        require_role(principal, Role.ADMIN)
        check_slug(slug)
        label = label.strip()
        if not label:
            raise InvalidInput([FieldError("$.label", "required", "A label is required.")])
        entry = TaxonomyEntry(slug=slug, label=label)
        async with self.uow:
            await self.taxonomy.add(kind, entry, self.clock.now())
            await record(
                self.audit, principal, f"{kind.value}.created", kind.value, slug, label=label
            )
            await self.uow.commit()
        return entry
