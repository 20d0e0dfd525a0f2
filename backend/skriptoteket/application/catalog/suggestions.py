"""Tool ideas: anyone signed in proposes, admins accept (a draft tool) or decline (a reason)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.domain.catalog import (
    Author,
    Page,
    Suggestion,
    SuggestionStatus,
)
from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput, NotFound
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.users import Principal, Role, User
from skriptoteket.protocols.catalog import SuggestionRepository, TaxonomyRepository, ToolRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import UserRepository
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import new_id, record, require_role
from .tools import NewTool, create_tool


@dataclass(frozen=True, slots=True)
class ProposeSuggestion:
    uow: UnitOfWork
    suggestions: SuggestionRepository
    audit: Audit
    clock: Clock

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
            created_at=self.clock.now(),
        )
        async with self.uow:
            await self.suggestions.add(suggestion)
            await record(
                self.audit,
                principal,
                "suggestion.created",
                "suggestion",
                str(suggestion.id),
                title=title,
            )
            await self.uow.commit()
        return suggestion


@dataclass(frozen=True, slots=True)
class ListSuggestions:
    """My suggestions with their decisions; admins see everyone's."""

    uow: UnitOfWork
    suggestions: SuggestionRepository

    async def __call__(
        self,
        principal: Principal,
        *,
        status: SuggestionStatus | None,
        limit: int,
        offset: int,
    ) -> Page[Suggestion]:
        proposer = None if principal.role.at_least(Role.ADMIN) else principal.id
        async with self.uow:
            items, total = await self.suggestions.search(
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
    maintainer_id: UUID | None = None  # None: the proposer, when they are a contributor


def can_maintain(user: User | None) -> bool:
    return user is not None and user.is_active and user.role.at_least(Role.CONTRIBUTOR)


@dataclass(frozen=True, slots=True)
class AcceptSuggestion:
    """Creates a draft tool from the idea; a proposer who is a contributor (or higher) becomes
    its maintainer, otherwise an admin assigns maintainers later."""

    uow: UnitOfWork
    tools: ToolRepository
    taxonomy: TaxonomyRepository
    suggestions: SuggestionRepository
    users: UserRepository
    audit: Audit
    clock: Clock

    async def __call__(
        self, principal: Principal, suggestion_id: UUID, acceptance: Acceptance
    ) -> Suggestion:
        require_role(principal, Role.ADMIN)
        async with self.uow:
            suggestion = await pending(self.suggestions, suggestion_id)
            if acceptance.maintainer_id is not None:
                chosen = await self.users.get(acceptance.maintainer_id)
                if not can_maintain(chosen):
                    raise InvalidInput(
                        [
                            FieldError(
                                "$.maintainer_id",
                                "not_a_contributor",
                                "Only active contributors, admins and superusers can maintain "
                                "tools.",
                            )
                        ]
                    )
                maintainer: UUID | None = acceptance.maintainer_id
            else:
                proposer = await self.users.get(suggestion.proposer.id)
                maintainer = proposer.id if proposer and can_maintain(proposer) else None
            new = NewTool(
                slug=acceptance.slug,
                title=acceptance.title or suggestion.title,
                summary=acceptance.summary
                if acceptance.summary is not None
                else suggestion.description[:500],
                professions=acceptance.professions,
                categories=acceptance.categories,
            )
            tool = await create_tool(self.tools, self.taxonomy, self.clock, new, maintainer)
            now = self.clock.now()
            await self.suggestions.decide(
                suggestion.id,
                status=SuggestionStatus.ACCEPTED,
                decided_by=principal.id,
                decided_at=now,
                reason=None,
                tool_id=tool.id,
            )
            await record(
                self.audit, principal, "tool.created", "tool", str(tool.id), slug=tool.slug
            )
            await record(
                self.audit,
                principal,
                "suggestion.accepted",
                "suggestion",
                str(suggestion.id),
                tool=tool.slug,
                maintainer=str(maintainer) if maintainer else None,
            )
            await self.uow.commit()
        return dataclasses.replace(
            suggestion,
            status=SuggestionStatus.ACCEPTED,
            decided_by=principal.id,
            decided_at=now,
            tool_slug=tool.slug,
        )


@dataclass(frozen=True, slots=True)
class DeclineSuggestion:
    uow: UnitOfWork
    suggestions: SuggestionRepository
    audit: Audit
    clock: Clock

    async def __call__(self, principal: Principal, suggestion_id: UUID, reason: str) -> Suggestion:
        require_role(principal, Role.ADMIN)
        reason = reason.strip()
        if not reason:
            raise InvalidInput([FieldError("$.reason", "required", "Say why it is declined.")])
        async with self.uow:
            suggestion = await pending(self.suggestions, suggestion_id)
            now = self.clock.now()
            await self.suggestions.decide(
                suggestion.id,
                status=SuggestionStatus.DECLINED,
                decided_by=principal.id,
                decided_at=now,
                reason=reason,
                tool_id=None,
            )
            await record(
                self.audit,
                principal,
                "suggestion.declined",
                "suggestion",
                str(suggestion.id),
                reason=reason,
            )
            await self.uow.commit()
        return dataclasses.replace(
            suggestion,
            status=SuggestionStatus.DECLINED,
            decision_reason=reason,
            decided_by=principal.id,
            decided_at=now,
        )


async def pending(suggestions: SuggestionRepository, suggestion_id: UUID) -> Suggestion:
    """The suggestion, locked; 409 when it was already decided (two admins at once)."""
    suggestion = await suggestions.get(suggestion_id, for_update=True)
    if suggestion is None:
        raise NotFound("No such suggestion.")
    if suggestion.status is not SuggestionStatus.PENDING:
        raise Conflict(
            f"The suggestion was already {suggestion.status.value}.", code="already_decided"
        )
    return suggestion
