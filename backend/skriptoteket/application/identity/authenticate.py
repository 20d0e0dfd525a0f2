"""Resolve a session cookie or a bearer token to the principal a request acts as."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from skriptoteket.domain.errors import Unauthenticated
from skriptoteket.domain.scopes import Scope, service_role
from skriptoteket.domain.users import AuthMethod, Principal
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import Credentials

# Writing last_seen_at on every request would make every read a write; a minute of
# precision is plenty for idle expiry.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class SignInSessionPolicy:
    idle_timeout: timedelta
    absolute_timeout: timedelta
    token_max_lifetime: timedelta  # also caps tokens created before the cap existed


class Authenticate:
    """Built once per process: every check is a statement or two of `Credentials`, without a
    unit of work (an expired session is deleted, a session touched, a token's use counted,
    each complete in itself)."""

    def __init__(
        self,
        credentials: Credentials,
        clock: Clock,
        policy: SignInSessionPolicy,
        hash_secret: Callable[[str], bytes],
    ) -> None:
        self._credentials = credentials
        self._clock = clock
        self._policy = policy
        self._hash = hash_secret

    async def by_session(self, secret: str) -> Principal:
        now = self._clock.now()
        found = await self._credentials.session_with_user(self._hash(secret))
        if found is None:
            raise Unauthenticated("Your session has ended. Sign in again.")
        stored, user = found
        expired = (
            now - stored.last_seen_at > self._policy.idle_timeout
            or now - stored.created_at > self._policy.absolute_timeout
        )
        if expired or not user.is_active:
            await self._credentials.end_session(stored.id)
            raise Unauthenticated("Your session has ended. Sign in again.")
        if now - stored.last_seen_at > TOUCH_EVERY:
            await self._credentials.touch_session(stored.id, now)
        return Principal(
            user=user,
            method=AuthMethod.SESSION,
            sign_in_session_id=stored.id,
            csrf_token=stored.csrf_token,
        )

    async def by_token(self, secret: str) -> Principal:
        now = self._clock.now()
        found = await self._credentials.token_with_user(self._hash(secret))
        if found is None:
            raise Unauthenticated("The access token is not valid.")
        token, user = found
        if (
            token.revoked_at is not None
            or (token.expires_at is not None and token.expires_at <= now)
            or token.created_at + self._policy.token_max_lifetime <= now
            or not user.is_active
        ):
            raise Unauthenticated("The access token is not valid.")
        # Every valid use is counted (integrators see per-token request counts), in memory and
        # written in batches (infrastructure/db/token_uses.py); never with a cookie.
        await self._credentials.count_token_use(token.id, now)
        if user.is_service:
            user = replace(user, role=service_role(frozenset(Scope(s) for s in token.scopes)))
        return Principal(user=user, method=AuthMethod.TOKEN, token_id=token.id, scopes=token.scopes)
