"""Request and response shapes of single sign-on."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from skriptoteket.domain.oidc import OidcProvider
from skriptoteket.protocols.oidc import SsoDomain

from .base import ApiStruct

ProviderId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]


class OidcProviderResponse(ApiStruct):
    id: str
    name: str  # the sign-in page's button says "Logga in med <name>"
    start_url: str  # a browser navigates here (GET) to sign in with this provider

    @classmethod
    def from_domain(cls, provider: OidcProvider) -> OidcProviderResponse:
        return cls(
            id=provider.id, name=provider.name, start_url=f"/api/v1/auth/oidc/{provider.id}/start"
        )


class SsoDomainResponse(ApiStruct):
    domain: str
    provider_id: str
    created_at: datetime

    @classmethod
    def from_domain(cls, domain: SsoDomain) -> SsoDomainResponse:
        return cls(
            domain=domain.domain, provider_id=domain.provider_id, created_at=domain.created_at
        )


class RequireSsoRequest(ApiStruct):
    provider_id: ProviderId
