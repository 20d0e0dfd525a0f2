"""The scope each operation needs from an access token, checked when the principal is
resolved (web/auth.py) and written into the OpenAPI document (each operation's bearerToken
requirement lists it). A session has every scope: its role alone decides.

Every operation is listed (tests/contract/test_scopes.py fails for one that is not); an
unlisted one needs `catalog:read` to read and `admin` to change anything."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import OpenAPI, SecurityScheme

from skriptoteket.domain.scopes import InsufficientScope, Scope
from skriptoteket.domain.users import Principal

C, RW, RR, AW, AD = (
    Scope.CATALOG_READ,
    Scope.RUNS_WRITE,
    Scope.RUNS_READ,
    Scope.AUTHORING_WRITE,
    Scope.ADMIN,
)

SCOPES: dict[str, Scope] = {
    # The caller's own account (token management itself needs a session)
    "getMe": C, "updateProfile": C, "logout": C, "changePassword": C, "listTokens": C, "createToken": C,
    "revokeToken": C, "getLimits": C, "getSystemStatus": C, "getRetention": C,
    "exportMyData": RR, "requestMyErasure": AD,
    # The catalog, and the caller's preferences in it
    "listTools": C, "getTool": C, "listExamples": C, "downloadExampleFile": C, "listProfessions": C, "listCategories": C,
    "addFavorite": C, "removeFavorite": C, "listSuggestions": C,
    "listPopularTools": C,  # which tools many use, in the catalog's terms: no one's runs
    # Runs
    "createRun": RW, "startAction": RW, "cancelRun": RW, "saveToolSettings": RW,
    "listRuns": RR, "getRun": RR, "downloadArtifact": RR, "streamRunEvents": RR,
    "getSession": RR, "downloadSessionFile": RR, "getToolSettings": RR, "listRecentTools": RR,
    # Authoring
    "listMyTools": AW, "createTool": AW, "updateTool": AW, "listVersions": AW,
    "saveVersion": AW, "getVersion": AW, "submitVersion": AW, "createSandboxRun": AW,
    "createSuggestion": AW, "findMaintainerCandidates": AW,
    "getWorkingCopy": AW, "saveWorkingCopy": AW, "discardWorkingCopy": AW,
    "startExampleRuns": AW, "listExampleRuns": AW,
    # Administration
    "listAuditEvents": AD, "exportAuditEvents": AD, "listReviews": AD, "getUsageStats": AD, "createCategory": AD, "createProfession": AD,
    "listErasureRequests": AD, "listSsoDomains": AD, "requireSso": AD,
    "stopRequiringSso": AD, "acceptSuggestion": AD, "declineSuggestion": AD,
    "depublishTool": AD, "republishTool": AD, "listMaintainers": AD, "addMaintainer": AD,
    "removeMaintainer": AD, "publishVersion": AD, "requestVersionChanges": AD,
    "rollbackVersion": AD, "listUsers": AD, "createUser": AD, "getUser": AD,
    "updateUser": AD, "eraseUser": AD, "exportUserData": AD, "issuePasswordReset": AD,
    "unlockUser": AD, "setTemporaryPassword": AD, "listInvitations": AD, "inviteUser": AD,
    "revokeInvitation": AD,
    "createServiceAccount": AD, "listServiceAccounts": AD, "createServiceToken": AD,
    "listServiceTokens": AD, "revokeServiceToken": AD,
    "createWebhook": AD, "listWebhooks": AD, "deleteWebhook": AD,
    "listWebhookDeliveries": AD, "redeliverWebhook": AD,
}  # fmt: skip

_READS = frozenset({"GET", "HEAD"})


def scope_for(operation_id: object, method: str) -> Scope:
    if isinstance(operation_id, str) and operation_id in SCOPES:
        return SCOPES[operation_id]
    return Scope.CATALOG_READ if method in _READS else Scope.ADMIN


def require_scope(principal: Principal, route_handler: Any, method: str) -> None:
    """403 insufficient_scope when a token lacks the operation's scope."""
    if principal.scopes is None:
        return
    needed = scope_for(getattr(route_handler, "operation_id", None), method)
    if needed.value not in principal.scopes:
        raise InsufficientScope(needed)


BEARER_DESCRIPTION = (
    "An access token: a personal one from POST /api/v1/auth/tokens, or a service account's "
    "from POST /api/v1/service-accounts/{account_id}/tokens. Each operation lists the scope "
    "it needs (catalog:read, runs:write, runs:read, authoring:write, admin); outside its "
    "scopes a token is refused with 403 insufficient_scope."
)


def declare_scopes(openapi: OpenAPI) -> None:
    """Each operation's bearerToken requirement names the scope it needs."""
    schemes = openapi.components.security_schemes if openapi.components else None
    bearer = (schemes or {}).get("bearerToken")
    if isinstance(bearer, SecurityScheme):
        bearer.description = BEARER_DESCRIPTION
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(path_item, method, None)
            if operation is None or not operation.security:
                continue
            scope = scope_for(operation.operation_id, method.upper()).value
            operation.security = [
                {name: [scope] if name == "bearerToken" else list(scopes)}
                for requirement in operation.security
                for name, scopes in requirement.items()
            ]
