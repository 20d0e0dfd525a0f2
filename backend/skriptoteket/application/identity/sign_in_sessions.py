"""Ending a session, and changing the password (which ends every other session and, unless
asked to keep them, revokes the user's access tokens)."""

from __future__ import annotations

from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import FieldError, Forbidden, InvalidInput
from skriptoteket.domain.users import AuthMethod, Principal, password_problem
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    PasswordHasher,
    SignInSessionRepository,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork


def require_sign_in_session(principal: Principal) -> UUID:
    """Some acts need a signed-in browser session, not an access token; returns its id."""
    if principal.method is not AuthMethod.SESSION or principal.sign_in_session_id is None:
        raise Forbidden(
            "This needs a signed-in session, not an access token.", code="session_required"
        )
    return principal.sign_in_session_id


class Logout:
    def __init__(self, uow: UnitOfWork, sessions: SignInSessionRepository, audit: Audit) -> None:
        self._uow = uow
        self._sessions = sessions
        self._audit = audit

    async def __call__(self, principal: Principal, client: ClientInfo) -> None:
        session_id = require_sign_in_session(principal)
        async with self._uow:
            await self._sessions.delete(session_id)
            await self._audit.record(
                "logout",
                actor=principal,
                subject_type="user",
                subject_id=principal.id,
                client=client,
            )
            await self._uow.commit()


class ChangePassword:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        sessions: SignInSessionRepository,
        tokens: TokenRepository,
        hasher: PasswordHasher,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._sessions = sessions
        self._tokens = tokens
        self._hasher = hasher
        self._audit = audit
        self._clock = clock

    async def __call__(
        self,
        principal: Principal,
        current_password: str,
        new_password: str,
        client: ClientInfo,
        *,
        keep_tokens: bool = False,
    ) -> int:
        """Returns how many other sessions were ended."""
        require_sign_in_session(principal)
        problem = password_problem(new_password, "new_password")
        if problem is not None:
            raise InvalidInput([problem])
        async with self._uow:
            current_hash = await self._users.password_hash(principal.id)
            if current_hash is None or not await self._hasher.verify(
                current_hash, current_password
            ):
                raise InvalidInput(
                    [FieldError("current_password", "wrong_password", "This is not your password.")]
                )
            await self._users.set_password_hash(principal.id, await self._hasher.hash(new_password))
            ended = await self._sessions.delete_for_user(
                principal.id, keep=principal.sign_in_session_id
            )
            revoked = (
                0
                if keep_tokens
                else await self._tokens.revoke_for_user(principal.id, self._clock.now())
            )
            await self._audit.record(
                "password.changed",
                actor=principal,
                subject_type="user",
                subject_id=principal.id,
                client=client,
                details={"sessions_ended": ended, "tokens_revoked": revoked},
            )
            await self._uow.commit()
        return ended
