"""The composition root: every service registered once, for the API, the CLI and the worker.

Handlers are registered under their own class and built from their ports; ports are
registered under their Protocol. Tests re-register a service after these registrations.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import datetime, timedelta

import svcs
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from skriptoteket.application.identity.authenticate import Authenticate, SessionPolicy
from skriptoteket.application.identity.bootstrap_superuser import BootstrapSuperuser
from skriptoteket.domain.clock import utcnow
from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.db.audit import SqlAuditLog
from skriptoteket.infrastructure.db.engine import make_engine, make_session_factory
from skriptoteket.infrastructure.db.identity import (
    SqlSessionRepository,
    SqlTokenRepository,
    SqlUserRepository,
)
from skriptoteket.infrastructure.db.migrate import is_at_head
from skriptoteket.infrastructure.db.uow import SqlAlchemyUnitOfWork
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


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


def build_registry(settings: Settings) -> svcs.Registry:
    if not settings.database_url:
        raise Unavailable(
            "DATABASE_URL is not set. Set it, or start through `skriptoteket up` / `make run`, "
            "which start an embedded PostgreSQL."
        )
    registry = svcs.Registry()
    engine = make_engine(settings.sqlalchemy_url)
    sessions = make_session_factory(engine)

    async def ping_database(engine: AsyncEngine) -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            if not await is_at_head(conn):
                raise Unavailable(
                    "The database is not migrated to head: run `skriptoteket migrate`."
                )

    registry.register_value(Settings, settings)
    registry.register_value(
        AsyncEngine, engine, ping=ping_database, on_registry_close=engine.dispose
    )
    registry.register_value(async_sessionmaker, sessions)
    registry.register_factory(AsyncSession, _session_factory(sessions))
    registry.register_value(Clock, SystemClock())
    register_security(registry)
    register_repositories(registry)
    register_handlers(registry, settings)
    return registry


def _session_factory(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[], AsyncGenerator[AsyncSession, None]]:
    async def make() -> AsyncGenerator[AsyncSession, None]:
        async with sessions() as session:
            yield session

    return make


def register_security(registry: svcs.Registry) -> None:
    registry.register_value(PasswordHasher, Argon2PasswordHasher())


def register_repositories(registry: svcs.Registry) -> None:
    """Every repository of one container shares the container's AsyncSession (its UoW)."""

    async def session_of(c: svcs.Container) -> AsyncSession:
        return await c.aget(AsyncSession)

    async def uow(c: svcs.Container) -> UnitOfWork:
        return SqlAlchemyUnitOfWork(await session_of(c))

    async def users(c: svcs.Container) -> UserRepository:
        return SqlUserRepository(await session_of(c))

    async def auth_sessions(c: svcs.Container) -> SessionRepository:
        return SqlSessionRepository(await session_of(c))

    async def tokens(c: svcs.Container) -> TokenRepository:
        return SqlTokenRepository(await session_of(c))

    async def audit(c: svcs.Container) -> AuditLog:
        return SqlAuditLog(await session_of(c))

    registry.register_factory(UnitOfWork, uow)
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
