"""Personal access tokens: created from a session, shown once, stored hashed, revocable,
and never living longer than `max_lifetime` (SKRIPTOTEKET_TOKEN_MAX_DAYS)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import FieldError, InvalidInput, NotFound
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.scopes import parse_scopes
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import StoredToken, TokenRepository
from skriptoteket.protocols.uow import UnitOfWork

from .login import SecretScheme
from .sign_in_sessions import require_sign_in_session

# Recognisable in logs and secret scanners; the stored prefix lets a user tell tokens apart.
TOKEN_PREFIX = "skt_"  # noqa: S105 - a label, not a secret
SHOWN_PREFIX_CHARS = 12


@dataclass(frozen=True, slots=True)
class CreatedToken:
    token: StoredToken
    secret: str


class CreateToken:
    def __init__(
        self,
        uow: UnitOfWork,
        tokens: TokenRepository,
        audit: Audit,
        clock: Clock,
        secrets: SecretScheme,
        max_lifetime: timedelta,
    ) -> None:
        self._uow = uow
        self._tokens = tokens
        self._audit = audit
        self._clock = clock
        self._secrets = secrets
        self._max_lifetime = max_lifetime

    async def __call__(
        self,
        principal: Principal,
        name: str,
        expires_at: datetime | None,
        client: ClientInfo,
        scopes: Iterable[str] | None = None,
        owner_id: UUID | None = None,
    ) -> CreatedToken:
        """A token for the caller, or (owner_id, checked by the caller) for a service
        account. Only from a sign-in session: a token never mints another."""
        require_sign_in_session(principal)
        granted = parse_scopes(scopes)
        now = self._clock.now()
        if expires_at is not None and expires_at <= now:
            raise InvalidInput(
                [FieldError("expires_at", "in_the_past", "The expiry must be in the future.")]
            )
        latest = now + self._max_lifetime
        if expires_at is None:
            expires_at = latest
        elif expires_at > latest:
            raise InvalidInput(
                [
                    FieldError(
                        "expires_at",
                        "too_far",
                        f"En token får gälla i högst {self._max_lifetime.days} dagar.",
                    )
                ]
            )
        secret = TOKEN_PREFIX + self._secrets.new()
        token = StoredToken(
            id=uuid.uuid4(),
            user_id=owner_id or principal.id,
            name=visible_name(name),
            prefix=secret[:SHOWN_PREFIX_CHARS],
            created_at=now,
            expires_at=expires_at,
            last_used_at=None,
            revoked_at=None,
            scopes=frozenset(s.value for s in granted),
        )
        async with self._uow:
            await self._tokens.add(token, self._secrets.hash(secret))
            await self._audit.record(
                "token.created",
                actor=principal,
                subject_type="access_token",
                subject_id=token.id,
                client=client,
                details={
                    "name": token.name,
                    "expires_at": _iso(expires_at),
                    "scopes": sorted(token.scopes),
                    "owner_id": str(token.user_id),
                },
            )
            await self._uow.commit()
        return CreatedToken(token, secret)


class ListTokens:
    def __init__(self, uow: UnitOfWork, tokens: TokenRepository) -> None:
        self._uow = uow
        self._tokens = tokens

    async def __call__(self, principal: Principal) -> list[StoredToken]:
        async with self._uow:
            return await self._tokens.list_for_user(principal.id)


class RevokeToken:
    def __init__(
        self, uow: UnitOfWork, tokens: TokenRepository, audit: Audit, clock: Clock
    ) -> None:
        self._uow = uow
        self._tokens = tokens
        self._audit = audit
        self._clock = clock

    async def __call__(self, principal: Principal, token_id: UUID, client: ClientInfo) -> None:
        """Revoking twice is fine; someone else's token does not exist for you (404)."""
        async with self._uow:
            token = await self._tokens.get(token_id)
            if token is None or token.user_id != principal.id:
                raise NotFound("No such access token.")
            if token.revoked_at is not None:
                return
            await self._tokens.revoke(token_id, self._clock.now())
            await self._audit.record(
                "token.revoked",
                actor=principal,
                subject_type="access_token",
                subject_id=token_id,
                client=client,
                details={"name": token.name},
            )
            await self._uow.commit()


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None
