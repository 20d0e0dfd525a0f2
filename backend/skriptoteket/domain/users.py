"""Users, roles and the principal a request acts as."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


class Role(enum.StrEnum):
    USER = "user"
    CONTRIBUTOR = "contributor"
    ADMIN = "admin"
    SUPERUSER = "superuser"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANKS = {Role.USER: 0, Role.CONTRIBUTOR: 1, Role.ADMIN: 2, Role.SUPERUSER: 3}


@dataclass(frozen=True, slots=True)
class User:
    id: UUID
    email: str
    display_name: str
    role: Role
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None = None


class AuthMethod(enum.StrEnum):
    SESSION = "session"
    TOKEN = "token"  # noqa: S105 - a method name, not a secret


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request acts as, and how it proved it."""

    user: User
    method: AuthMethod
    session_id: UUID | None = None
    csrf_token: str | None = None
    token_id: UUID | None = None

    @property
    def id(self) -> UUID:
        return self.user.id

    @property
    def role(self) -> Role:
        return self.user.role


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding space."""
    return email.strip().lower()
