"""Ports of single sign-on: the OpenID provider as seen from here, pending sign-ins and the
domains that must use single sign-on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from skriptoteket.domain.oidc import OidcProvider


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """What one sign-in sends to the provider and must remember for the callback."""

    state: str
    nonce: str
    code_verifier: str  # PKCE: only its S256 hash goes to the provider
    redirect_uri: str


@dataclass(frozen=True, slots=True)
class VerifiedIdentity:
    """The claims of an ID token whose signature, issuer, audience, expiry and nonce were
    checked, merged with the provider's userinfo for the same subject."""

    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    claims: dict[str, Any]


class OidcClient(Protocol):
    """Raises SsoSignInFailed (provider_unavailable, code_rejected, invalid_id_token)."""

    async def authorization_url(self, provider: OidcProvider, request: AuthorizationRequest) -> str:
        """The provider's authorization endpoint (from its discovery document) with the
        request's parameters."""
        ...

    async def verified_identity(
        self, provider: OidcProvider, request: AuthorizationRequest, code: str
    ) -> VerifiedIdentity:
        """Redeem the code (with the PKCE verifier) and check the ID token it brings."""
        ...


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    provider_id: str
    request: AuthorizationRequest
    browser_hash: bytes  # the hash of the cookie that ties the sign-in to one browser
    next_path: str
    expires_at: datetime


class PendingSignIns(Protocol):
    """Sign-ins sent to a provider and not yet back; each can be taken once."""

    async def add(self, pending: PendingSignIn) -> None: ...

    async def take(self, state: str) -> PendingSignIn | None:
        """Remove and return the sign-in of `state` (None when unknown or already taken)."""
        ...

    async def prune(self, now: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class SsoDomain:
    domain: str
    provider_id: str
    created_at: datetime


class SsoDomains(Protocol):
    """E-mail domains whose users must sign in with one provider (never with a password)."""

    async def get(self, domain: str) -> SsoDomain | None: ...

    async def list(self) -> list[SsoDomain]: ...

    async def put(self, domain: SsoDomain) -> None: ...

    async def delete(self, domain: str) -> bool: ...
