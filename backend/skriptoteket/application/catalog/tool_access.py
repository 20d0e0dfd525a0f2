"""The lookups and checks the catalog's use cases share: a tool by slug as the caller may see or
edit it, one of its versions, the role a use case needs, and the audit event it records."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.domain.catalog import Tool, ToolVersion, access, require_edit
from skriptoteket.domain.errors import Forbidden, NotFound
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository


async def find_tool(tools: ToolRepository, slug: str, *, for_update: bool = False) -> Tool:
    tool = await tools.get_by_slug(slug, for_update=for_update)
    if tool is None:
        raise NotFound("No such tool.")
    return tool


async def visible_tool(tools: ToolRepository, principal: Principal, slug: str) -> Tool:
    """The tool if the principal may see it; 404 alike for missing and hidden tools."""
    tool = await find_tool(tools, slug)
    maintainer = await tools.is_maintainer(tool.id, principal.id)
    if not access(principal, tool, is_maintainer=maintainer).can_view:
        raise NotFound("No such tool.")
    return tool


async def editable_tool(
    tools: ToolRepository, principal: Principal, slug: str, *, for_update: bool = False
) -> Tool:
    """The tool if the principal maintains it or is an admin (see domain.catalog.require_edit)."""
    tool = await find_tool(tools, slug, for_update=for_update)
    maintainer = await tools.is_maintainer(tool.id, principal.id)
    require_edit(principal, tool, is_maintainer=maintainer)
    return tool


async def find_version(versions: VersionRepository, tool: Tool, number: int) -> ToolVersion:
    version = await versions.get(tool.id, number)
    if version is None:
        raise NotFound(f"The tool has no version {number}.")
    return version


async def record(
    audit: Audit,
    principal: Principal,
    action: str,
    subject_type: str,
    subject_id: str,
    **details: Any,
) -> None:
    """One audit event in the use case's transaction: it exists only if the change does."""
    await audit.record(
        action, actor=principal, subject_type=subject_type, subject_id=subject_id, details=details
    )


def require_role(principal: Principal, role: Role) -> None:
    if not principal.role.at_least(role):
        raise Forbidden(f"This needs the {role.value} role.")


def new_id() -> UUID:
    return uuid.uuid4()
