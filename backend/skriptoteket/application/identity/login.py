"""Sign in with email and password: a new server-side session, or a refusal that reveals
nothing about which accounts exist.

Failed attempts are recorded per client IP and per email (known or not). An email with
`max_failures` failures within `lockout` is locked, so even the right password is refused
(429) until the oldest of those failures is `lockout` old; an IP with `ip_max_attempts`
failures within `ip_window` is throttled the same way. Logins for one email are serialized
(`lock_email`) so parallel guesses cannot outrun the lockout; logins from one IP are not
(a whole school may share one address), so the IP limit is approximate under concurrency.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import RateLimited, Unauthenticated
from skriptoteket.domain.users import User, normalize_email
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    LoginAttempts,
    PasswordHasher,
    SignInSession,
    SignInSessionRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork

INVALID_CREDENTIALS = "invalid_credentials"


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    max_failures: int
    lockout: timedelta
    ip_max_attempts: int
    ip_window: timedelta


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session_secret: str  # the cookie value; only its hash is stored
    csrf_token: str


@dataclass(frozen=True, slots=True)
class SecretScheme:
    """How new secrets are made and stored (infrastructure.security.secrets in production)."""

    new: Callable[[], str]
    hash: Callable[[str], bytes]


async def open_session(
    sessions: SignInSessionRepository,
    secrets: SecretScheme,
    user: User,
    client: ClientInfo,
    now: datetime,
) -> SignedIn:
    """A new sign-in session of `user` (stored by the hash of its cookie secret); what every
    way of signing in (password, single sign-on) ends with."""
    secret, csrf = secrets.new(), secrets.new()
    await sessions.add(
        SignInSession(
            id=uuid.uuid4(), user_id=user.id, csrf_token=csrf, created_at=now, last_seen_at=now
        ),
        secrets.hash(secret),
        client.ip,
        client.user_agent,
    )
    return SignedIn(user=user, session_secret=secret, csrf_token=csrf)


class Login:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        sessions: SignInSessionRepository,
        attempts: LoginAttempts,
        hasher: PasswordHasher,
        audit: Audit,
        clock: Clock,
        policy: LoginPolicy,
        secrets: SecretScheme,
    ) -> None:
        self._uow = uow
        self._users = users
        self._sessions = sessions
        self._attempts = attempts
        self._hasher = hasher
        self._audit = audit
        self._clock = clock
        self._policy = policy
        self._secrets = secrets

    async def __call__(self, email: str, password: str, client: ClientInfo) -> SignedIn:
        now = self._clock.now()
        email = normalize_email(email)
        ip = client.ip or "unknown"
        async with self._uow:
            await self._attempts.lock_email(email)
            await self._refuse_when_throttled(now, ip, email)
            user = await self._users.get_by_email(email)
            password_hash = await self._verified_hash(user, password)
            if user is None or password_hash is None:
                await self._attempts.add_failure(ip=ip, email=email, at=now)
                await self._audit.record(
                    "login.failed",
                    actor=None,  # nobody proved who they are
                    subject_type="user" if user else None,
                    subject_id=user.id if user else None,
                    client=client,
                    details={"email": email[:320]},
                )
                await self._uow.commit()
                raise Unauthenticated("The email or password is wrong.", code=INVALID_CREDENTIALS)
            if self._hasher.needs_rehash(password_hash):
                await self._users.set_password_hash(user.id, await self._hasher.hash(password))
            await self._attempts.clear_email(email)
            user = await self._users.update(user.id, last_login_at=now)
            signed_in = await open_session(self._sessions, self._secrets, user, client, now)
            await self._audit.record(
                "login.succeeded",
                actor=user.id,
                subject_type="user",
                subject_id=user.id,
                client=client,
            )
            await self._uow.commit()
        return signed_in

    async def _verified_hash(self, user: User | None, password: str) -> str | None:
        """The stored hash when `password` is right for an active user, else None; one
        argon2 verification either way, so an unknown email costs what a known one does."""
        stored = await self._users.password_hash(user.id) if user else None
        if user is None or stored is None:
            await self._hasher.verify_dummy(password)
            return None
        right = await self._hasher.verify(stored, password)
        return stored if right and user.is_active else None

    async def _refuse_when_throttled(self, now: datetime, ip: str, email: str) -> None:
        policy = self._policy
        # Old attempts count for nothing; dropping them keeps the table small.
        await self._attempts.prune(now - max(policy.lockout, policy.ip_window))
        by_email = await self._attempts.failures_since(
            since=now - policy.lockout, limit=policy.max_failures, email=email
        )
        if len(by_email) >= policy.max_failures:
            unlocks = by_email[policy.max_failures - 1] + policy.lockout
            raise RateLimited(
                _seconds_until(now, unlocks),
                "Too many failed sign-ins for this account. Try again later.",
            )
        by_ip = await self._attempts.failures_since(
            since=now - policy.ip_window, limit=policy.ip_max_attempts, ip=ip
        )
        if len(by_ip) >= policy.ip_max_attempts:
            frees = by_ip[policy.ip_max_attempts - 1] + policy.ip_window
            raise RateLimited(
                _seconds_until(now, frees), "Too many failed sign-ins from here. Try again later."
            )


def _seconds_until(now: datetime, then: datetime) -> int:
    return max(1, int((then - now).total_seconds() + 0.999))
