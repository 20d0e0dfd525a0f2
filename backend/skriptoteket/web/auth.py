"""Who is calling: a session cookie (with CSRF on unsafe methods) or a bearer token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import SecurityRequirement
from litestar.params import SkipValidation

from skriptoteket.application.audit import ClientInfo
from skriptoteket.application.identity.authenticate import Authenticate
from skriptoteket.domain.errors import Forbidden, Unauthenticated
from skriptoteket.domain.users import AuthMethod, Principal, Role

from .client_ip import client_ip
from .scopes import require_scope
from .services import Services, process_wide
from .settings import WebSettings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRINCIPAL_STATE = "skriptoteket_principal"
CSRF_HEADER = "x-csrf-token"

# A route handler's opt key: a user with a temporary password may use it (read who they are,
# change the password, sign out); every other route answers 403 password_change_required.
ALLOWED_BEFORE_PASSWORD_CHANGE = "allowed_before_password_change"  # noqa: S105

# Both ways of signing in, as documented in OpenAPI.
SECURITY: list[SecurityRequirement] = [{"sessionCookie": []}, {"bearerToken": []}]


def bearer_secret(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthenticated("The Authorization header must be 'Bearer <token>'.")
    return value.strip()


@dataclass(frozen=True, slots=True)
class Credential:
    """What a request presented to say who it is: a bearer token or a session cookie."""

    method: AuthMethod
    secret: str

    async def authenticate(self, authenticate: Authenticate) -> Principal:
        if self.method is AuthMethod.TOKEN:
            return await authenticate.by_token(self.secret)
        return await authenticate.by_session(self.secret)


def presented_credential(request: Request[Any, Any, Any], settings: WebSettings) -> Credential:
    """The bearer token when the request has an Authorization header, else the session cookie;
    401 when it has neither."""
    token = bearer_secret(request)
    if token is not None:
        return Credential(AuthMethod.TOKEN, token)
    cookie = request.cookies.get(settings.session_cookie)
    if not cookie:
        raise Unauthenticated("Sign in to continue.")
    return Credential(AuthMethod.SESSION, cookie)


async def provide_principal(request: Request[Any, Any, Any], svcs_container: Services) -> Principal:
    """`principal: CurrentPrincipal` of a handler. `svcs_container` is not used: asking for it
    orders the two dependencies one after the other; Litestar resolves the dependencies of one
    level together in a task group, an anyio task each, which cost `GET /runs/{id}` about 15 %
    of its CPU."""
    del svcs_container
    return await request_principal(request)


async def request_principal(request: Request[Any, Any, Any]) -> Principal:
    """Who is calling, checked as every request is. The hot reads (`/auth/me`, `/runs/{id}`)
    call it themselves: a handler without dependencies skips Litestar's resolution of them and
    the request's service container, about a sixth of `/auth/me`'s CPU."""
    # Resolved once per request: the idempotency middleware may have done it already.
    known = request.scope.get("state", {}).get(PRINCIPAL_STATE)
    if isinstance(known, Principal):
        return known
    state = request.app.state
    authenticate = process_wide(state, Authenticate)
    credential = presented_credential(request, state.settings)
    principal = await credential.authenticate(authenticate)
    if credential.method is AuthMethod.TOKEN:
        require_scope(principal, request.scope.get("route_handler"), request.method)
        return principal
    if request.method not in SAFE_METHODS:
        check_csrf(request, principal)
    if principal.user.must_change_password and not request.route_handler.opt.get(
        ALLOWED_BEFORE_PASSWORD_CHANGE
    ):
        raise Forbidden(
            "Du har ett tillfälligt lösenord: byt det innan du fortsätter.",
            code="password_change_required",
        )
    return principal


def check_csrf(request: Request[Any, Any, Any], principal: Principal) -> None:
    if principal.method is not AuthMethod.SESSION or principal.csrf_token is None:
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent or not same_secret(sent, principal.csrf_token):
        raise Forbidden("The X-CSRF-Token header is missing or wrong.", code="csrf_failed")


def same_secret(a: str, b: str) -> bool:
    """Compared in constant time."""
    return secrets.compare_digest(
        a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass")
    )


def require_role(principal: Principal, role: Role) -> None:
    if not principal.role.at_least(role):
        raise Forbidden(f"This needs the {role.value} role.")


def requires_role(role: Role) -> dict[str, Provide]:
    """Dependencies for a controller whose every route needs `role`.

    The check runs while dependencies are resolved, before the request body is validated, so
    a caller below `role` gets 403 whatever they sent (not a validation error that would tell
    them about the shape of a route they may not use).
    """

    async def principal_with_role(
        request: Request[Any, Any, Any], svcs_container: Services
    ) -> Principal:
        principal = await provide_principal(request, svcs_container)
        require_role(principal, role)
        return principal

    return {"principal": Provide(principal_with_role)}


def client_info(request: Request[Any, Any, Any]) -> ClientInfo:
    settings: WebSettings = request.app.state.settings
    return ClientInfo(
        ip=client_ip(request, settings.trusted_proxies),
        user_agent=request.headers.get("user-agent"),
    )


# Handlers declare `principal: CurrentPrincipal`.
CurrentPrincipal = NamedDependency[SkipValidation[Principal]]
