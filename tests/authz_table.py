"""Who may call each route: one row per (method, path) of the app.

tests/api/test_authz_matrix.py fails for a route without a row here (and for a row without a
route), so every feature adds its rows when it adds routes.

`who` is the lowest role allowed (roles rank user < contributor < admin < superuser), or
  "anonymous": anyone, signed in or not;
  "owner":     any signed-in user, but only on their own objects; someone else's are 404;
  "special":   any signed-in user may call it, with a further rule in `note` that its own
               tests check.
Roles below `who` get 403; anonymous callers of a non-anonymous route get 401.
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
OWNER = "owner"
SPECIAL = "special"
ROLES = ("user", "contributor", "admin", "superuser")


@dataclass(frozen=True)
class Rule:
    who: str
    note: str = ""


AUTHZ: dict[tuple[str, str], Rule] = {
    # Operations and the OpenAPI document
    ("GET", "/healthz"): Rule(ANONYMOUS),
    ("GET", "/readyz"): Rule(ANONYMOUS),
    ("GET", "/api/v1/openapi.json"): Rule(ANONYMOUS),
    ("GET", "/api/v1/openapi"): Rule(ANONYMOUS, "Litestar's schema routes"),
    ("GET", "/api/v1/openapi/openapi.json"): Rule(ANONYMOUS, "Litestar's schema routes"),
    ("GET", "/api/v1/openapi/{path:str}"): Rule(ANONYMOUS, "Litestar's schema routes"),
    # Auth and accounts
    ("POST", "/api/v1/auth/login"): Rule(ANONYMOUS),
    ("POST", "/api/v1/auth/password-reset/confirm"): Rule(ANONYMOUS, "needs a reset link's token"),
    ("POST", "/api/v1/auth/logout"): Rule(
        SPECIAL, "needs a session: a bearer token gets 403 session_required"
    ),
    ("GET", "/api/v1/auth/me"): Rule("user"),
    ("PATCH", "/api/v1/auth/me"): Rule("user", "changes only the caller's own profile"),
    ("POST", "/api/v1/auth/password-reset"): Rule(ANONYMOUS, "mails a link; always 202"),
    ("POST", "/api/v1/auth/signup"): Rule(ANONYMOUS, "only SKRIPTOTEKET_SIGNUP_DOMAINS"),
    ("GET", "/api/v1/auth/signup"): Rule(ANONYMOUS),
    ("POST", "/api/v1/auth/invitations/accept"): Rule(ANONYMOUS, "needs an invitation's token"),
    ("GET", "/api/v1/invitations"): Rule("admin"),
    ("POST", "/api/v1/invitations"): Rule("admin"),
    ("DELETE", "/api/v1/invitations/{invitation_id:uuid}"): Rule("admin"),
    ("POST", "/api/v1/auth/password"): Rule(
        SPECIAL, "needs a session: a bearer token gets 403 session_required"
    ),
    ("GET", "/api/v1/auth/tokens"): Rule("user", "lists only the caller's own tokens"),
    ("POST", "/api/v1/auth/tokens"): Rule(
        SPECIAL, "needs a session: a bearer token gets 403 session_required"
    ),
    ("DELETE", "/api/v1/auth/tokens/{token_id:uuid}"): Rule(OWNER),
    # Single sign-on: the browser's way in, so open to anyone (tests/oidc)
    ("GET", "/api/v1/auth/oidc/providers"): Rule(ANONYMOUS),
    ("GET", "/api/v1/auth/oidc/{provider_id:str}/start"): Rule(ANONYMOUS, "redirects"),
    ("GET", "/api/v1/auth/oidc/{provider_id:str}/callback"): Rule(ANONYMOUS, "redirects"),
    ("GET", "/api/v1/sso-domains"): Rule("admin"),
    ("PUT", "/api/v1/sso-domains/{domain:str}"): Rule("admin"),
    ("DELETE", "/api/v1/sso-domains/{domain:str}"): Rule("admin"),
    # Users and audit
    ("GET", "/api/v1/users"): Rule("admin"),
    ("POST", "/api/v1/users"): Rule("admin", "admin/superuser accounts: superuser only"),
    ("GET", "/api/v1/users/{user_id:uuid}"): Rule("admin"),
    ("PATCH", "/api/v1/users/{user_id:uuid}"): Rule(
        "admin", "granting admin/superuser or changing such a user: superuser only"
    ),
    ("POST", "/api/v1/users/{user_id:uuid}/unlock"): Rule("admin"),
    ("POST", "/api/v1/users/{user_id:uuid}/password-reset"): Rule("admin"),
    ("POST", "/api/v1/users/{user_id:uuid}/temporary-password"): Rule("admin"),
    ("GET", "/api/v1/audit-events"): Rule("admin"),
    ("GET", "/api/v1/audit-events/export"): Rule("admin"),
    ("GET", "/api/v1/stats/usage"): Rule("admin"),
    ("GET", "/api/v1/reviews"): Rule("admin"),
    ("GET", "/api/v1/me/recent-tools"): Rule("user"),
    ("GET", "/api/v1/popular-tools"): Rule("user"),
    # Service accounts (integrations, not people)
    ("GET", "/api/v1/service-accounts"): Rule("admin"),
    ("POST", "/api/v1/service-accounts"): Rule("admin"),
    ("GET", "/api/v1/service-accounts/{account_id:uuid}/tokens"): Rule("admin"),
    ("POST", "/api/v1/service-accounts/{account_id:uuid}/tokens"): Rule(
        "admin", "minted from a sign-in session only"
    ),
    ("DELETE", "/api/v1/service-accounts/{account_id:uuid}/tokens/{token_id:uuid}"): Rule("admin"),
    ("GET", "/api/v1/webhooks"): Rule("admin"),
    ("POST", "/api/v1/webhooks"): Rule("admin"),
    ("DELETE", "/api/v1/webhooks/{webhook_id:uuid}"): Rule("admin"),
    ("GET", "/api/v1/webhooks/{webhook_id:uuid}/deliveries"): Rule("admin"),
    ("POST", "/api/v1/webhooks/{webhook_id:uuid}/deliveries/{delivery_id:uuid}/redeliver"): Rule(
        "admin"
    ),
    # Privacy: a person's data
    ("GET", "/api/v1/me/export"): Rule("user", "the caller's own data only"),
    ("POST", "/api/v1/me/erasure-request"): Rule("user", "asks for the caller's own erasure"),
    ("GET", "/api/v1/privacy/retention"): Rule("user"),
    ("GET", "/api/v1/users/{user_id:uuid}/export"): Rule("admin", "audited"),
    ("POST", "/api/v1/users/{user_id:uuid}/erase"): Rule(
        "admin", "admins and superusers: superuser only; never yourself or the last superuser"
    ),
    ("GET", "/api/v1/erasure-requests"): Rule("admin"),
    ("GET", "/api/v1/limits"): Rule("user"),
    ("GET", "/api/v1/system/status"): Rule("user"),
    ("POST", "/api/v1/runs/{run_id:uuid}/cancel"): Rule(OWNER, "the run's owner, or an admin"),
    ("GET", "/api/v1/runs/{run_id:uuid}/events"): Rule(
        OWNER, "as GET /runs/{run_id}: the owner, the tool's maintainers, admins"
    ),
    # Runs and sessions
    ("GET", "/api/v1/runs"): Rule(
        "user", "own runs; admins any user's with user_id, everyone's with scope=all"
    ),
    ("GET", "/api/v1/runs/{run_id:uuid}"): Rule(
        OWNER, "the owner, the tool's maintainers and admins; logs only for the latter"
    ),
    ("GET", "/api/v1/runs/{run_id:uuid}/artifacts/{artifact_id:uuid}"): Rule(
        OWNER, "the run's owner, the tool's maintainers and admins"
    ),
    ("POST", "/api/v1/tools/{slug:str}/runs"): Rule(
        "user", "tools the caller can see (published: everyone; drafts: maintainers, admins)"
    ),
    ("POST", "/api/v1/tools/{slug:str}/sandbox-runs"): Rule(SPECIAL, "maintainer"),
    ("GET", "/api/v1/tools/{slug:str}/settings"): Rule("user", "the caller's own settings"),
    ("PUT", "/api/v1/tools/{slug:str}/settings"): Rule("user", "the caller's own settings"),
    ("GET", "/api/v1/sessions/{session_id:uuid}"): Rule(OWNER),
    ("POST", "/api/v1/sessions/{session_id:uuid}/actions"): Rule(OWNER),
    ("GET", "/api/v1/sessions/{session_id:uuid}/files/{file_id:uuid}"): Rule(OWNER),
    # Catalog
    ("GET", "/api/v1/professions"): Rule("user"),
    ("POST", "/api/v1/professions"): Rule("admin"),
    ("GET", "/api/v1/categories"): Rule("user"),
    ("POST", "/api/v1/categories"): Rule("admin"),
    ("GET", "/api/v1/tools"): Rule("user"),
    ("GET", "/api/v1/tools/{slug:str}"): Rule(
        "user", "unpublished or unlisted: 404 except for maintainers and admins"
    ),
    ("GET", "/api/v1/tools/{slug:str}/examples"): Rule(
        "user", "the active version's; ?version=N for maintainers and admins"
    ),
    ("GET", "/api/v1/tools/{slug:str}/examples/{case:str}/files/{name:str}"): Rule(
        "user", "the active version's; ?version=N for maintainers and admins"
    ),
    ("PUT", "/api/v1/tools/{slug:str}/favorite"): Rule("user"),
    ("DELETE", "/api/v1/tools/{slug:str}/favorite"): Rule("user"),
    # Authoring and governance ("maintainer": the tool's maintainers, and admins)
    ("GET", "/api/v1/authoring/tools"): Rule("contributor"),
    ("POST", "/api/v1/tools"): Rule("contributor"),
    ("PATCH", "/api/v1/tools/{slug:str}"): Rule(SPECIAL, "maintainer"),
    ("GET", "/api/v1/tools/{slug:str}/versions"): Rule(SPECIAL, "maintainer"),
    ("POST", "/api/v1/tools/{slug:str}/versions"): Rule(SPECIAL, "maintainer"),
    ("GET", "/api/v1/tools/{slug:str}/versions/{number:int}"): Rule(SPECIAL, "maintainer"),
    ("POST", "/api/v1/tools/{slug:str}/versions/{number:int}/submit"): Rule(SPECIAL, "maintainer"),
    ("POST", "/api/v1/tools/{slug:str}/versions/{number:int}/publish"): Rule(
        "admin", "never the version's own author"
    ),
    ("POST", "/api/v1/tools/{slug:str}/versions/{number:int}/request-changes"): Rule("admin"),
    ("POST", "/api/v1/tools/{slug:str}/versions/{number:int}/rollback"): Rule("superuser"),
    ("POST", "/api/v1/tools/{slug:str}/depublish"): Rule("admin"),
    ("POST", "/api/v1/tools/{slug:str}/republish"): Rule("admin"),
    ("GET", "/api/v1/tools/{slug:str}/maintainers"): Rule(SPECIAL, "maintainer"),
    ("GET", "/api/v1/tools/{slug:str}/maintainers/candidates"): Rule(SPECIAL, "maintainer"),
    ("PUT", "/api/v1/tools/{slug:str}/maintainers/{user_id:uuid}"): Rule(SPECIAL, "maintainer"),
    ("DELETE", "/api/v1/tools/{slug:str}/maintainers/{user_id:uuid}"): Rule(
        SPECIAL, "maintainer; never the last one"
    ),
    ("GET", "/api/v1/tools/{slug:str}/working-copy"): Rule(SPECIAL, "maintainer; own copy"),
    ("PUT", "/api/v1/tools/{slug:str}/working-copy"): Rule(SPECIAL, "maintainer; own copy"),
    ("DELETE", "/api/v1/tools/{slug:str}/working-copy"): Rule(SPECIAL, "maintainer; own copy"),
    ("POST", "/api/v1/tools/{slug:str}/versions/{number:int}/example-runs"): Rule(
        SPECIAL, "maintainer"
    ),
    ("GET", "/api/v1/tools/{slug:str}/versions/{number:int}/example-runs"): Rule(
        SPECIAL, "maintainer; own runs"
    ),
    ("GET", "/api/v1/suggestions"): Rule("user", "own suggestions; admins see all"),
    ("POST", "/api/v1/suggestions"): Rule("user"),
    ("POST", "/api/v1/suggestions/{suggestion_id:uuid}/accept"): Rule("admin"),
    ("POST", "/api/v1/suggestions/{suggestion_id:uuid}/decline"): Rule("admin"),
    # The SPA (web/spa.py): index.html for app paths, a 404 problem under /api/, 405 for writes
    ("GET", "/"): Rule(ANONYMOUS, "the built SPA"),
    ("POST", "/"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
    ("PUT", "/"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
    ("PATCH", "/"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
    ("DELETE", "/"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
    ("GET", "/{path:path}"): Rule(ANONYMOUS, "the built SPA"),
    ("POST", "/{path:path}"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
    ("PUT", "/{path:path}"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
    ("PATCH", "/{path:path}"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
    ("DELETE", "/{path:path}"): Rule(ANONYMOUS, "405: pages of the web app are read-only"),
}
