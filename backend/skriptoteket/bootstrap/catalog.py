"""The catalog: taxonomy, tool, version and suggestion repositories, and its handlers."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.catalog.browse import (
    BrowseCatalog,
    CatalogPages,
    GetTool,
    SetFavorite,
)
from skriptoteket.application.catalog.example_runs import (
    ExampleOutcomes,
    ListExampleRuns,
    StartExampleRuns,
)
from skriptoteket.application.catalog.examples import GetExampleFile, ListExamples
from skriptoteket.application.catalog.maintainers import (
    AddMaintainer,
    FindMaintainerCandidates,
    ListMaintainers,
    RemoveMaintainer,
)
from skriptoteket.application.catalog.review import (
    PublishVersion,
    RequestChanges,
    RollbackVersion,
    SetListed,
    SubmitVersion,
)
from skriptoteket.application.catalog.suggestions import (
    AcceptSuggestion,
    DeclineSuggestion,
    ListSuggestions,
    ProposeSuggestion,
)
from skriptoteket.application.catalog.taxonomy import AddTaxonomyEntry, ListTaxonomy
from skriptoteket.application.catalog.tools import CreateTool, ListMyTools, UpdateTool
from skriptoteket.application.catalog.versions import GetVersion, ListVersions, SaveVersion
from skriptoteket.application.catalog.working_copy import (
    DiscardWorkingCopy,
    GetWorkingCopy,
    SaveWorkingCopy,
)
from skriptoteket.infrastructure.db.catalog import (
    ReadPoolToolsToRun,
    SqlSuggestionRepository,
    SqlTaxonomyRepository,
    SqlToolRepository,
    SqlVersionRepository,
)
from skriptoteket.infrastructure.db.example_runs import SqlExampleRunRepository
from skriptoteket.infrastructure.db.read_pool import ReadPool
from skriptoteket.infrastructure.db.working_copies import SqlWorkingCopyRepository
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.catalog import (
    SuggestionRepository,
    TaxonomyRepository,
    ToolRepository,
    ToolsToRun,
    VersionRepository,
    WorkingCopyRepository,
)
from skriptoteket.protocols.example_runs import ExampleRunRepository

from .wiring import register_by_constructor

HANDLERS: tuple[type, ...] = (
    ListTaxonomy,
    AddTaxonomyEntry,
    BrowseCatalog,
    GetTool,
    SetFavorite,
    CreateTool,
    UpdateTool,
    ListMyTools,
    SaveVersion,
    ListVersions,
    GetVersion,
    ListExamples,
    GetExampleFile,
    ExampleOutcomes,
    StartExampleRuns,
    ListExampleRuns,
    SubmitVersion,
    PublishVersion,
    RequestChanges,
    RollbackVersion,
    SetListed,
    ListMaintainers,
    AddMaintainer,
    RemoveMaintainer,
    FindMaintainerCandidates,
    GetWorkingCopy,
    SaveWorkingCopy,
    DiscardWorkingCopy,
    ProposeSuggestion,
    ListSuggestions,
    AcceptSuggestion,
    DeclineSuggestion,
)


def register_catalog(registry: svcs.Registry, settings: Settings) -> None:
    async def taxonomy(c: svcs.Container) -> TaxonomyRepository:
        return SqlTaxonomyRepository(await c.aget(AsyncSession))

    async def tools(c: svcs.Container) -> ToolRepository:
        return SqlToolRepository(await c.aget(AsyncSession), await c.aget(ReadPool))

    async def tools_to_run(c: svcs.Container) -> ToolsToRun:
        return ReadPoolToolsToRun(await c.aget(ReadPool))

    async def versions(c: svcs.Container) -> VersionRepository:
        return SqlVersionRepository(await c.aget(AsyncSession))

    async def suggestions(c: svcs.Container) -> SuggestionRepository:
        return SqlSuggestionRepository(await c.aget(AsyncSession))

    async def working_copies(c: svcs.Container) -> WorkingCopyRepository:
        return SqlWorkingCopyRepository(await c.aget(AsyncSession))

    async def example_runs(c: svcs.Container) -> ExampleRunRepository:
        return SqlExampleRunRepository(await c.aget(AsyncSession))

    registry.register_factory(TaxonomyRepository, taxonomy)
    registry.register_factory(ExampleRunRepository, example_runs)
    registry.register_factory(WorkingCopyRepository, working_copies)
    registry.register_factory(ToolRepository, tools)
    registry.register_factory(ToolsToRun, tools_to_run)
    registry.register_factory(VersionRepository, versions)
    registry.register_factory(SuggestionRepository, suggestions)
    registry.register_value(CatalogPages, CatalogPages())
    register_by_constructor(registry, *HANDLERS)
