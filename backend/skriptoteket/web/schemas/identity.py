"""Request and response shapes of auth, accounts and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from skriptoteket.domain.users import User

from .base import ApiStruct

RoleName = Literal["user", "contributor", "admin", "superuser"]


class UserResponse(ApiStruct):
    id: UUID
    email: str
    display_name: str
    role: RoleName
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def from_domain(cls, user: User) -> UserResponse:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            role=user.role.value,
            is_active=user.is_active,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )


class MeResponse(ApiStruct):
    user: UserResponse
    csrf_token: str | None
