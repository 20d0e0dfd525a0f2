"""Service accounts: accounts that are not people, for integrations that must outlive the
teacher who set them up. No password (the stored hash never verifies), an address that no
mail or sign-in provider serves, so no sign-in and no reset link; they act only through
tokens an admin mints for them, within those tokens' scopes (domain/scopes.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from skriptoteket.application.audit import Audit, ClientInfo
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.users import Principal, Role, User
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import StoredToken, TokenRepository, UserRepository
from skriptoteket.protocols.uow import UnitOfWork

from .tokens import CreatedToken, CreateToken
from .users import require_admin

NO_PASSWORD = "!"  # noqa: S105 - not an argon2 hash: no password ever verifies
SERVICE_DOMAIN = "service.invalid"  # .invalid is reserved: no mail, no identity provider


class CreateServiceAccount:
    def __init__(self, uow: UnitOfWork, users: UserRepository, audit: Audit, clock: Clock) -> None:
        self._uow = uow
        self._users = users
        self._audit = audit
        self._clock = clock

    async def __call__(self, actor: Principal, name: str, client: ClientInfo) -> User:
        require_admin(actor)
        account_id = uuid.uuid4()
        account = User(
            id=account_id,
            email=f"{account_id}@{SERVICE_DOMAIN}",
            display_name=visible_name(name),
            role=Role.USER,  # its tokens' scopes decide (domain/scopes.py service_role)
            is_active=True,
            created_at=self._clock.now(),
            is_service=True,
        )
        async with self._uow:
            await self._users.add(account, NO_PASSWORD)
            await self._audit.record(
                "service_account.created",
                actor=actor,
                subject_type="user",
                subject_id=account.id,
                client=client,
                details={"name": account.display_name},
            )
            await self._uow.commit()
        return account


class ListServiceAccounts:
    def __init__(self, uow: UnitOfWork, users: UserRepository) -> None:
        self._uow = uow
        self._users = users

    async def __call__(self, actor: Principal, limit: int, offset: int) -> tuple[list[User], int]:
        require_admin(actor)
        async with self._uow:
            return await self._users.search(
                q=None, role=None, is_active=None, limit=limit, offset=offset, is_service=True
            )


class ServiceAccountTokens:
    """Mint, list and revoke the tokens of one service account (admins)."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        tokens: TokenRepository,
        create: CreateToken,
        audit: Audit,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._tokens = tokens
        self._create = create
        self._audit = audit
        self._clock = clock

    async def _account(self, actor: Principal, account_id: UUID) -> User:
        require_admin(actor)
        async with self._uow:
            account = await self._users.get(account_id)
        if account is None or not account.is_service:
            raise NotFound("Det finns inget sådant tjänstekonto.")
        return account

    async def create(
        self,
        actor: Principal,
        account_id: UUID,
        name: str,
        scopes: Sequence[str] | None,
        expires_at: datetime | None,
        client: ClientInfo,
    ) -> CreatedToken:
        account = await self._account(actor, account_id)
        return await self._create(actor, name, expires_at, client, scopes, owner_id=account.id)

    async def list_tokens(self, actor: Principal, account_id: UUID) -> list[StoredToken]:
        account = await self._account(actor, account_id)
        async with self._uow:
            return await self._tokens.list_for_user(account.id)

    async def revoke(
        self, actor: Principal, account_id: UUID, token_id: UUID, client: ClientInfo
    ) -> None:
        account = await self._account(actor, account_id)
        async with self._uow:
            token = await self._tokens.get(token_id)
            if token is None or token.user_id != account.id:
                raise NotFound("Det finns ingen sådan token.")
            if token.revoked_at is None:
                await self._tokens.revoke(token_id, self._clock.now())
                await self._audit.record(
                    "token.revoked",
                    actor=actor,
                    subject_type="access_token",
                    subject_id=token_id,
                    client=client,
                    details={"name": token.name, "owner_id": str(account.id)},
                )
                await self._uow.commit()
