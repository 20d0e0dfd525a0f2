"""Admin user management: create, list, read, and change role, activation or name.

Admins manage users and contributors; only a superuser creates or changes admins and
superusers. Deactivating a user ends their sessions and revokes their tokens in the same
transaction, so their next request is refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.users import (
    Principal,
    Role,
    User,
    may_assign,
    normalize_email,
    password_problem,
)
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    LoginAttempts,
    PasswordHasher,
    SignInSessionRepository,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork


def require_admin(actor: Principal) -> None:
    if not actor.role.at_least(Role.ADMIN):
        raise Forbidden(f"This needs the {Role.ADMIN.value} role.")


@dataclass(frozen=True, slots=True)
class NewUser:
    email: str
    display_name: str
    role: Role
    password: str


class CreateUser:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        hasher: PasswordHasher,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._hasher = hasher
        self._audit = audit
        self._clock = clock

    async def __call__(self, actor: Principal, new: NewUser, client: ClientInfo) -> User:
        require_admin(actor)
        if not may_assign(actor.role, new.role):
            raise Forbidden(f"Only a superuser may create a user with the {new.role.value} role.")
        problem = password_problem(new.password)
        if problem is not None:
            raise InvalidInput([problem])
        user = User(
            id=uuid.uuid4(),
            email=normalize_email(new.email),
            display_name=visible_name(new.display_name),
            role=new.role,
            is_active=True,
            created_at=self._clock.now(),
        )
        password_hash = await self._hasher.hash(new.password)
        async with self._uow:
            if await self._users.get_by_email(user.email) is not None:
                raise Conflict("A user with this email already exists.", code="email_taken")
            await self._users.add(user, password_hash)
            await self._audit.record(
                "user.created",
                actor=actor,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={"email": user.email, "role": user.role.value},
            )
            await self._uow.commit()
        return user


@dataclass(frozen=True, slots=True)
class UserPage:
    items: list[User]
    total: int


class ListUsers:
    def __init__(self, uow: UnitOfWork, users: UserRepository) -> None:
        self._uow = uow
        self._users = users

    async def __call__(
        self,
        actor: Principal,
        *,
        q: str | None = None,
        role: Role | None = None,
        is_active: bool | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> UserPage:
        require_admin(actor)
        async with self._uow:
            items, total = await self._users.search(
                q=q, role=role, is_active=is_active, limit=limit, offset=offset
            )
        return UserPage(items, total)


class GetUser:
    def __init__(self, uow: UnitOfWork, users: UserRepository) -> None:
        self._uow = uow
        self._users = users

    async def __call__(self, actor: Principal, user_id: UUID) -> User:
        require_admin(actor)
        async with self._uow:
            user = await self._users.get(user_id)
        if user is None:
            raise NotFound("No such user.")
        return user


@dataclass(frozen=True, slots=True)
class UserChanges:
    """None means: leave as is."""

    role: Role | None = None
    is_active: bool | None = None
    display_name: str | None = None


class UpdateUser:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        sessions: SignInSessionRepository,
        tokens: TokenRepository,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._sessions = sessions
        self._tokens = tokens
        self._audit = audit
        self._clock = clock

    async def __call__(
        self, actor: Principal, user_id: UUID, changes: UserChanges, client: ClientInfo
    ) -> User:
        require_admin(actor)
        async with self._uow:
            before = await self._users.get(user_id)
            if before is None:
                raise NotFound("No such user.")
            self._check_allowed(actor, before, changes)
            after = await self._users.update(
                user_id,
                role=changes.role,
                is_active=changes.is_active,
                display_name=visible_name(changes.display_name) if changes.display_name else None,
            )
            await self._record(actor, before, after, client)
            await self._uow.commit()
        return after

    @staticmethod
    def _check_allowed(actor: Principal, target: User, changes: UserChanges) -> None:
        changes_access = (changes.role is not None and changes.role is not target.role) or (
            changes.is_active is not None and changes.is_active is not target.is_active
        )
        if actor.id == target.id:
            if changes_access:
                # Locking yourself out (or promoting yourself) is never what an admin meant.
                raise Forbidden(
                    "You cannot change your own role or activation.", code="own_account"
                )
            return
        # Nothing of a user at or above the actor's rank (not even the name): only a superuser.
        if not may_assign(actor.role, target.role):
            raise Forbidden(
                f"Only a superuser may change a user with the {target.role.value} role."
            )
        if changes.role is not None and not may_assign(actor.role, changes.role):
            raise Forbidden(f"Only a superuser may grant the {changes.role.value} role.")

    async def _record(
        self, actor: Principal, before: User, after: User, client: ClientInfo
    ) -> None:
        async def record(action: str, details: dict[str, object]) -> None:
            await self._audit.record(
                action,
                actor=actor,
                subject_type="user",
                subject_id=after.id,
                client=client,
                details=details,
            )

        if before.role is not after.role:
            await record("user.role_changed", {"from": before.role.value, "to": after.role.value})
        if before.is_active and not after.is_active:
            sessions = await self._sessions.delete_for_user(after.id)
            tokens = await self._tokens.revoke_for_user(after.id, self._clock.now())
            await record("user.deactivated", {"sessions_ended": sessions, "tokens_revoked": tokens})
        elif not before.is_active and after.is_active:
            await record("user.activated", {})
        if before.display_name != after.display_name:
            await record("user.renamed", {"from": before.display_name, "to": after.display_name})


class UnlockAccount:
    """Clear an account's failed logins, so every client may try at once again."""

    def __init__(
        self, uow: UnitOfWork, users: UserRepository, attempts: LoginAttempts, audit: Audit
    ) -> None:
        self._uow = uow
        self._users = users
        self._attempts = attempts
        self._audit = audit

    async def __call__(self, actor: Principal, user_id: UUID, client: ClientInfo) -> int:
        """Returns how many failures were forgotten."""
        require_admin(actor)
        async with self._uow:
            user = await self._users.get(user_id)
            if user is None:
                raise NotFound("No such user.")
            cleared = await self._attempts.clear(user.email)
            await self._audit.record(
                "user.unlocked",
                actor=actor,
                subject_type="user",
                subject_id=user.id,
                client=client,
                details={"failures_cleared": cleared},
            )
            await self._uow.commit()
        return cleared
