"""Admins decide who maintains a tool: contributors (or higher) may be maintainers."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.domain.errors import FieldError, InvalidInput, NotFound
from skriptoteket.domain.users import Principal, Role, User
from skriptoteket.protocols.catalog import ToolRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import UserRepository
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import find_tool, record, require_role


@dataclass(frozen=True, slots=True)
class ListMaintainers:
    uow: UnitOfWork
    tools: ToolRepository

    async def __call__(self, principal: Principal, slug: str) -> list[User]:
        require_role(principal, Role.ADMIN)
        async with self.uow:
            tool = await find_tool(self.tools, slug)
            return await self.tools.maintainers(tool.id)


@dataclass(frozen=True, slots=True)
class AddMaintainer:
    uow: UnitOfWork
    tools: ToolRepository
    users: UserRepository
    audit: Audit
    clock: Clock

    async def __call__(self, principal: Principal, slug: str, user_id: UUID) -> list[User]:
        require_role(principal, Role.ADMIN)
        async with self.uow:
            tool = await find_tool(self.tools, slug, for_update=True)
            user = await self.users.get(user_id)
            if user is None:
                raise NotFound("No such user.")
            if not user.is_active or not user.role.at_least(Role.CONTRIBUTOR):
                raise InvalidInput(
                    [
                        FieldError(
                            "user_id",
                            "not_a_contributor",
                            "Only active contributors, admins and superusers can maintain tools.",
                        )
                    ]
                )
            if await self.tools.add_maintainer(tool.id, user.id, self.clock.now()):
                await record(
                    self.audit,
                    principal,
                    "tool.maintainer_added",
                    "tool",
                    str(tool.id),
                    slug=slug,
                    user_id=str(user.id),
                )
            maintainers = await self.tools.maintainers(tool.id)
            await self.uow.commit()
        return maintainers


@dataclass(frozen=True, slots=True)
class RemoveMaintainer:
    uow: UnitOfWork
    tools: ToolRepository
    audit: Audit

    async def __call__(self, principal: Principal, slug: str, user_id: UUID) -> None:
        require_role(principal, Role.ADMIN)
        async with self.uow:
            tool = await find_tool(self.tools, slug, for_update=True)
            if not await self.tools.remove_maintainer(tool.id, user_id):
                raise NotFound("That user does not maintain this tool.")
            await record(
                self.audit,
                principal,
                "tool.maintainer_removed",
                "tool",
                str(tool.id),
                slug=slug,
                user_id=str(user_id),
            )
            await self.uow.commit()
