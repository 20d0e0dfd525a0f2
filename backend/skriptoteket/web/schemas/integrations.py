"""Request and response shapes of service accounts and webhooks."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from skriptoteket.domain.users import User

from .base import ApiStruct
from .identity import AwareDatetime, DisplayName, Scopes, TokenName


class CreateServiceAccountRequest(ApiStruct):
    name: DisplayName


class ServiceAccountResponse(ApiStruct):
    id: UUID
    name: str
    is_active: bool
    created_at: datetime

    @classmethod
    def from_domain(cls, account: User) -> ServiceAccountResponse:
        return cls(
            id=account.id,
            name=account.display_name,
            is_active=account.is_active,
            created_at=account.created_at,
        )


class ServiceAccountPage(ApiStruct):
    items: list[ServiceAccountResponse]
    total: int
    limit: int
    offset: int


class CreateServiceTokenRequest(ApiStruct):
    name: TokenName
    scopes: Scopes | None = None
    expires_at: AwareDatetime | None = None
