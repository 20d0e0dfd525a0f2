"""/api/v1/auth: sign-in, the current user, password and personal access tokens."""

from __future__ import annotations

from litestar import Controller, get

from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.identity import MeResponse, UserResponse


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @get(
        "/me",
        operation_id="getMe",
        summary="The signed-in user and the CSRF token for unsafe requests",
        security=SECURITY,
        responses=problems(401),
    )
    async def me(self, principal: CurrentPrincipal) -> MeResponse:
        return MeResponse(
            user=UserResponse.from_domain(principal.user), csrf_token=principal.csrf_token
        )
