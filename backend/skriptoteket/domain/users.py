"""Users, roles and the principal a request acts as."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from .errors import FieldError, InvalidInput


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
    language: Language = "sv"
    # Set with a temporary password from an admin: nothing else may be done until changed.
    must_change_password: bool = False
    is_service: bool = False  # a service account: no password, no sign-in, only tokens

    @property
    def locale(self) -> str:
        """The locale tools get in request.json (`run.locale`)."""
        return LOCALES[self.language]


# The languages of the interface, e-mails and tools' locale: Swedish first, English second.
Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
LOCALES: dict[str, str] = {"sv": "sv-SE", "en": "en-GB"}


class AuthMethod(enum.StrEnum):
    SESSION = "session"
    TOKEN = "token"  # noqa: S105 - a method name, not a secret


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request acts as, and how it proved it."""

    user: User
    method: AuthMethod
    sign_in_session_id: UUID | None = None  # signed in with a cookie: which sign-in session
    csrf_token: str | None = None
    token_id: UUID | None = None
    # A token's scopes (domain/scopes.py); None for a session, which has them all.
    scopes: frozenset[str] | None = None

    @property
    def id(self) -> UUID:
        return self.user.id

    @property
    def role(self) -> Role:
        return self.user.role


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively and without surrounding space."""
    return email.strip().lower()


EMAIL_MAX_LENGTH = 320
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")


def email_problem(email: str, field: str = "email") -> FieldError | None:
    """Why `email` cannot be an address we mail, in Swedish (public forms show it as is)."""
    email = email.strip()
    if len(email) > EMAIL_MAX_LENGTH:
        return FieldError(
            field, "too_long", f"E-postadressen är för lång (högst {EMAIL_MAX_LENGTH} tecken)."
        )
    if not _EMAIL.match(email):
        return FieldError(field, "invalid_email", "Skriv en e-postadress, t.ex. larare@skola.se.")
    return None


def require_email(email: str) -> None:
    problem = email_problem(email)
    if problem is not None:
        raise InvalidInput([problem], "E-postadressen går inte att använda.")


# The password policy: long enough to resist guessing, short enough that hashing stays cheap.
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256


def password_problem(password: str, field: str = "password") -> FieldError | None:
    """Why a new password is not acceptable, or None when it is."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return FieldError(
            field, "password_too_short", f"Use at least {PASSWORD_MIN_LENGTH} characters."
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        return FieldError(
            field, "password_too_long", f"Use at most {PASSWORD_MAX_LENGTH} characters."
        )
    return None


def may_assign(actor: Role, role: Role) -> bool:
    """Admins manage users and contributors; only a superuser grants admin or superuser."""
    if role.at_least(Role.ADMIN):
        return actor is Role.SUPERUSER
    return actor.at_least(Role.ADMIN)
