"""Ports for accounts, sign-in sessions, access tokens and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from skriptoteket.domain.users import Language, Role, User


@dataclass(frozen=True, slots=True)
class SignInSession:
    id: UUID
    user_id: UUID
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True, slots=True)
class StoredToken:
    id: UUID
    user_id: UUID
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    scopes: frozenset[str] = frozenset({"catalog:read"})
    request_count: int = 0  # requests made with it (counted at each use)


class UserRepository(Protocol):
    async def get(self, user_id: UUID) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def password_hash(self, user_id: UUID) -> str | None: ...

    async def add(self, user: User, password_hash: str) -> None: ...

    async def set_password_hash(
        self, user_id: UUID, password_hash: str, *, temporary: bool = False
    ) -> None:
        """`temporary`: an admin's one-time password, to be changed at the next sign-in
        (any other password set clears that)."""
        ...

    async def update(
        self,
        user_id: UUID,
        *,
        role: Role | None = None,
        is_active: bool | None = None,
        display_name: str | None = None,
        last_login_at: datetime | None = None,
        language: Language | None = None,
    ) -> User: ...

    async def search(
        self,
        *,
        q: str | None,
        role: Role | None,
        is_active: bool | None,
        limit: int,
        offset: int,
        is_service: bool = False,
    ) -> tuple[list[User], int]:
        """People, or (is_service) service accounts."""
        ...


class SignInSessionRepository(Protocol):
    """Server-side sign-in sessions, looked up by the hash of the cookie secret."""

    async def add(
        self, session: SignInSession, secret_hash: bytes, ip: str | None, user_agent: str | None
    ) -> None: ...

    async def find(self, secret_hash: bytes) -> SignInSession | None: ...

    async def delete(self, session_id: UUID) -> None: ...

    async def delete_for_user(self, user_id: UUID, *, keep: UUID | None = None) -> int: ...


class TokenRepository(Protocol):
    """Personal access tokens, looked up by the hash of their secret."""

    async def add(self, token: StoredToken, secret_hash: bytes) -> None: ...

    async def find(self, secret_hash: bytes) -> StoredToken | None: ...

    async def list_for_user(self, user_id: UUID) -> list[StoredToken]: ...

    async def get(self, token_id: UUID) -> StoredToken | None: ...

    async def revoke(self, token_id: UUID, at: datetime) -> None: ...

    async def revoke_for_user(self, user_id: UUID, at: datetime) -> int: ...


class Credentials(Protocol):
    """Every request's authentication: each method one read or one write complete in itself
    (no unit of work), so that one checker serves every request of a process."""

    async def session_with_user(self, secret_hash: bytes) -> tuple[SignInSession, User] | None:
        """The sign-in session with this cookie secret's hash, and its user."""
        ...

    async def touch_session(self, session_id: UUID, at: datetime) -> None: ...

    async def end_session(self, session_id: UUID) -> None: ...

    async def token_with_user(self, secret_hash: bytes) -> tuple[StoredToken, User] | None:
        """The access token with this secret's hash, and its user."""
        ...

    async def count_token_use(self, token_id: UUID, at: datetime) -> None:
        """Count one request made with the token, at `at`."""
        ...


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: UUID
    at: datetime
    action: str
    actor_id: UUID | None
    subject_type: str | None
    subject_id: str | None
    ip: str | None
    user_agent: str | None
    details: dict[str, Any]
    actor_name: str | None = None  # filled in when the log is read


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str | None = None
    action_prefix: str | None = None  # "tool." matches tool.created, tool.updated, ...
    actor_id: UUID | None = None
    subject_type: str | None = None
    subject_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class AuditLog(Protocol):
    """Append-only: events are added and read, never changed."""

    async def append(self, event: AuditEvent) -> None: ...

    async def list(
        self, where: AuditFilter, *, limit: int, offset: int
    ) -> tuple[list[AuditEvent], int]: ...


class LoginAttempts(Protocol):
    """Failed logins, kept per email with the client that made them (a known device or an
    IP) for throttling. Unknown emails are recorded exactly like known ones, so throttling
    reveals nothing about which accounts exist."""

    async def lock_email(self, email: str) -> None:
        """Until the transaction ends, other logins for this email wait, so the failures
        they count include this attempt's (parallel guessing cannot outrun the delays)."""
        ...

    async def add_failure(self, *, ip: str, email: str, client: str, at: datetime) -> None: ...

    async def failures_since(
        self, *, since: datetime, limit: int, email: str, client: str
    ) -> list[datetime]:
        """When the newest `limit` failures of (email, client) after `since` happened,
        newest first."""
        ...

    async def clear(self, email: str, *, client: str | None = None) -> int:
        """Forget the email's failures (of one client, or all); returns how many."""
        ...

    async def prune(self, before: datetime) -> None: ...


class PasswordResets(Protocol):
    """One-time password reset links, by the hash of their token."""

    async def add(
        self, token_hash: bytes, user_id: UUID, created_at: datetime, expires_at: datetime
    ) -> None: ...

    async def use(self, token_hash: bytes, at: datetime) -> UUID | None:
        """Mark the link used and return its user, when it is unused and unexpired; else
        None. Atomic: of two concurrent uses, one wins."""
        ...

    async def void_for_user(self, user_id: UUID, at: datetime) -> None: ...

    async def issued_since(self, user_id: UUID, since: datetime) -> int:
        """Links issued to the user after `since` (used or not)."""
        ...


@dataclass(frozen=True, slots=True)
class Invitation:
    """An invitation to an account (or a self-registration, `invited_by` None), by a one-time
    link whose token is stored only as its hash."""

    id: UUID
    email: str
    role: Role
    language: Language
    invited_by: UUID | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None


class InvitationRepository(Protocol):
    async def add(self, invitation: Invitation, token_hash: bytes) -> None: ...

    async def pending(self, at: datetime) -> list[Invitation]:
        """Neither accepted, revoked nor expired at `at`; newest first."""
        ...

    async def revoke(self, invitation_id: UUID, at: datetime) -> Invitation | None:
        """Revoke a pending invitation; None when there is no pending one of that id."""
        ...

    async def revoke_for_email(self, email: str, at: datetime) -> None: ...

    async def take(self, token_hash: bytes, at: datetime) -> Invitation | None:
        """Mark the invitation accepted and return it, when it is pending at `at`; else
        None. Atomic: of two concurrent uses, one wins."""
        ...


class KnownDevices(Protocol):
    """Browsers that signed in to an account, by the hash of their device cookie."""

    async def owner(self, device_hash: bytes) -> UUID | None: ...

    async def add(self, device_hash: bytes, user_id: UUID, at: datetime) -> None: ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...

    async def verify_dummy(self, password: str) -> None:
        """Spend as long as `verify` does, for a login with an unknown email."""
        ...
