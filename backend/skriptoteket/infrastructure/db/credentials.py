"""Every request's authentication against PostgreSQL: the sign-in session (or the access token)
with its user, and the small writes that come with it, each one statement on the read pool.

None of these needs a transaction of its own: a session is touched at most once a minute, an
expired one is deleted, a token's use is counted (in memory, `TokenUses`), and each is complete
in itself. So the check
needs no SQLAlchemy session or unit of work, and one `Authenticate` serves the whole process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, bindparam, delete, select, update

from skriptoteket.domain.users import User
from skriptoteket.protocols.identity import SignInSession, StoredToken

from .identity import AccessTokenRow, SignInSessionRow, UserRow, user_from
from .read_pool import ReadPool
from .token_uses import TokenUses

# Plain columns (no ORM objects, never the password hash), the credential joined to its user.
USER_COLUMNS = [c for c in UserRow.__table__.c if c.key != "password_hash"]
SESSION_WITH_USER = (
    select(
        *USER_COLUMNS,
        SignInSessionRow.id.label("session_id"),
        SignInSessionRow.csrf_token.label("session_csrf_token"),
        SignInSessionRow.created_at.label("session_created_at"),
        SignInSessionRow.last_seen_at.label("session_last_seen_at"),
    )
    .select_from(SignInSessionRow.__table__.join(UserRow.__table__))
    .where(SignInSessionRow.secret_hash == bindparam("secret_hash"))
)
TOKEN_WITH_USER = (
    select(
        *USER_COLUMNS,
        *(
            c.label(f"token_{c.key}")
            for c in AccessTokenRow.__table__.c
            if c.key not in ("secret_hash", "user_id")
        ),
    )
    .select_from(AccessTokenRow.__table__.join(UserRow.__table__))
    .where(AccessTokenRow.secret_hash == bindparam("secret_hash"))
)
TOUCH_SESSION = (
    update(SignInSessionRow)
    .where(SignInSessionRow.id == bindparam("session_id"))
    .values(last_seen_at=bindparam("at"))
)
END_SESSION = delete(SignInSessionRow).where(SignInSessionRow.id == bindparam("session_id"))


class ReadPoolCredentials:
    def __init__(self, reads: ReadPool, uses: TokenUses) -> None:
        self._reads = reads
        self._uses = uses

    async def _found(self, statement: Select[Any], secret_hash: bytes) -> Any | None:
        return (await self._reads.execute(statement, {"secret_hash": secret_hash})).first()

    async def session_with_user(self, secret_hash: bytes) -> tuple[SignInSession, User] | None:
        r = await self._found(SESSION_WITH_USER, secret_hash)
        if r is None:
            return None
        stored = SignInSession(
            id=r.session_id,
            user_id=r.id,
            csrf_token=r.session_csrf_token,
            created_at=r.session_created_at,
            last_seen_at=r.session_last_seen_at,
        )
        return stored, user_from(r)

    async def touch_session(self, session_id: UUID, at: datetime) -> None:
        await self._reads.write(TOUCH_SESSION, {"session_id": session_id, "at": at})

    async def end_session(self, session_id: UUID) -> None:
        await self._reads.write(END_SESSION, {"session_id": session_id})

    async def token_with_user(self, secret_hash: bytes) -> tuple[StoredToken, User] | None:
        r = await self._found(TOKEN_WITH_USER, secret_hash)
        if r is None:
            return None
        stored = StoredToken(
            id=r.token_id,
            user_id=r.id,
            name=r.token_name,
            prefix=r.token_prefix,
            created_at=r.token_created_at,
            expires_at=r.token_expires_at,
            last_used_at=r.token_last_used_at,
            revoked_at=r.token_revoked_at,
            scopes=frozenset(r.token_scopes),
            request_count=r.token_request_count,
        )
        return stored, user_from(r)

    async def count_token_use(self, token_id: UUID, at: datetime) -> None:
        """In memory, written in batches (`TokenUses`): one UPDATE per use queued 32 concurrent
        requests with one token on its row lock."""
        self._uses.record(token_id, at)
