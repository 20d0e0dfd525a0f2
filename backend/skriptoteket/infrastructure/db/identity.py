"""Rows and repositories for users, sign-in sessions, access tokens and login attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.domain.errors import Conflict, NotFound
from skriptoteket.domain.users import Language, Role, User
from skriptoteket.protocols.identity import Invitation, SignInSession, StoredToken

from .base import Base
from .token_uses import TokenUses


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    # Stored normalized (trimmed, lower case): the unique index makes emails unique
    # case-insensitively.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    language: Mapped[str] = mapped_column(Text, default="sv")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    is_service: Mapped[bool] = mapped_column(Boolean, default=False)

    def to_domain(self) -> User:
        return user_from(self)


def user_from(r: Any) -> User:
    """A user from anything with the user columns as attributes: a row object, or a result
    row of a narrow select (USER_COLUMNS)."""
    return User(
        id=r.id,
        email=r.email,
        display_name=r.display_name,
        role=Role(r.role),
        is_active=r.is_active,
        created_at=r.created_at,
        last_login_at=r.last_login_at,
        language="en" if r.language == "en" else "sv",
        must_change_password=r.must_change_password,
        is_service=r.is_service,
    )


class SignInSessionRow(Base):
    __tablename__ = "auth_sessions"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))

    def to_stored(self) -> SignInSession:
        return SignInSession(
            id=self.id,
            user_id=self.user_id,
            csrf_token=self.csrf_token,
            created_at=self.created_at,
            last_seen_at=self.last_seen_at,
        )


class AccessTokenRow(Base):
    __tablename__ = "access_tokens"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    request_count: Mapped[int] = mapped_column(BigInteger, default=0)

    def to_stored(self) -> StoredToken:
        return StoredToken(
            id=self.id,
            user_id=self.user_id,
            name=self.name,
            prefix=self.prefix,
            created_at=self.created_at,
            expires_at=self.expires_at,
            last_used_at=self.last_used_at,
            revoked_at=self.revoked_at,
            scopes=frozenset(self.scopes),
            request_count=self.request_count,
        )


class LoginAttemptRow(Base):
    """Recent failed logins per (email, client), shared by every API process."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    ip: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(320))
    client: Mapped[str] = mapped_column(String(80))  # "device:<hash>" or "ip:<address>"
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginDeviceRow(Base):
    """A browser that signed in to an account (the hash of its device cookie)."""

    __tablename__ = "login_devices"

    device_hash: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PasswordResetRow(Base):
    __tablename__ = "password_resets"

    token_hash: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, user_id: UUID) -> User | None:
        row = await self._s.get(UserRow, user_id)
        return row.to_domain() if row else None

    async def get_by_email(self, email: str) -> User | None:
        row = await self._s.scalar(select(UserRow).where(UserRow.email == email))
        return row.to_domain() if row else None

    async def password_hash(self, user_id: UUID) -> str | None:
        return await self._s.scalar(select(UserRow.password_hash).where(UserRow.id == user_id))

    async def add(self, user: User, password_hash: str) -> None:
        self._s.add(
            UserRow(
                id=user.id,
                email=user.email,
                display_name=user.display_name,
                role=user.role.value,
                is_active=user.is_active,
                password_hash=password_hash,
                created_at=user.created_at,
                last_login_at=user.last_login_at,
                language=user.language,
                must_change_password=user.must_change_password,
                is_service=user.is_service,
            )
        )
        try:
            await self._s.flush()
        except IntegrityError as exc:
            # Two admins creating the same email at once: the unique index decides.
            raise Conflict("A user with this email already exists.", code="email_taken") from exc

    async def set_password_hash(
        self, user_id: UUID, password_hash: str, *, temporary: bool = False
    ) -> None:
        await self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(password_hash=password_hash, must_change_password=temporary)
        )

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
        row = await self._s.get(UserRow, user_id, with_for_update=True)
        if row is None:
            raise NotFound("No such user.")
        if role is not None:
            row.role = role.value
        if is_active is not None:
            row.is_active = is_active
        if display_name is not None:
            row.display_name = display_name
        if last_login_at is not None:
            row.last_login_at = last_login_at
        if language is not None:
            row.language = language
        await self._s.flush()
        return row.to_domain()

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
        stmt = select(UserRow).where(UserRow.is_service == is_service)
        if q:
            pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(
                or_(UserRow.email.ilike(pattern), UserRow.display_name.ilike(pattern))
            )
        if role is not None:
            stmt = stmt.where(UserRow.role == role.value)
        if is_active is not None:
            stmt = stmt.where(UserRow.is_active == is_active)
        total = await self._s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = await self._s.scalars(stmt.order_by(UserRow.email).limit(limit).offset(offset))
        return [r.to_domain() for r in rows], total


