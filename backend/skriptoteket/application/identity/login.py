"""Sign in with email and password: a new server-side session, or a refusal that reveals
nothing about which accounts exist.

Throttling is keyed on (account, client), never on the account alone or the IP alone, so
nobody can lock someone else out:
- the client is the browser's device cookie when that device has signed in to this account
  before, otherwise the client's IP (so without the cookie the count is per (IP, email));
- after `max_failures` failures of one (email, client) within `window`, that client must wait
  before each further try, the wait doubling with every failure up to `max_delay` (429 with
  Retry-After): a slowdown, never a hard lock;
- a client that has not failed is never slowed: the right password from the teacher's own
  browser works while a pupil guesses at the same account from the same school address.
Unknown emails are throttled exactly like known ones. Logins for one email are serialized
(`lock_email`) so parallel guesses cannot outrun the delay. An admin can clear an account's
failures (users.UnlockAccount).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import RateLimited, Unauthenticated
from skriptoteket.domain.users import User, normalize_email
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    KnownDevices,
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
    max_failures: int  # failures of one (email, client) before the delays begin
    max_delay: timedelta  # the longest wait between tries
    window: timedelta  # how long a failure is remembered


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session_secret: str  # the cookie value; only its hash is stored
    csrf_token: str
    # A new device cookie for this browser (password sign-in, when it had none).
    device_secret: str | None = None


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


def delay_after(failures: int, policy: LoginPolicy) -> timedelta:
    """How long a client must wait after its latest failure before it may try again."""
    if failures < policy.max_failures:
        return timedelta(0)
    doubled = timedelta(seconds=2 ** min(failures - policy.max_failures, 30))
    return min(doubled, policy.max_delay)


class Login:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        sessions: SignInSessionRepository,
        attempts: LoginAttempts,
        devices: KnownDevices,
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
        self._devices = devices
        self._hasher = hasher
        self._audit = audit
        self._clock = clock
        self._policy = policy
        self._secrets = secrets

    async def __call__(
        self, email: str, password: str, client: ClientInfo, device: str | None = None
    ) -> SignedIn:
        now = self._clock.now()
        email = normalize_email(email)
        ip = client.ip or "unknown"
        async with self._uow:
            await self._attempts.lock_email(email)
            # Old failures count for nothing; dropping them keeps the table small.
            await self._attempts.prune(now - self._policy.window)
            user = await self._users.get_by_email(email)
            known_device = await self._known_device(user, device)
            client_key = f"device:{known_device.hex()[:32]}" if known_device else f"ip:{ip}"
            await self._refuse_when_throttled(now, email, client_key)
            password_hash = await self._verified_hash(user, password)
            if user is None or password_hash is None:
                await self._attempts.add_failure(ip=ip, email=email, client=client_key, at=now)
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
                await self._users.set_password_hash(
                    user.id,
                    await self._hasher.hash(password),
                    temporary=user.must_change_password,
                )
            await self._attempts.clear(email, client=client_key)
            user = await self._users.update(user.id, last_login_at=now)
            new_device = None
            if known_device is None:
                new_device = self._secrets.new()
                await self._devices.add(self._secrets.hash(new_device), user.id, now)
            signed_in = await open_session(self._sessions, self._secrets, user, client, now)
            await self._audit.record(
                "login.succeeded",
                actor=user.id,
                subject_type="user",
                subject_id=user.id,
                client=client,
            )
            await self._uow.commit()
        return replace(signed_in, device_secret=new_device)

    async def _known_device(self, user: User | None, device: str | None) -> bytes | None:
        """The device cookie's hash when it was issued to this account, else None (a made-up
        or foreign cookie counts as no cookie: the client is then its IP)."""
        if user is None or not device:
            return None
        device_hash = self._secrets.hash(device)
        owner = await self._devices.owner(device_hash)
        return device_hash if owner == user.id else None

    async def _verified_hash(self, user: User | None, password: str) -> str | None:
        """The stored hash when `password` is right for an active user, else None; one
        argon2 verification either way, so an unknown email costs what a known one does."""
        stored = await self._users.password_hash(user.id) if user else None
        if user is None or stored is None:
            await self._hasher.verify_dummy(password)
            return None
        right = await self._hasher.verify(stored, password)
        return stored if right and user.is_active else None

    async def _refuse_when_throttled(self, now: datetime, email: str, client_key: str) -> None:
        policy = self._policy
        failures = await self._attempts.failures_since(
            since=now - policy.window, limit=64, email=email, client=client_key
        )
        if not failures:
            return
        wait_until = failures[0] + delay_after(len(failures), policy)
        if wait_until > now:
            raise RateLimited(
                _seconds_until(now, wait_until),
                "För många misslyckade inloggningar härifrån. Vänta en stund och försök igen.",
            )


def _seconds_until(now: datetime, then: datetime) -> int:
    return max(1, int((then - now).total_seconds() + 0.999))
