"""In-memory fakes of the identity ports: accounts, sign-in sessions, access tokens, login
attempts, the audit log and the password hasher."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from skriptoteket.domain.errors import Conflict, NotFound
from skriptoteket.domain.users import Language, Role, User
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    AuditEvent,
    AuditFilter,
    AuditLog,
    Credentials,
    KnownDevices,
    LoginAttempts,
    PasswordHasher,
    SignInSession,
    SignInSessionRepository,
    StoredToken,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork

from .database import FakeClock, FakeDatabase, FakeUnitOfWork


class FakeUsers:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def get(self, user_id: UUID) -> User | None:
        return self.db.users.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        return next((u for u in self.db.users.values() if u.email == email), None)

    async def password_hash(self, user_id: UUID) -> str | None:
        return self.db.password_hashes.get(user_id)

    async def add(self, user: User, password_hash: str) -> None:
        if await self.get_by_email(user.email) is not None:
            raise Conflict("A user with this email already exists.", code="email_taken")
        self.db.users[user.id] = user
        self.db.password_hashes[user.id] = password_hash

    async def set_password_hash(
        self, user_id: UUID, password_hash: str, *, temporary: bool = False
    ) -> None:
        self.db.password_hashes[user_id] = password_hash
        user = self.db.users.get(user_id)
        if user is not None:
            self.db.users[user_id] = replace(user, must_change_password=temporary)

    async def update(
        self,
        user_id: UUID,
        *,
        role: Role | None = None,
        is_active: bool | None = None,
        display_name: str | None = None,
        last_login_at: datetime | None = None,
        language: Language | None = None,
    ) -> User:
        user = self.db.users.get(user_id)
        if user is None:
            raise NotFound("No such user.")
        user = replace(
            user,
            role=role if role is not None else user.role,
            is_active=is_active if is_active is not None else user.is_active,
            display_name=display_name if display_name is not None else user.display_name,
            last_login_at=last_login_at if last_login_at is not None else user.last_login_at,
            language=language if language is not None else user.language,
        )
        self.db.users[user_id] = user
        return user

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
        found = sorted(
            (
                u
                for u in self.db.users.values()
                if u.is_service is is_service
                and (not q or q.lower() in u.email or q.lower() in u.display_name.lower())
                and (role is None or u.role is role)
                and (is_active is None or u.is_active is is_active)
            ),
            key=lambda u: u.email,
        )
        return found[offset : offset + limit], len(found)


class FakeSignInSessions:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def add(
        self, session: SignInSession, secret_hash: bytes, ip: str | None, user_agent: str | None
    ) -> None:
        self.db.sign_in_sessions[secret_hash] = session

    async def find(self, secret_hash: bytes) -> SignInSession | None:
        return self.db.sign_in_sessions.get(secret_hash)

    async def delete(self, session_id: UUID) -> None:
        self.db.sign_in_sessions = {
            k: s for k, s in self.db.sign_in_sessions.items() if s.id != session_id
        }

    async def delete_for_user(self, user_id: UUID, *, keep: UUID | None = None) -> int:
        before = len(self.db.sign_in_sessions)
        self.db.sign_in_sessions = {
            k: s
            for k, s in self.db.sign_in_sessions.items()
            if s.user_id != user_id or s.id == keep
        }
        return before - len(self.db.sign_in_sessions)


class FakeTokens:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def add(self, token: StoredToken, secret_hash: bytes) -> None:
        self.db.tokens[secret_hash] = token

    async def find(self, secret_hash: bytes) -> StoredToken | None:
        return self.db.tokens.get(secret_hash)

    async def list_for_user(self, user_id: UUID) -> list[StoredToken]:
        mine = [t for t in self.db.tokens.values() if t.user_id == user_id]
        return sorted(mine, key=lambda t: t.created_at, reverse=True)

    async def get(self, token_id: UUID) -> StoredToken | None:
        return next((t for t in self.db.tokens.values() if t.id == token_id), None)

    async def revoke(self, token_id: UUID, at: datetime) -> None:
        self._change(
            lambda t: t.id == token_id and t.revoked_at is None,
            lambda t: replace(t, revoked_at=at),
        )

    async def revoke_for_user(self, user_id: UUID, at: datetime) -> int:
        return self._change(
            lambda t: t.user_id == user_id and t.revoked_at is None,
            lambda t: replace(t, revoked_at=at),
        )

    def _change(
        self, which: Callable[[StoredToken], bool], how: Callable[[StoredToken], StoredToken]
    ) -> int:
        changed = 0
        for key, token in self.db.tokens.items():
            if which(token):
                self.db.tokens[key] = how(token)
                changed += 1
        return changed


class FakeAuditLog:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    def actions(self) -> list[str]:
        return [e.action for e in self.db.audit]

    async def append(self, event: AuditEvent) -> None:
        self.db.audit.append(event)

    async def list(
        self, where: AuditFilter, *, limit: int, offset: int
    ) -> tuple[list[AuditEvent], int]:
        found = [
            e
            for e in sorted(self.db.audit, key=lambda e: e.at, reverse=True)
            if (where.action is None or e.action == where.action)
            and (where.action_prefix is None or e.action.startswith(where.action_prefix))
            and (where.actor_id is None or e.actor_id == where.actor_id)
            and (where.subject_type is None or e.subject_type == where.subject_type)
            and (where.subject_id is None or e.subject_id == where.subject_id)
            and (where.since is None or e.at >= where.since)
            and (where.until is None or e.at < where.until)
        ]
        return found[offset : offset + limit], len(found)


class FakeLoginAttempts:
    """Failures as (ip, email, client, at)."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def lock_email(self, email: str) -> None:
        """One coroutine at a time in unit tests: nothing to serialize."""

    async def add_failure(self, *, ip: str, email: str, client: str, at: datetime) -> None:
        self.db.attempts.append((ip, email, client, at))

    async def failures_since(
        self, *, since: datetime, limit: int, email: str, client: str
    ) -> list[datetime]:
        found = [a[3] for a in self.db.attempts if a[3] > since and a[1:3] == (email, client)]
        return sorted(found, reverse=True)[:limit]

    async def clear(self, email: str, *, client: str | None = None) -> int:
        kept = [a for a in self.db.attempts if a[1] != email or client not in (None, a[2])]
        cleared = len(self.db.attempts) - len(kept)
        self.db.attempts = kept
        return cleared

    async def prune(self, before: datetime) -> None:
        self.db.attempts = [a for a in self.db.attempts if a[3] > before]


