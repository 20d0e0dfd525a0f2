"""Identity: password hashing, user/session/token repositories, the audit log and handlers."""

from __future__ import annotations

from datetime import timedelta

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.identity.authenticate import Authenticate, SessionPolicy
from skriptoteket.application.identity.bootstrap_superuser import BootstrapSuperuser
from skriptoteket.infrastructure.db.audit import SqlAuditLog
from skriptoteket.infrastructure.db.identity import (
    SqlSessionRepository,
    SqlTokenRepository,
    SqlUserRepository,
)
from skriptoteket.infrastructure.security.passwords import Argon2PasswordHasher
from skriptoteket.infrastructure.security.secrets import secret_hash
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import (
    AuditLog,
    PasswordHasher,
    SessionRepository,
    TokenRepository,
    UserRepository,
)
from skriptoteket.protocols.uow import UnitOfWork


def register_identity(registry: svcs.Registry, settings: Settings) -> None:
    register_security(registry)
    register_repositories(registry)
    register_handlers(registry, settings)


def register_security(registry: svcs.Registry) -> None:
    registry.register_value(PasswordHasher, Argon2PasswordHasher())


def register_repositories(registry: svcs.Registry) -> None:
    """Every repository of one container shares the container's AsyncSession (its UoW)."""

    async def session_of(c: svcs.Container) -> AsyncSession:
        return await c.aget(AsyncSession)

    async def users(c: svcs.Container) -> UserRepository:
        return SqlUserRepository(await session_of(c))

    async def auth_sessions(c: svcs.Container) -> SessionRepository:
        return SqlSessionRepository(await session_of(c))

    async def tokens(c: svcs.Container) -> TokenRepository:
        return SqlTokenRepository(await session_of(c))

    async def audit(c: svcs.Container) -> AuditLog:
        return SqlAuditLog(await session_of(c))

    registry.register_factory(UserRepository, users)
    registry.register_factory(SessionRepository, auth_sessions)
    registry.register_factory(TokenRepository, tokens)
    registry.register_factory(AuditLog, audit)


def register_handlers(registry: svcs.Registry, settings: Settings) -> None:
    policy = SessionPolicy(
        idle_timeout=timedelta(seconds=settings.session_idle_timeout_s),
        absolute_timeout=timedelta(seconds=settings.session_absolute_timeout_s),
    )

    async def authenticate(c: svcs.Container) -> Authenticate:
        uow, users, sessions, tokens, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, SessionRepository, TokenRepository, Clock
        )
        return Authenticate(uow, users, sessions, tokens, clock, policy, secret_hash)

    async def bootstrap_superuser(c: svcs.Container) -> BootstrapSuperuser:
        uow, users, hasher, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, PasswordHasher, Clock
        )
        return BootstrapSuperuser(uow, users, hasher, clock)

    registry.register_factory(Authenticate, authenticate)
    registry.register_factory(BootstrapSuperuser, bootstrap_superuser)
