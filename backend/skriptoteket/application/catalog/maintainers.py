"""Who maintains a tool: its maintainers and admins add and remove them (contributors or
higher only), and at least one always remains, so a tool is never left without anyone who may
change it. Candidates are found by e-mail or name (`FindMaintainerCandidates`)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput, NotFound
from skriptoteket.domain.users import Principal, Role, User
from skriptoteket.protocols.catalog import ToolRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import UserRepository
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import editable_tool, record


@dataclass(frozen=True, slots=True)
class ListMaintainers:
    uow: UnitOfWork
    tools: ToolRepository

    async def __call__(self, principal: Principal, slug: str) -> list[User]:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            return await self.tools.maintainers(tool.id)


@dataclass(frozen=True, slots=True)
class AddMaintainer:
    uow: UnitOfWork
    tools: ToolRepository
    users: UserRepository
    audit: Audit
    clock: Clock

    async def __call__(self, principal: Principal, slug: str, user_id: UUID) -> list[User]:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug, for_update=True)
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
        async with self.uow:
            # Locked: two removals at once cannot both pass the last-maintainer check.
            tool = await editable_tool(self.tools, principal, slug, for_update=True)
            current = await self.tools.maintainers(tool.id)
            if user_id not in {u.id for u in current}:
                raise NotFound("That user does not maintain this tool.")
            if len(current) == 1:
                raise Conflict(
                    "A tool keeps at least one maintainer: add another before removing this one.",
                    code="last_maintainer",
                )
            await self.tools.remove_maintainer(tool.id, user_id)
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


CANDIDATES = 10


@dataclass(frozen=True, slots=True)
class FindMaintainerCandidates:
    """Active contributors (or higher) whose e-mail or name contains `q` (3 characters at
    least, so the list cannot be read out a letter at a time), for the tool's maintainers."""

    uow: UnitOfWork
    tools: ToolRepository
    users: UserRepository

    async def __call__(self, principal: Principal, slug: str, q: str) -> list[User]:
        q = q.strip()
        async with self.uow:
            await editable_tool(self.tools, principal, slug)
            if len(q) < 3:
                raise InvalidInput(
                    [
                        FieldError(
                            "q", "too_short", "Type at least 3 characters of an e-mail or name."
                        )
                    ]
                )
            found, _ = await self.users.search(
                q=q, role=None, is_active=True, limit=CANDIDATES * 5, offset=0
            )
        return [u for u in found if u.role.at_least(Role.CONTRIBUTOR)][:CANDIDATES]
