"""Admins decide who maintains a tool: contributors (or higher) may be maintainers."""

from __future__ import annotations

from uuid import UUID

from skriptoteket.domain.errors import FieldError, InvalidInput, NotFound
from skriptoteket.domain.users import Principal, Role, User

from .ports import CatalogHandler, require_role


class ListMaintainers(CatalogHandler):
    async def __call__(self, principal: Principal, slug: str) -> list[User]:
        require_role(principal, Role.ADMIN)
        async with self.p.uow:
            tool = await self.tool(slug)
            return await self.p.tools.maintainers(tool.id)


class AddMaintainer(CatalogHandler):
    async def __call__(self, principal: Principal, slug: str, user_id: UUID) -> list[User]:
        require_role(principal, Role.ADMIN)
        async with self.p.uow:
            tool = await self.tool(slug, for_update=True)
            user = await self.p.users.get(user_id)
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
            if await self.p.tools.add_maintainer(tool.id, user.id, self.p.clock.now()):
                await self.record(
                    principal,
                    "tool.maintainer_added",
                    "tool",
                    str(tool.id),
                    slug=slug,
                    user_id=str(user.id),
                )
            maintainers = await self.p.tools.maintainers(tool.id)
            await self.p.uow.commit()
        return maintainers


class RemoveMaintainer(CatalogHandler):
    async def __call__(self, principal: Principal, slug: str, user_id: UUID) -> None:
        require_role(principal, Role.ADMIN)
        async with self.p.uow:
            tool = await self.tool(slug, for_update=True)
            if not await self.p.tools.remove_maintainer(tool.id, user_id):
                raise NotFound("That user does not maintain this tool.")
            await self.record(
                principal,
                "tool.maintainer_removed",
                "tool",
                str(tool.id),
                slug=slug,
                user_id=str(user_id),
            )
            await self.p.uow.commit()
