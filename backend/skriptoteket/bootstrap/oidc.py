"""Single sign-on: the configured providers, the Authlib client, its repositories and handlers."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.audit import Audit
from skriptoteket.application.identity.oidc import FinishSsoSignIn, OidcProviders, StartSsoSignIn
from skriptoteket.application.identity.sso_domains import (
    ListSsoDomains,
    PasswordSignInAllowed,
    RequireSso,
    StopRequiringSso,
)
from skriptoteket.bootstrap.identity import SECRETS
from skriptoteket.infrastructure.db.oidc import SqlPendingSignIns, SqlSsoDomains
from skriptoteket.infrastructure.oidc.client import AuthlibOidcClient
from skriptoteket.infrastructure.oidc.config import parse_providers
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import PasswordHasher, SignInSessionRepository, UserRepository
from skriptoteket.protocols.oidc import OidcClient, PendingSignIns, SsoDomains
from skriptoteket.protocols.uow import UnitOfWork


def register_oidc(registry: svcs.Registry, settings: Settings) -> None:
    # A bad SKRIPTOTEKET_OIDC_PROVIDERS stops the start with a SettingsError saying why.
    registry.register_value(OidcProviders, OidcProviders(parse_providers(settings.oidc_providers)))
    # One client per process: it caches discovery documents and key sets.
    registry.register_value(OidcClient, AuthlibOidcClient())

    async def pending(c: svcs.Container) -> PendingSignIns:
        return SqlPendingSignIns(await c.aget(AsyncSession))

    async def domains(c: svcs.Container) -> SsoDomains:
        return SqlSsoDomains(await c.aget(AsyncSession))

    async def start(c: svcs.Container) -> StartSsoSignIn:
        uow, providers, pending, client, clock = await c.aget_abstract(
            UnitOfWork, OidcProviders, PendingSignIns, OidcClient, Clock
        )
        return StartSsoSignIn(uow, providers, pending, client, clock, SECRETS)

    async def finish(c: svcs.Container) -> FinishSsoSignIn:
        (
            uow,
            providers,
            pending,
            client,
            users,
            sessions,
            domains,
            hasher,
            audit,
            clock,
        ) = await c.aget_abstract(
            UnitOfWork,
            OidcProviders,
            PendingSignIns,
            OidcClient,
            UserRepository,
            SignInSessionRepository,
            SsoDomains,
            PasswordHasher,
            Audit,
            Clock,
        )
        return FinishSsoSignIn(
            uow, providers, pending, client, users, sessions, domains, hasher, audit, clock, SECRETS
        )

    async def list_domains(c: svcs.Container) -> ListSsoDomains:
        uow, domains = await c.aget_abstract(UnitOfWork, SsoDomains)
        return ListSsoDomains(uow, domains)

    async def require(c: svcs.Container) -> RequireSso:
        uow, domains, providers, audit, clock = await c.aget_abstract(
            UnitOfWork, SsoDomains, OidcProviders, Audit, Clock
        )
        return RequireSso(uow, domains, providers, audit, clock)

    async def release(c: svcs.Container) -> StopRequiringSso:
        uow, domains, audit = await c.aget_abstract(UnitOfWork, SsoDomains, Audit)
        return StopRequiringSso(uow, domains, audit)

    async def password_allowed(c: svcs.Container) -> PasswordSignInAllowed:
        uow, domains = await c.aget_abstract(UnitOfWork, SsoDomains)
        return PasswordSignInAllowed(uow, domains)

    registry.register_factory(PendingSignIns, pending)
    registry.register_factory(SsoDomains, domains)
    registry.register_factory(StartSsoSignIn, start)
    registry.register_factory(FinishSsoSignIn, finish)
    registry.register_factory(ListSsoDomains, list_domains)
    registry.register_factory(RequireSso, require)
    registry.register_factory(StopRequiringSso, release)
    registry.register_factory(PasswordSignInAllowed, password_allowed)
