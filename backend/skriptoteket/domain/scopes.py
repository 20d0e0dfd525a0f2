"""What an access token may be used for. A token acts as its owner but only within its
scopes; a signed-in browser (a session) has every scope, and its role alone decides."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .errors import FieldError, Forbidden, InvalidInput
from .users import Role


class Scope(enum.StrEnum):
    CATALOG_READ = "catalog:read"  # the catalog, the caller's own account and preferences
    RUNS_WRITE = "runs:write"  # start runs and actions, cancel them
    RUNS_READ = "runs:read"  # read runs, their sessions, files and live status
    AUTHORING_WRITE = "authoring:write"  # write and submit tools and versions, sandbox runs
    ADMIN = "admin"  # what needs the admin role: users, reviews, webhooks, service accounts


ALL_SCOPES = frozenset(Scope)
# A token asked for without scopes gets the least: reading the catalog.
DEFAULT_SCOPES = frozenset({Scope.CATALOG_READ})


class InsufficientScope(Forbidden):
    code = "insufficient_scope"

    def __init__(self, needed: Scope) -> None:
        super().__init__(f"Token saknar behörigheten (scope) {needed.value} som krävs här.")
        self.needed = needed


def parse_scopes(values: Iterable[str] | None, field: str = "scopes") -> frozenset[Scope]:
    """The scopes asked for; none asked: the default (least)."""
    if values is None:
        return DEFAULT_SCOPES
    scopes = set()
    for value in values:
        try:
            scopes.add(Scope(value))
        except ValueError:
            raise InvalidInput(
                [FieldError(field, "unknown_scope", f"Okänd behörighet: {value!r}.")]
            ) from None
    if not scopes:
        raise InvalidInput([FieldError(field, "empty", "Ange minst en behörighet.")])
    return frozenset(scopes)


def service_role(scopes: frozenset[Scope]) -> Role:
    """A service account has no role of its own: its token's scopes give it one (an admin
    created both, and an admin may grant at most admin)."""
    if Scope.ADMIN in scopes:
        return Role.ADMIN
    if Scope.AUTHORING_WRITE in scopes:
        return Role.CONTRIBUTOR
    return Role.USER
