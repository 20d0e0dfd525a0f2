"""What users do to their own account and admins hand out: the profile (display name,
language) and an admin's one-time temporary password."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import Forbidden, NotFound
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.users import Language, Principal, User, may_assign
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    LoginAttempts,
    PasswordHasher,
    SignInSessionRepository,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork

from .users import require_admin

# Read aloud or typed from a note: no look-alike characters (0/O, 1/l/I).
_TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_PASSWORD_LENGTH = 14


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    display_name: str | None = None
    language: Language | None = None


@dataclass(frozen=True, slots=True)
class UpdateProfile:
    uow: UnitOfWork
    users: UserRepository
    audit: Audit

    async def __call__(
        self, principal: Principal, changes: ProfileChanges, client: ClientInfo
    ) -> User:
        async with self.uow:
            after = await self.users.update(
                principal.id,
                display_name=visible_name(changes.display_name) if changes.display_name else None,
                language=changes.language,
            )
            await self.audit.record(
                "user.profile_updated",
                actor=principal,
                subject_type="user",
                subject_id=principal.id,
                client=client,
                details={
                    k: v
                    for k, v in (
                        ("display_name", changes.display_name),
                        ("language", changes.language),
                    )
                    if v is not None
                },
            )
            await self.uow.commit()
        return after


@dataclass(frozen=True, slots=True)
class SetTemporaryPassword:
    """An admin hands a user a one-time password (read out, on a note): the user must choose
    their own at the next sign-in, and the API refuses anything else until then. The user's
    sessions end and their tokens are revoked, as with a reset."""

    uow: UnitOfWork
    users: UserRepository
    sessions: SignInSessionRepository
    tokens: TokenRepository
    attempts: LoginAttempts
    hasher: PasswordHasher
    audit: Audit
    clock: Clock

    async def __call__(self, actor: Principal, user_id: UUID, client: ClientInfo) -> str:
        require_admin(actor)
        password = "".join(
            secrets.choice(_TEMPORARY_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH)
        )
        password_hash = await self.hasher.hash(password)
        async with self.uow:
            user = await self.users.get(user_id)
            if user is None:
                raise NotFound("Det finns ingen sådan användare.")
            if actor.id == user.id:
                raise Forbidden("Byt ditt eget lösenord under Mitt konto.", code="own_account")
            if not may_assign(actor.role, user.role):
                raise Forbidden(
                    f"Only a superuser may change a user with the {user.role.value} role."
                )
            await self.users.set_password_hash(user.id, password_hash, temporary=True)
            ended = await self.sessions.delete_for_user(user.id)
            revoked = await self.tokens.revoke_for_user(user.id, self.clock.now())
            await self.attempts.clear(user.email)
            await self.audit.record(
                "password.temporary_set",
                actor=actor,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={"sessions_ended": ended, "tokens_revoked": revoked},
            )
            await self.uow.commit()
        return password
