"""The shared core: settings, the database engine, one AsyncSession + Unit of Work per container,
the clock, the CPU pool and the per-user rate limits."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable

import svcs
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from skriptoteket.application.rate_limits import UserRateLimits
from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.clock import SystemClock
from skriptoteket.infrastructure.cpu_pool import ProcessCpuPool
from skriptoteket.infrastructure.db.engine import make_engine, make_session_factory
from skriptoteket.infrastructure.db.migrate import is_at_head
from skriptoteket.infrastructure.db.read_pool import ReadPool, libpq_conninfo
from skriptoteket.infrastructure.db.token_uses import TokenUses
from skriptoteket.infrastructure.db.uow import SqlAlchemyUnitOfWork
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.cpu import CpuPool
from skriptoteket.protocols.reads import SharedReads
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.web.settings import WebSettings


def register_core(registry: svcs.Registry, settings: Settings) -> None:
    if not settings.database_url:
        raise Unavailable(
            "DATABASE_URL is not set. Set it, or start through `skriptoteket up` / `make run`, "
            "which start an embedded PostgreSQL."
        )
    engine = make_engine(settings.sqlalchemy_url, pool_size=settings.db_pool_size)
    sessions = make_session_factory(engine)
    reads = ReadPool(libpq_conninfo(settings.database_url), settings.db_pool_size)

    async def ping_database(engine: AsyncEngine) -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            if not await is_at_head(conn):
                raise Unavailable(
                    "The database is not migrated to head: run `skriptoteket migrate`."
                )

    async def uow(c: svcs.Container) -> UnitOfWork:
        return SqlAlchemyUnitOfWork(await c.aget(AsyncSession))

    web_settings: WebSettings = settings  # mypy checks that the settings fit the web's needs
    registry.register_value(Settings, settings)
    registry.register_value(WebSettings, web_settings)
    registry.register_value(
        AsyncEngine, engine, ping=ping_database, on_registry_close=engine.dispose
    )
    registry.register_value(ReadPool, reads, on_registry_close=reads.close)
    registry.register_value(SharedReads, reads)
    # Closed before the pool (svcs closes in reverse order): its last flush writes through it.
    # Only the web counts uses; elsewhere it stays empty and starts no task.
    uses = TokenUses(reads)
    registry.register_value(TokenUses, uses, on_registry_close=uses.close)
    registry.register_value(async_sessionmaker, sessions)
    registry.register_factory(AsyncSession, _session_factory(sessions))
    registry.register_factory(UnitOfWork, uow)
    registry.register_value(Clock, SystemClock())
    cpu = ProcessCpuPool(settings.cpu_workers, settings.cpu_timeout_ms / 1000)
    registry.register_value(CpuPool, cpu, on_registry_close=cpu.close)
    registry.register_value(UserRateLimits, UserRateLimits())


def _session_factory(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[], AsyncGenerator[AsyncSession, None]]:
    """Every repository of one container shares this session, and so the container's UoW.

    A session is only a Python object until its first statement (a hot read goes to the read
    pool and never uses it). Closing one is a hop through a greenlet (~0.09 ms); one that
    began no transaction and holds no objects has nothing to close, so it is left to go."""

    async def make() -> AsyncGenerator[AsyncSession, None]:
        session = sessions()
        try:
            yield session
        finally:
            sync = session.sync_session
            if sync.get_transaction() is not None or sync.identity_map or sync.new:
                await session.close()

    return make
