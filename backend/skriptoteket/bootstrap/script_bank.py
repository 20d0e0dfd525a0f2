"""The script bank seeder: system accounts and the catalog handlers it publishes through."""

from __future__ import annotations

import svcs

from skriptoteket.application.catalog.browse import GetTool
from skriptoteket.application.catalog.maintainers import ListMaintainers
from skriptoteket.application.catalog.review import PublishVersion, SubmitVersion
from skriptoteket.application.catalog.tools import CreateTool, UpdateTool
from skriptoteket.application.catalog.versions import ListVersions, SaveVersion
from skriptoteket.application.script_bank.seed import EnsureSystemAccounts, SeedScriptBank
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import PasswordHasher, UserRepository
from skriptoteket.protocols.uow import UnitOfWork


def register_script_bank(registry: svcs.Registry, settings: Settings) -> None:
    async def accounts(c: svcs.Container) -> EnsureSystemAccounts:
        uow, users, hasher, clock = await c.aget_abstract(
            UnitOfWork, UserRepository, PasswordHasher, Clock
        )
        return EnsureSystemAccounts(uow, users, hasher, clock)

    async def seeder(c: svcs.Container) -> SeedScriptBank:
        return SeedScriptBank(
            await c.aget(EnsureSystemAccounts),
            await c.aget(CreateTool),
            await c.aget(UpdateTool),
            await c.aget(GetTool),
            await c.aget(ListVersions),
            await c.aget(ListMaintainers),
            await c.aget(SaveVersion),
            await c.aget(SubmitVersion),
            await c.aget(PublishVersion),
        )

    registry.register_factory(EnsureSystemAccounts, accounts)
    registry.register_factory(SeedScriptBank, seeder)
