"""/api/v1/service-accounts: accounts for integrations, not people (admins only)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody

from skriptoteket.application.identity.service_accounts import (
    CreateServiceAccount,
    ListServiceAccounts,
    ServiceAccountTokens,
)
from skriptoteket.domain.users import Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, client_info, requires_role
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.identity import TokenCreatedResponse, TokenResponse
from skriptoteket.web.schemas.integrations import (
    CreateServiceAccountRequest,
    CreateServiceTokenRequest,
    ServiceAccountPage,
    ServiceAccountResponse,
)
from skriptoteket.web.services import Services


class ServiceAccountsController(Controller):
    path = "/service-accounts"
    tags = ["service-accounts"]
    security = SECURITY
    dependencies = requires_role(Role.ADMIN)

    @post(
        "/",
        operation_id="createServiceAccount",
        summary="Create a service account: no password, no sign-in, acts only by its tokens",
        status_code=201,
        responses=problems(401, 403, 422),
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[CreateServiceAccountRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> ServiceAccountResponse:
        create = await svcs_container.aget(CreateServiceAccount)
        return ServiceAccountResponse.from_domain(
            await create(principal, data.name, client_info(request))
        )

    @get(
        "/",
        operation_id="listServiceAccounts",
        summary="The service accounts",
        responses=problems(401, 403),
    )
    async def list_accounts(
        self,
        principal: CurrentPrincipal,
        svcs_container: Services,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> ServiceAccountPage:
        items, total = await (await svcs_container.aget(ListServiceAccounts))(
            principal, limit, offset
        )
        return ServiceAccountPage(
            items=[ServiceAccountResponse.from_domain(a) for a in items],
            total=total,
            limit=limit,
            offset=offset,
        )

    @post(
        "/{account_id:uuid}/tokens",
        operation_id="createServiceToken",
        summary="Mint a token for a service account; the secret is shown only in this answer",
        status_code=201,
        responses=problems(401, 403, 404, 422),
    )
    async def create_token(
        self,
        request: Request[Any, Any, Any],
        account_id: FromPath[UUID],
        data: JSONBody[CreateServiceTokenRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> TokenCreatedResponse:
        tokens = await svcs_container.aget(ServiceAccountTokens)
        created = await tokens.create(
            principal, account_id, data.name, data.scopes, data.expires_at, client_info(request)
        )
        return TokenCreatedResponse.from_created(created.token, created.secret)

    @get(
        "/{account_id:uuid}/tokens",
        operation_id="listServiceTokens",
        summary="A service account's tokens: scopes, last use and request counts",
        responses=problems(401, 403, 404),
    )
    async def list_tokens(
        self, account_id: FromPath[UUID], principal: CurrentPrincipal, svcs_container: Services
    ) -> list[TokenResponse]:
        tokens = await svcs_container.aget(ServiceAccountTokens)
        return [
            TokenResponse.from_stored(t) for t in await tokens.list_tokens(principal, account_id)
        ]

    @delete(
        "/{account_id:uuid}/tokens/{token_id:uuid}",
        operation_id="revokeServiceToken",
        summary="Revoke a service account's token",
        status_code=204,
        responses=problems(401, 403, 404),
    )
    async def revoke_token(
        self,
        request: Request[Any, Any, Any],
        account_id: FromPath[UUID],
        token_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> None:
        tokens = await svcs_container.aget(ServiceAccountTokens)
        await tokens.revoke(principal, account_id, token_id, client_info(request))
