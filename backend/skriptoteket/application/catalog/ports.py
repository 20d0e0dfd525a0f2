"""The ports every catalog handler works with, and the small steps they share."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from skriptoteket.domain.catalog import Tool, ToolVersion, access, require_edit
from skriptoteket.domain.errors import Forbidden, NotFound
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.catalog import (
    SuggestionRepository,
    TaxonomyRepository,
    ToolRepository,
    VersionRepository,
)
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.cpu import CpuPool
from skriptoteket.protocols.identity import AuditEvent, AuditLog, UserRepository
from skriptoteket.protocols.uow import UnitOfWork

T = TypeVar("T")


class InlineCpu:
    """A CpuPool that runs the step in the caller (unit tests with fakes, the CLI)."""

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return fn(*args)


@dataclass(frozen=True, slots=True)
class CatalogPorts:
    """One transaction's worth of catalog repositories; they share `uow`."""

    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    taxonomy: TaxonomyRepository
    suggestions: SuggestionRepository
    users: UserRepository
    audit: AuditLog
    clock: Clock
    cpu: CpuPool = field(default_factory=InlineCpu)


class CatalogHandler:
    """Base of the catalog's use cases: each subclass is one use case with `__call__`."""

    def __init__(self, ports: CatalogPorts) -> None:
        self.p = ports

    async def tool(self, slug: str, *, for_update: bool = False) -> Tool:
        tool = await self.p.tools.get_by_slug(slug, for_update=for_update)
        if tool is None:
            raise NotFound("No such tool.")
        return tool

    async def visible_tool(self, principal: Principal, slug: str) -> Tool:
        """The tool if the principal may see it; 404 alike for missing and hidden tools."""
        tool = await self.tool(slug)
        maintainer = await self.p.tools.is_maintainer(tool.id, principal.id)
        if not access(principal, tool, is_maintainer=maintainer).can_view:
            raise NotFound("No such tool.")
        return tool

    async def editable_tool(
        self, principal: Principal, slug: str, *, for_update: bool = False
    ) -> Tool:
        """The tool if the principal maintains it or is an admin (see domain.catalog.require_edit)."""
        tool = await self.tool(slug, for_update=for_update)
        maintainer = await self.p.tools.is_maintainer(tool.id, principal.id)
        require_edit(principal, tool, is_maintainer=maintainer)
        return tool

    async def version(self, tool: Tool, number: int) -> ToolVersion:
        version = await self.p.versions.get(tool.id, number)
        if version is None:
            raise NotFound(f"The tool has no version {number}.")
        return version

    async def record(
        self,
        principal: Principal,
        action: str,
        subject_type: str,
        subject_id: str,
        **details: Any,
    ) -> None:
        """One audit event in the handler's transaction: it exists only if the change does."""
        await self.p.audit.append(
            AuditEvent(
                id=uuid.uuid4(),
                at=self.p.clock.now(),
                action=action,
                actor_id=principal.id,
                subject_type=subject_type,
                subject_id=subject_id,
                ip=None,
                user_agent=None,
                details=details,
            )
        )


def require_role(principal: Principal, role: Role) -> None:
    if not principal.role.at_least(role):
        raise Forbidden(f"This needs the {role.value} role.")


def new_id() -> UUID:
    return uuid.uuid4()