class SqlSignInSessionRepository:
    """Sessions in a unit of work; every request's check is `ReadPoolCredentials`'."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(
        self, session: SignInSession, secret_hash: bytes, ip: str | None, user_agent: str | None
    ) -> None:
        self._s.add(
            SignInSessionRow(
                id=session.id,
                user_id=session.user_id,
                secret_hash=secret_hash,
                csrf_token=session.csrf_token,
                created_at=session.created_at,
                last_seen_at=session.last_seen_at,
                ip=ip,
                user_agent=user_agent[:512] if user_agent else None,
            )
        )
        await self._s.flush()

    async def find(self, secret_hash: bytes) -> SignInSession | None:
        row = await self._s.scalar(
            select(SignInSessionRow).where(SignInSessionRow.secret_hash == secret_hash)
        )
        return row.to_stored() if row else None

    async def delete(self, session_id: UUID) -> None:
        await self._s.execute(delete(SignInSessionRow).where(SignInSessionRow.id == session_id))

    async def delete_for_user(self, user_id: UUID, *, keep: UUID | None = None) -> int:
        stmt = delete(SignInSessionRow).where(SignInSessionRow.user_id == user_id)
        if keep is not None:
            stmt = stmt.where(SignInSessionRow.id != keep)
        result = await self._s.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)


class SqlTokenRepository:
    """Tokens in a unit of work; every request's check is `ReadPoolCredentials`'. `uses`: what
    reads the counts writes this process's pending ones first, on a connection of its own (so
    never after the unit itself updated token rows: it would wait for its own locks)."""

    def __init__(self, session: AsyncSession, uses: TokenUses | None = None) -> None:
        self._s = session
        self._uses = uses

    async def add(self, token: StoredToken, secret_hash: bytes) -> None:
        self._s.add(
            AccessTokenRow(
                id=token.id,
                user_id=token.user_id,
                name=token.name,
                prefix=token.prefix,
                secret_hash=secret_hash,
                created_at=token.created_at,
                expires_at=token.expires_at,
                last_used_at=token.last_used_at,
                revoked_at=token.revoked_at,
                scopes=sorted(token.scopes),
                request_count=token.request_count,
            )
        )
        await self._s.flush()

    async def find(self, secret_hash: bytes) -> StoredToken | None:
        row = await self._s.scalar(
            select(AccessTokenRow).where(AccessTokenRow.secret_hash == secret_hash)
        )
        return row.to_stored() if row else None

    async def list_for_user(self, user_id: UUID) -> list[StoredToken]:
        if self._uses is not None:
            await self._uses.flush()
        rows = await self._s.scalars(
            select(AccessTokenRow)
            .where(AccessTokenRow.user_id == user_id)
            .order_by(AccessTokenRow.created_at.desc())
        )
        return [r.to_stored() for r in rows]

    async def get(self, token_id: UUID) -> StoredToken | None:
        row = await self._s.get(AccessTokenRow, token_id)
        return row.to_stored() if row else None

    async def revoke(self, token_id: UUID, at: datetime) -> None:
        await self._s.execute(
            update(AccessTokenRow)
            .where(AccessTokenRow.id == token_id, AccessTokenRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def revoke_for_user(self, user_id: UUID, at: datetime) -> int:
        result = await self._s.execute(
            update(AccessTokenRow)
            .where(AccessTokenRow.user_id == user_id, AccessTokenRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class SqlLoginAttempts:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def lock_email(self, email: str) -> None:
        # A transaction-scoped advisory lock keyed by the email's 64-bit hash: released at
        # commit or rollback; two emails sharing a hash merely wait for each other.
        await self._s.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(email, 0))))

    async def add_failure(self, *, ip: str, email: str, client: str, at: datetime) -> None:
        self._s.add(LoginAttemptRow(ip=ip[:64], email=email[:320], client=client[:80], at=at))
        await self._s.flush()

    async def failures_since(
        self, *, since: datetime, limit: int, email: str, client: str
    ) -> list[datetime]:
        rows = await self._s.scalars(
            select(LoginAttemptRow.at)
            .where(
                LoginAttemptRow.email == email[:320],
                LoginAttemptRow.client == client[:80],
                LoginAttemptRow.at > since,
            )
            .order_by(LoginAttemptRow.at.desc())
            .limit(limit)
        )
        return list(rows)

    async def clear(self, email: str, *, client: str | None = None) -> int:
        stmt = delete(LoginAttemptRow).where(LoginAttemptRow.email == email[:320])
        if client is not None:
            stmt = stmt.where(LoginAttemptRow.client == client[:80])
        result = await self._s.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)

    async def prune(self, before: datetime) -> None:
        await self._s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at <= before))


class SqlKnownDevices:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def owner(self, device_hash: bytes) -> UUID | None:
        return await self._s.scalar(
            select(LoginDeviceRow.user_id).where(LoginDeviceRow.device_hash == device_hash)
        )

    async def add(self, device_hash: bytes, user_id: UUID, at: datetime) -> None:
        self._s.add(LoginDeviceRow(device_hash=device_hash, user_id=user_id, created_at=at))
        await self._s.flush()


class SqlPasswordResets:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(
        self, token_hash: bytes, user_id: UUID, created_at: datetime, expires_at: datetime
    ) -> None:
        self._s.add(
            PasswordResetRow(
                token_hash=token_hash,
                user_id=user_id,
                created_at=created_at,
                expires_at=expires_at,
            )
        )
        await self._s.flush()

    async def use(self, token_hash: bytes, at: datetime) -> UUID | None:
        return await self._s.scalar(
            update(PasswordResetRow)
            .where(
                PasswordResetRow.token_hash == token_hash,
                PasswordResetRow.used_at.is_(None),
                PasswordResetRow.expires_at > at,
            )
            .values(used_at=at)
            .returning(PasswordResetRow.user_id)
        )

    async def issued_since(self, user_id: UUID, since: datetime) -> int:
        count = await self._s.scalar(
            select(func.count())
            .select_from(PasswordResetRow)
            .where(PasswordResetRow.user_id == user_id, PasswordResetRow.created_at > since)
        )
        return int(count or 0)

    async def void_for_user(self, user_id: UUID, at: datetime) -> None:
        await self._s.execute(
            update(PasswordResetRow)
            .where(PasswordResetRow.user_id == user_id, PasswordResetRow.used_at.is_(None))
            .values(used_at=at)
        )


class InvitationRow(Base):
    __tablename__ = "invitations"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    invited_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def to_domain(self) -> Invitation:
        return Invitation(
            id=self.id,
            email=self.email,
            role=Role(self.role),
            language="en" if self.language == "en" else "sv",
            invited_by=self.invited_by,
            created_at=self.created_at,
            expires_at=self.expires_at,
            accepted_at=self.accepted_at,
            revoked_at=self.revoked_at,
        )


def _pending(at: datetime) -> list[ColumnElement[bool]]:
    return [
        InvitationRow.accepted_at.is_(None),
        InvitationRow.revoked_at.is_(None),
        InvitationRow.expires_at > at,
    ]


class SqlInvitations:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, invitation: Invitation, token_hash: bytes) -> None:
        self._s.add(
            InvitationRow(
                id=invitation.id,
                email=invitation.email,
                role=invitation.role.value,
                language=invitation.language,
                token_hash=token_hash,
                invited_by=invitation.invited_by,
                created_at=invitation.created_at,
                expires_at=invitation.expires_at,
            )
        )
        await self._s.flush()

    async def pending(self, at: datetime) -> list[Invitation]:
        rows = await self._s.scalars(
            select(InvitationRow)
            .where(*_pending(at))
            .order_by(InvitationRow.created_at.desc())
            .limit(1000)
        )
        return [row.to_domain() for row in rows]

    async def revoke(self, invitation_id: UUID, at: datetime) -> Invitation | None:
        row = await self._s.scalar(
            update(InvitationRow)
            .where(InvitationRow.id == invitation_id, *_pending(at))
            .values(revoked_at=at)
            .returning(InvitationRow)
        )
        return row.to_domain() if row else None

    async def revoke_for_email(self, email: str, at: datetime) -> None:
        await self._s.execute(
            update(InvitationRow)
            .where(InvitationRow.email == email, *_pending(at))
            .values(revoked_at=at)
        )

    async def take(self, token_hash: bytes, at: datetime) -> Invitation | None:
        row = await self._s.scalar(
            update(InvitationRow)
            .where(InvitationRow.token_hash == token_hash, *_pending(at))
            .values(accepted_at=at)
            .returning(InvitationRow)
        )
        return row.to_domain() if row else None
