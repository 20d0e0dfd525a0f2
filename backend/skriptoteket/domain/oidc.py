"""Single sign-on with OpenID Connect: the configured providers, the role a provider's claims
map to, and the ways a sign-in can fail (each a stable code the SPA shows in words)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import DomainError
from .users import Role


@dataclass(frozen=True, slots=True)
class OidcProvider:
    id: str  # in URLs: /api/v1/auth/oidc/{id}/start
    name: str  # on the button: "Logga in med <name>"
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    # A claim (e.g. "groups") whose values pick the role of a user created at first sign-in.
    role_claim: str | None = None
    role_map: Mapping[str, Role] = field(default_factory=dict)

    def role_for(self, claims: Mapping[str, object]) -> Role:
        """The highest role any value of `role_claim` maps to; `user` when none does."""
        if self.role_claim is None:
            return Role.USER
        raw = claims.get(self.role_claim)
        values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        roles = [self.role_map[v] for v in values if isinstance(v, str) and v in self.role_map]
        return max(roles, key=lambda r: r.rank, default=Role.USER)


class SsoFailure(enum.StrEnum):
    """Why a single sign-on did not sign anyone in."""

    UNKNOWN_PROVIDER = "unknown_provider"
    PROVIDER_UNAVAILABLE = "provider_unavailable"  # discovery, keys or token endpoint unreachable
    PROVIDER_REFUSED = "provider_refused"  # the provider answered with an error (or cancelled)
    INVALID_STATE = "invalid_state"  # unknown, used, expired, or started in another browser
    CODE_REJECTED = "code_rejected"  # the token endpoint refused the code (e.g. replayed)
    INVALID_ID_TOKEN = "invalid_id_token"  # noqa: S105 - signature, issuer, audience, expiry, nonce
    EMAIL_UNVERIFIED = "email_unverified"
    ACCOUNT_DISABLED = "account_disabled"
    OTHER_PROVIDER = "other_provider"  # the e-mail's domain must sign in with another provider


class SsoSignInFailed(DomainError):
    code = "sso_failed"
    default_message = "The single sign-on did not succeed."

    def __init__(self, failure: SsoFailure, message: str | None = None) -> None:
        super().__init__(message or failure.value.replace("_", " "), code=failure.value)
        self.failure = failure


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()
