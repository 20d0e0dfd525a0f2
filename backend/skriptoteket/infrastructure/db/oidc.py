"""Rows and repositories of single sign-on: pending sign-ins and SSO-only domains."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String, Text, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from skriptoteket.infrastructure.security.secrets import secret_hash
from skriptoteket.protocols.oidc import AuthorizationRequest, PendingSignIn, SsoDomain

from .base import Base


class OidcPendingRow(Base):
    """A sign-in sent to a provider. The state is stored hashed: it travels in URLs."""

    __tablename__ = "oidc_pending"

    state_hash: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(32))
    browser_hash: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    redirect_uri: Mapped[str] = mapped_column(Text)
    next_path: Mapped[str] = mapped_column(String(512))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SsoDomainRow(Base):
    __tablename__ = "sso_domains"

    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SqlPendingSignIns:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, pending: PendingSignIn) -> None:
        request = pending.request
        self._s.add(
            OidcPendingRow(
                state_hash=secret_hash(request.state),
                provider_id=pending.provider_id,
                browser_hash=pending.browser_hash,
                nonce=request.nonce,
                code_verifier=request.code_verifier,
                redirect_uri=request.redirect_uri,
                next_path=pending.next_path,
                expires_at=pending.expires_at,
            )
        )
        await self._s.flush()

    async def take(self, state: str) -> PendingSignIn | None:
        # DELETE ... RETURNING: of two callbacks with one state, exactly one gets the row.
        row = (
            await self._s.execute(
                delete(OidcPendingRow)
                .where(OidcPendingRow.state_hash == secret_hash(state))
                .returning(OidcPendingRow)
            )
        ).scalar_one_or_none()
        if row is None:
            return None
        return PendingSignIn(
            provider_id=row.provider_id,
            request=AuthorizationRequest(
                state=state,
                nonce=row.nonce,
                code_verifier=row.code_verifier,
                redirect_uri=row.redirect_uri,
            ),
            browser_hash=row.browser_hash,
            next_path=row.next_path,
            expires_at=row.expires_at,
        )

    async def prune(self, now: datetime) -> None:
        await self._s.execute(delete(OidcPendingRow).where(OidcPendingRow.expires_at < now))


class SqlSsoDomains:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, domain: str) -> SsoDomain | None:
        row = await self._s.get(SsoDomainRow, domain)
        return _domain(row) if row else None

    async def list(self) -> list[SsoDomain]:
        rows = await self._s.scalars(select(SsoDomainRow).order_by(SsoDomainRow.domain))
        return [_domain(r) for r in rows]

    async def put(self, domain: SsoDomain) -> None:
        stmt = insert(SsoDomainRow).values(
            domain=domain.domain, provider_id=domain.provider_id, created_at=domain.created_at
        )
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=[SsoDomainRow.domain],
                set_={"provider_id": stmt.excluded.provider_id},
            )
        )

    async def delete(self, domain: str) -> bool:
        result = await self._s.execute(delete(SsoDomainRow).where(SsoDomainRow.domain == domain))
        return bool(getattr(result, "rowcount", 0))


def _domain(row: SsoDomainRow) -> SsoDomain:
    return SsoDomain(domain=row.domain, provider_id=row.provider_id, created_at=row.created_at)
