"""/api/v1/auth/oidc: single sign-on with OpenID Connect, and /api/v1/sso-domains (admin).

The start and callback endpoints are browser navigations, so they answer with redirects:
to the provider, then back to the SPA's sign-in page, which finishes (`?sso=1&next=...`)
or shows why not (`?sso_error=<code>`, in the user's language).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, delete, get, put
from litestar.datastructures import Cookie
from litestar.params import FromQuery, JSONBody, PathParameter, QueryParameter
from litestar.response import Redirect

from skriptoteket.application.identity.oidc import (
    FinishSsoSignIn,
    OidcProviders,
    SsoCallback,
    StartSsoSignIn,
)
from skriptoteket.application.identity.sso_domains import (
    ListSsoDomains,
    RequireSso,
    StopRequiringSso,
)
from skriptoteket.domain.oidc import SsoSignInFailed
from skriptoteket.domain.users import Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, client_info, requires_role
from skriptoteket.web.controllers.auth import session_cookie
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.oidc import (
    OidcProviderResponse,
    RequireSsoRequest,
    SsoDomainResponse,
)
from skriptoteket.web.services import Services
from skriptoteket.web.settings import WebSettings

# The shapes of the path parameters (an id of SKRIPTOTEKET_OIDC_PROVIDERS; a domain, checked
# further by the handler).
ProviderIdPath = Annotated[str, PathParameter(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]
DomainPath = Annotated[
    str, PathParameter(min_length=3, max_length=254, pattern=r"^@?[A-Za-z0-9.-]+$")
]

SIGN_IN_PAGE = "/logga-in"
# Ties a callback to the browser that started the sign-in; only the OIDC endpoints see it.
BROWSER_COOKIE = "skriptoteket_oidc"
BROWSER_COOKIE_PATH = "/api/v1/auth/oidc"
BROWSER_COOKIE_MAX_AGE_S = 600


def _to_sign_in_page(**query: str) -> Redirect:
    return Redirect(f"{SIGN_IN_PAGE}?{urlencode(query)}", status_code=302)


def redirect_uri(request: Request[Any, Any, Any], settings: WebSettings, provider_id: str) -> str:
    origin = settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{origin}/api/v1/auth/oidc/{provider_id}/callback"


class OidcController(Controller):
    path = "/auth/oidc"
    tags = ["auth"]

    @get(
        "/providers",
        operation_id="listOidcProviders",
        summary="The single sign-on providers, for the sign-in page's buttons",
        responses=problems(),
    )
    async def providers(self, svcs_container: Services) -> list[OidcProviderResponse]:
        providers = await svcs_container.aget(OidcProviders)
        return [OidcProviderResponse.from_domain(p) for p in providers.all()]

    @get(
        "/{provider_id:str}/start",
        operation_id="startOidcSignIn",
        summary="Sign in with a provider: redirects the browser there",
        description="302 to the provider's authorization endpoint (Authorization Code + PKCE), "
        "or to `/logga-in?sso_error=<code>` (`unknown_provider`, `provider_unavailable`).",
        status_code=302,
        responses=problems(400),
    )
    async def start(
        self,
        request: Request[Any, Any, Any],
        provider_id: ProviderIdPath,
        svcs_container: Services,
        next_path: Annotated[str | None, QueryParameter(name="next")] = None,
    ) -> Redirect:
        start = await svcs_container.aget(StartSsoSignIn)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        try:
            started = await start(
                provider_id,
                redirect_uri(request, settings, provider_id),
                next_path,
                request.cookies.get(BROWSER_COOKIE),
            )
        except SsoSignInFailed as failure:
            return _to_sign_in_page(sso_error=failure.code)
        return Redirect(
            started.url,
            status_code=302,
            cookies=[
                Cookie(
                    key=BROWSER_COOKIE,
                    value=started.browser_secret,
                    path=BROWSER_COOKIE_PATH,
                    max_age=BROWSER_COOKIE_MAX_AGE_S,
                    httponly=True,
                    samesite="lax",  # sent on the provider's top-level redirect back
                    secure=settings.secure_cookies,
                )
            ],
        )

    @get(
        "/{provider_id:str}/callback",
        operation_id="finishOidcSignIn",
        summary="Where the provider sends the browser back; signs in and redirects to the SPA",
        description="302 to `/logga-in?sso=1&next=<path>` with the session cookie, or to "
        "`/logga-in?sso_error=<code>` without one (`invalid_state`, `code_rejected`, "
        "`invalid_id_token`, `email_unverified`, `provider_refused`, `provider_unavailable`, "
        "`account_disabled`, `other_provider`, `unknown_provider`).",
        status_code=302,
        responses=problems(400),
    )
    async def callback(
        self,
        request: Request[Any, Any, Any],
        provider_id: ProviderIdPath,
        svcs_container: Services,
        code: FromQuery[str | None] = None,
        # `state` is a name Litestar reserves (app state)
        state_: Annotated[str | None, QueryParameter(name="state")] = None,
        error: FromQuery[str | None] = None,
        iss: FromQuery[str | None] = None,
    ) -> Redirect:
        finish = await svcs_container.aget(FinishSsoSignIn)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        callback = SsoCallback(
            provider_id=provider_id,
            state=state_,
            code=code,
            error=error,
            browser_secret=request.cookies.get(BROWSER_COOKIE),
            issuer=iss,
        )
        try:
            done = await finish(callback, client_info(request))
        except SsoSignInFailed as failure:
            return _to_sign_in_page(sso_error=failure.code)
        response = _to_sign_in_page(sso="1", next=done.next_path)
        response.set_cookie(
            session_cookie(
                settings,
                done.signed_in.session_secret,
                max_age=settings.session_absolute_timeout_s,
            )
        )
        return response


class SsoDomainsController(Controller):
    """Domains whose e-mails must sign in with one provider (password sign-in refused)."""

    path = "/sso-domains"
    tags = ["users"]
    security = SECURITY
    dependencies = requires_role(Role.ADMIN)

    @get(
        "/",
        operation_id="listSsoDomains",
        summary="Domains that must use single sign-on",
        responses=problems(401, 403),
    )
    async def list_domains(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> list[SsoDomainResponse]:
        domains = await (await svcs_container.aget(ListSsoDomains))(principal)
        return [SsoDomainResponse.from_domain(d) for d in domains]

    @put(
        "/{domain:str}",
        operation_id="requireSso",
        summary="Require single sign-on with a provider for a domain",
        responses=problems(400, 401, 403, 413, 422),
    )
    async def require(
        self,
        request: Request[Any, Any, Any],
        domain: DomainPath,
        data: JSONBody[RequireSsoRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> SsoDomainResponse:
        require = await svcs_container.aget(RequireSso)
        bound = await require(principal, domain, data.provider_id, client_info(request))
        return SsoDomainResponse.from_domain(bound)

    @delete(
        "/{domain:str}",
        operation_id="stopRequiringSso",
        summary="Let a domain sign in with passwords again",
        status_code=204,
        responses=problems(401, 403, 404, 422),
    )
    async def release(
        self,
        request: Request[Any, Any, Any],
        domain: DomainPath,
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> None:
        release = await svcs_container.aget(StopRequiringSso)
        await release(principal, domain, client_info(request))
