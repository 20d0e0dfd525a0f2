"""Ending a session, and changing the password (which ends every other session)."""

from __future__ import annotations

from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import FieldError, Forbidden, InvalidInput
from skriptoteket.domain.users import AuthMethod, Principal, password_problem
from skriptoteket.protocols.identity import PasswordHasher, SignInSessionRepository, UserRepository
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
        hasher: PasswordHasher,
        audit: Audit,
    ) -> None:
        self._uow = uow
        self._users = users
        self._sessions = sessions
        self._hasher = hasher
        self._audit = audit

    async def __call__(
        self, principal: Principal, current_password: str, new_password: str, client: ClientInfo
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
            await self._audit.record(
                "password.changed",
                actor=principal,
                subject_type="user",
                subject_id=principal.id,
                client=client,
                details={"sessions_ended": ended},
            )
            await self._uow.commit()
        return ended