class FakeKnownDevices:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def owner(self, device_hash: bytes) -> UUID | None:
        return self.db.devices.get(device_hash)

    async def add(self, device_hash: bytes, user_id: UUID, at: datetime) -> None:
        self.db.devices[device_hash] = user_id


class FakeHasher:
    """`fake:<cost>:<password>`; hashes of another cost need a rehash."""

    def __init__(self, cost: int = 1) -> None:
        self.cost = cost
        self.dummy_checks = 0
        self.checks = 0

    async def hash(self, password: str) -> str:
        return f"fake:{self.cost}:{password}"

    async def verify(self, password_hash: str, password: str) -> bool:
        self.checks += 1
        _, _, stored = password_hash.split(":", 2)
        return stored == password

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash.split(":", 2)[1] != str(self.cost)

    async def verify_dummy(self, password: str) -> None:
        self.dummy_checks += 1


class FakeCredentials:
    """Every request's authentication over the same memory; its writes take effect at once,
    outside any unit of work, as the real one's autocommit statements do."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def session_with_user(self, secret_hash: bytes) -> tuple[SignInSession, User] | None:
        session = self.db.sign_in_sessions.get(secret_hash)
        user = self.db.users.get(session.user_id) if session else None
        return (session, user) if session and user else None

    async def touch_session(self, session_id: UUID, at: datetime) -> None:
        for key, s in self.db.sign_in_sessions.items():
            if s.id == session_id:
                self.db.sign_in_sessions[key] = replace(s, last_seen_at=at)

    async def end_session(self, session_id: UUID) -> None:
        await FakeSignInSessions(self.db).delete(session_id)

    async def token_with_user(self, secret_hash: bytes) -> tuple[StoredToken, User] | None:
        token = self.db.tokens.get(secret_hash)
        user = self.db.users.get(token.user_id) if token else None
        return (token, user) if token and user else None

    async def count_token_use(self, token_id: UUID, at: datetime) -> None:
        for key, t in self.db.tokens.items():
            if t.id == token_id:
                self.db.tokens[key] = replace(t, last_used_at=at, request_count=t.request_count + 1)


def _fakes_implement_the_ports(db: FakeDatabase) -> None:
    """Never called: mypy checks here that each fake satisfies its Protocol."""
    uow: UnitOfWork = FakeUnitOfWork(db)
    users: UserRepository = FakeUsers(db)
    sign_in_sessions: SignInSessionRepository = FakeSignInSessions(db)
    tokens: TokenRepository = FakeTokens(db)
    credentials: Credentials = FakeCredentials(db)
    audit: AuditLog = FakeAuditLog(db)
    attempts: LoginAttempts = FakeLoginAttempts(db)
    devices: KnownDevices = FakeKnownDevices(db)
    hasher: PasswordHasher = FakeHasher()
    clock: Clock = FakeClock()
    del uow, users, sign_in_sessions, tokens, credentials, audit, attempts, devices, hasher, clock
