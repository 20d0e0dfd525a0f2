"""Tool ideas: anyone signed in proposes, admins accept (a draft tool) or decline (a reason)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.domain.catalog import (
    Author,
    Page,
    Suggestion,
    SuggestionStatus,
)
from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput, NotFound
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.users import Principal, Role

from .ports import CatalogHandler, new_id, require_role
from .tools import NewTool, create_tool


class ProposeSuggestion(CatalogHandler):
    async def __call__(self, principal: Principal, title: str, description: str) -> Suggestion:
        title, description = visible_name(title), description.strip()
        errors = [
            FieldError(f"$.{name}", "required", f"A {name} is required.")
            for name, value in (("title", title), ("description", description))
            if not value
        ]
        if errors:
            raise InvalidInput(errors)
        suggestion = Suggestion(
            id=new_id(),
            proposer=Author(principal.id, principal.user.display_name),
            title=title,
            description=description,
            status=SuggestionStatus.PENDING,
            created_at=self.p.clock.now(),
        )
        async with self.p.uow:
            await self.p.suggestions.add(suggestion)
            await self.record(
                principal, "suggestion.created", "suggestion", str(suggestion.id), title=title
            )
            await self.p.uow.commit()
        return suggestion


class ListSuggestions(CatalogHandler):
    """My suggestions with their decisions; admins see everyone's."""

    async def __call__(
        self,
        principal: Principal,
        *,
        status: SuggestionStatus | None,
        limit: int,
        offset: int,
    ) -> Page[Suggestion]:
        proposer = None if principal.role.at_least(Role.ADMIN) else principal.id
        async with self.p.uow:
            items, total = await self.p.suggestions.search(
                proposer, status=status, limit=limit, offset=offset
            )
        return Page(items=items, total=total, limit=limit, offset=offset)


@dataclass(frozen=True, slots=True)
class Acceptance:
    slug: str
    title: str | None
    summary: str | None
    professions: tuple[str, ...]
    categories: tuple[str, ...]


class AcceptSuggestion(CatalogHandler):
    """Creates a draft tool from the idea; a proposer who is a contributor (or higher) becomes
    its maintainer, otherwise an admin assigns maintainers later."""

    async def __call__(
        self, principal: Principal, suggestion_id: UUID, acceptance: Acceptance
    ) -> Suggestion:
        require_role(principal, Role.ADMIN)
        async with self.p.uow:
            suggestion = await pending(self, suggestion_id)
            proposer = await self.p.users.get(suggestion.proposer.id)
            maintainer = (
                proposer.id
                if proposer and proposer.is_active and proposer.role.at_least(Role.CONTRIBUTOR)
                else None
            )
            new = NewTool(
                slug=acceptance.slug,
                title=acceptance.title or suggestion.title,
                summary=acceptance.summary
                if acceptance.summary is not None
                else suggestion.description[:500],
                professions=acceptance.professions,
                categories=acceptance.categories,
            )
            tool = await create_tool(self.p, new, maintainer)
            now = self.p.clock.now()
            await self.p.suggestions.decide(
                suggestion.id,
                status=SuggestionStatus.ACCEPTED,
                decided_by=principal.id,
                decided_at=now,
                reason=None,
                tool_id=tool.id,
            )
            await self.record(principal, "tool.created", "tool", str(tool.id), slug=tool.slug)
            await self.record(
                principal,
                "suggestion.accepted",
                "suggestion",
                str(suggestion.id),
                tool=tool.slug,
                maintainer=str(maintainer) if maintainer else None,
            )
            await self.p.uow.commit()
        return dataclasses.replace(
            suggestion,
            status=SuggestionStatus.ACCEPTED,
            decided_by=principal.id,
            decided_at=now,
            tool_slug=tool.slug,
        )


class DeclineSuggestion(CatalogHandler):
    async def __call__(self, principal: Principal, suggestion_id: UUID, reason: str) -> Suggestion:
        require_role(principal, Role.ADMIN)
        reason = reason.strip()
        if not reason:
            raise InvalidInput([FieldError("$.reason", "required", "Say why it is declined.")])
        async with self.p.uow:
            suggestion = await pending(self, suggestion_id)
            now = self.p.clock.now()
            await self.p.suggestions.decide(
                suggestion.id,
                status=SuggestionStatus.DECLINED,
                decided_by=principal.id,
                decided_at=now,
                reason=reason,
                tool_id=None,
            )
            await self.record(
                principal, "suggestion.declined", "suggestion", str(suggestion.id), reason=reason
            )
            await self.p.uow.commit()
        return dataclasses.replace(
            suggestion,
            status=SuggestionStatus.DECLINED,
            decision_reason=reason,
            decided_by=principal.id,
            decided_at=now,
        )


async def pending(handler: CatalogHandler, suggestion_id: UUID) -> Suggestion:
    """The suggestion, locked; 409 when it was already decided (two admins at once)."""
    suggestion = await handler.p.suggestions.get(suggestion_id, for_update=True)
    if suggestion is None:
        raise NotFound("No such suggestion.")
    if suggestion.status is not SuggestionStatus.PENDING:
        raise Conflict(
            f"The suggestion was already {suggestion.status.value}.", code="already_decided"
        )
    return suggestion
