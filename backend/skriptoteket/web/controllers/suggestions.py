"""/api/v1/suggestions: tool ideas from anyone, decided by admins."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from skriptoteket.application.catalog.suggestions import (
    Acceptance,
    AcceptSuggestion,
    DeclineSuggestion,
    ListSuggestions,
    ProposeSuggestion,
)
from skriptoteket.domain.catalog import SuggestionStatus
from skriptoteket.domain.users import Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.catalog import (
    AcceptSuggestionRequest,
    DeclineSuggestionRequest,
    NewSuggestionRequest,
    SuggestionPage,
    SuggestionResponse,
)
from skriptoteket.web.services import Services


class SuggestionsController(Controller):
    path = "/suggestions"
    tags = ["suggestions"]
    security = SECURITY

    @get(
        "/",
        operation_id="listSuggestions",
        summary="My suggestions and their decisions (admins: everyone's)",
        responses=problems(401, 422),
    )
    async def list_suggestions(
        self,
        svcs_container: Services,
        principal: CurrentPrincipal,
        status: FromQuery[Literal["pending", "accepted", "declined"] | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> SuggestionPage:
        handler = await svcs_container.aget(ListSuggestions)
        page = await handler(
            principal,
            status=SuggestionStatus(status) if status else None,
            limit=limit,
            offset=offset,
        )
        return SuggestionPage(
            items=[SuggestionResponse.from_domain(s) for s in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )

    @post(
        "/",
        operation_id="createSuggestion",
        summary="Propose an idea for a tool",
        status_code=HTTP_201_CREATED,
        responses=problems(401, 403, 422),
    )
    async def propose(
        self,
        data: JSONBody[NewSuggestionRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> SuggestionResponse:
        handler = await svcs_container.aget(ProposeSuggestion)
        return SuggestionResponse.from_domain(
            await handler(principal, data.title, data.description)
        )

    @post(
        "/{suggestion_id:uuid}/accept",
        operation_id="acceptSuggestion",
        dependencies=requires_role(Role.ADMIN),
        summary="Accept: create a draft tool (the proposer maintains it if a contributor) (admin)",
        status_code=200,
        responses=problems(401, 403, 404, 409, 422),
    )
    async def accept(
        self,
        suggestion_id: FromPath[UUID],
        data: JSONBody[AcceptSuggestionRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> SuggestionResponse:
        handler = await svcs_container.aget(AcceptSuggestion)
        suggestion = await handler(
            principal,
            suggestion_id,
            Acceptance(
                slug=data.slug,
                title=data.title,
                summary=data.summary,
                professions=tuple(data.professions),
                categories=tuple(data.categories),
                maintainer_id=data.maintainer_id,
            ),
        )
        return SuggestionResponse.from_domain(suggestion)

    @post(
        "/{suggestion_id:uuid}/decline",
        operation_id="declineSuggestion",
        dependencies=requires_role(Role.ADMIN),
        summary="Decline with a reason the proposer reads (admin)",
        status_code=200,
        responses=problems(401, 403, 404, 409, 422),
    )
    async def decline(
        self,
        suggestion_id: FromPath[UUID],
        data: JSONBody[DeclineSuggestionRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> SuggestionResponse:
        handler = await svcs_container.aget(DeclineSuggestion)
        return SuggestionResponse.from_domain(await handler(principal, suggestion_id, data.reason))
