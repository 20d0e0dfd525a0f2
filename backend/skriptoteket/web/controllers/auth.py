"""/api/v1/auth: sign-in, the current user, password and personal access tokens."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, JSONBody

from skriptoteket.application.identity.account_self_service import (
    ProfileChanges,
    UpdateProfile,
)
from skriptoteket.application.identity.invitations import (
    AcceptInvitation,
    InvitationSettings,
    SignUp,
)
from skriptoteket.application.identity.login import Login
from skriptoteket.application.identity.password_reset import (
    ConfirmPasswordReset,
    RequestPasswordReset,
)
from skriptoteket.application.identity.sign_in_sessions import ChangePassword, Logout
from skriptoteket.application.identity.sso_domains import PasswordSignInAllowed
from skriptoteket.application.identity.tokens import CreateToken, ListTokens, RevokeToken
from skriptoteket.web import hot_reads
from skriptoteket.web.auth import (
    ALLOWED_BEFORE_PASSWORD_CHANGE,
    SECURITY,
    CurrentPrincipal,
    client_info,
)
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.identity import (
    AcceptInvitationRequest,
    ChangePasswordRequest,
    ConfirmPasswordResetRequest,
    CreateTokenRequest,
    LoginRequest,
    MeResponse,
    PasswordResetRequest,
    SignupInfoResponse,
    SignupRequest,
    TokenCreatedResponse,
    TokenResponse,
    UpdateProfileRequest,
    UserResponse,
)
from skriptoteket.web.services import Services
from skriptoteket.web.settings import WebSettings

# The device cookie outlives sessions: it only tells login throttling which browser this is.
DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600


def session_cookie(
    settings: WebSettings, value: str, *, max_age: int, name: str | None = None
) -> Cookie:
    return Cookie(
        key=name or settings.session_cookie,
        value=value,
        path="/",
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post(
        "/login",
        operation_id="login",
        summary="Sign in with email and password; sets the session cookie",
        status_code=200,
        responses=problems(400, 401, 403, 413, 422, 429),
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        svcs_container: Services,
    ) -> Response[MeResponse]:
        # A domain that must use single sign-on gets 403 sso_required, whatever the password.
        await (await svcs_container.aget(PasswordSignInAllowed))(data.email)
        login = await svcs_container.aget(Login)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        signed_in = await login(
            data.email,
            data.password,
            client_info(request),
            request.cookies.get(settings.device_cookie),
        )
        cookies = [
            session_cookie(
                settings, signed_in.session_secret, max_age=settings.session_absolute_timeout_s
            )
        ]
        if signed_in.device_secret is not None:
            cookies.append(
                session_cookie(
                    settings,
                    signed_in.device_secret,
                    max_age=DEVICE_COOKIE_MAX_AGE,
                    name=settings.device_cookie,
                )
            )
        return Response(
            MeResponse(
                user=UserResponse.from_domain(signed_in.user), csrf_token=signed_in.csrf_token
            ),
            cookies=cookies,
        )

    @post(
        "/logout",
        operation_id="logout",
        summary="End this session and clear its cookie",
        status_code=204,
        security=SECURITY,
        responses=problems(401, 403),
        opt={ALLOWED_BEFORE_PASSWORD_CHANGE: True},
    )
    async def logout(
        self, request: Request[Any, Any, Any], principal: CurrentPrincipal, svcs_container: Services
    ) -> Response[None]:
        logout = await svcs_container.aget(Logout)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        await logout(principal, client_info(request))
        return Response(None, status_code=204, cookies=[session_cookie(settings, "", max_age=0)])

    @get(
        "/me",
        operation_id="getMe",
        summary="The signed-in user and the CSRF token for unsafe requests",
        security=SECURITY,
        responses=problems(401),
        opt={ALLOWED_BEFORE_PASSWORD_CHANGE: True},
    )
    async def me(self, request: Request[Any, Any, Any]) -> Response[MeResponse]:
        return await hot_reads.answer(request, hot_reads.me)  # a hot read (web/hot_reads.py)

    @post(
        "/password",
        operation_id="changePassword",
        summary="Change my password; ends my other sessions and revokes my tokens unless kept",
        status_code=204,
        security=SECURITY,
        responses=problems(400, 401, 403, 413, 422),
        opt={ALLOWED_BEFORE_PASSWORD_CHANGE: True},
    )
    async def change_password(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[ChangePasswordRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> None:
        change = await svcs_container.aget(ChangePassword)
        await change(
            principal,
            data.current_password,
            data.new_password,
            client_info(request),
            keep_tokens=data.keep_tokens,
        )

    @patch(
        "/me",
        operation_id="updateProfile",
        summary="Change my display name or language (sv, en)",
        security=SECURITY,
        responses=problems(401, 403, 413, 415, 422),
    )
    async def update_profile(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[UpdateProfileRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> MeResponse:
        update = await svcs_container.aget(UpdateProfile)
        user = await update(
            principal,
            ProfileChanges(
                display_name=data.display_name if isinstance(data.display_name, str) else None,
                language=data.language if isinstance(data.language, str) else None,
            ),
            client_info(request),
        )
        return MeResponse(user=UserResponse.from_domain(user), csrf_token=principal.csrf_token)

    @post(
        "/password-reset",
        operation_id="requestPasswordReset",
        summary="Mail a one-time reset link to the address, if it has an account (always 202)",
        status_code=202,
        responses=problems(400, 413, 415, 422),
    )
    async def request_password_reset(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[PasswordResetRequest],
        svcs_container: Services,
    ) -> Response[None]:
        send = await svcs_container.aget(RequestPasswordReset)
        await send(data.email, client_info(request))
        return Response(None, status_code=202)

    @get(
        "/signup",
        operation_id="getSignup",
        summary="Whether people may create an account themselves, and at which e-mail domains",
        responses=problems(),
    )
    async def signup_info(self, svcs_container: Services) -> SignupInfoResponse:
        settings = await svcs_container.aget(InvitationSettings)
        return SignupInfoResponse(domains=sorted(settings.signup_domains))

    @post(
        "/signup",
        operation_id="signUp",
        summary="Self-registration: mail a link to confirm the address (domains allowed only)",
        status_code=202,
        responses=problems(400, 403, 413, 415, 422),
    )
    async def sign_up(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SignupRequest],
        svcs_container: Services,
    ) -> Response[None]:
        sign_up = await svcs_container.aget(SignUp)
        await sign_up(data.email, data.language, client_info(request))
        return Response(None, status_code=202)

    @post(
        "/invitations/accept",
        operation_id="acceptInvitation",
        summary="Create my account from an invitation (or a confirmed sign-up) and sign in",
        status_code=200,
        responses=problems(400, 413, 415, 422),
    )
    async def accept_invitation(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[AcceptInvitationRequest],
        svcs_container: Services,
    ) -> Response[MeResponse]:
        accept = await svcs_container.aget(AcceptInvitation)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        signed_in = await accept(data.token, data.display_name, data.password, client_info(request))
        return Response(
            MeResponse(
                user=UserResponse.from_domain(signed_in.user), csrf_token=signed_in.csrf_token
            ),
            cookies=[
                session_cookie(
                    settings, signed_in.session_secret, max_age=settings.session_absolute_timeout_s
                )
            ],
        )

    @post(
        "/password-reset/confirm",
        operation_id="confirmPasswordReset",
        summary="Set a new password with a one-time reset link; ends every session and token",
        status_code=204,
        responses=problems(400, 413, 415, 422),
    )
    async def confirm_password_reset(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[ConfirmPasswordResetRequest],
        svcs_container: Services,
    ) -> None:
        confirm = await svcs_container.aget(ConfirmPasswordReset)
        await confirm(data.token, data.new_password, client_info(request))

    @get(
        "/tokens",
        operation_id="listTokens",
        summary="My personal access tokens (never their secrets)",
        security=SECURITY,
        responses=problems(401),
    )
    async def list_tokens(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> list[TokenResponse]:
        tokens = await (await svcs_container.aget(ListTokens))(principal)
        return [TokenResponse.from_stored(t) for t in tokens]

    @post(
        "/tokens",
        operation_id="createToken",
        summary="Create a personal access token; the secret is shown only in this answer",
        status_code=201,
        security=SECURITY,
        responses=problems(400, 401, 403, 413, 422),
    )
    async def create_token(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[CreateTokenRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> TokenCreatedResponse:
        create = await svcs_container.aget(CreateToken)
        created = await create(
            principal, data.name, data.expires_at, client_info(request), data.scopes
        )
        return TokenCreatedResponse.from_created(created.token, created.secret)

    @delete(
        "/tokens/{token_id:uuid}",
        operation_id="revokeToken",
        summary="Revoke one of my personal access tokens",
        status_code=204,
        security=SECURITY,
        responses=problems(401, 403, 404),
    )
    async def revoke_token(
        self,
        request: Request[Any, Any, Any],
        token_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> None:
        revoke = await svcs_container.aget(RevokeToken)
        await revoke(principal, token_id, client_info(request))
