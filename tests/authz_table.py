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
    ("POST", "/api/v1/auth/logout"): Rule(
        SPECIAL, "needs a session: a bearer token gets 403 session_required"
    ),
    ("GET", "/api/v1/auth/me"): Rule("user"),
    ("POST", "/api/v1/auth/password"): Rule(
        SPECIAL, "needs a session: a bearer token gets 403 session_required"
    ),
    ("GET", "/api/v1/auth/tokens"): Rule("user", "lists only the caller's own tokens"),
    ("POST", "/api/v1/auth/tokens"): Rule(
        SPECIAL, "needs a session: a bearer token gets 403 session_required"
    ),
    ("DELETE", "/api/v1/auth/tokens/{token_id:uuid}"): Rule(OWNER),
    # Users and audit
    ("GET", "/api/v1/users"): Rule("admin"),
    ("POST", "/api/v1/users"): Rule("admin", "admin/superuser accounts: superuser only"),
    ("GET", "/api/v1/users/{user_id:uuid}"): Rule("admin"),
    ("PATCH", "/api/v1/users/{user_id:uuid}"): Rule(
        "admin", "granting admin/superuser or changing such a user: superuser only"
    ),
    ("GET", "/api/v1/audit-events"): Rule("admin"),
    # The tool contract
    ("GET", "/api/v1/limits"): Rule("user"),
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
