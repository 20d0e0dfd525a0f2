"""Privacy: erasure, erasure requests, export, and the retention settings in force."""

from __future__ import annotations

import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.audit import Audit
from skriptoteket.application.privacy.erase import EraseUser, ListErasureRequests, RequestErasure
from skriptoteket.application.privacy.export import AuthorizeExport
from skriptoteket.domain.privacy import RetentionSettings
from skriptoteket.infrastructure.db.privacy import (
    SqlErasureStore,
    SqlExportReads,
    SqlFileDeletions,
)
from skriptoteket.infrastructure.db.token_uses import TokenUses
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.privacy import ErasureStore, ExportReads, FileDeletions
from skriptoteket.protocols.uow import UnitOfWork


def retention_settings(settings: Settings) -> RetentionSettings:
    limits = settings.limits
    return RetentionSettings(
        run_content_days=settings.retention_run_content_days,
        artifact_days=min(limits.artifact_retention_days, settings.retention_run_content_days)
        if settings.retention_run_content_days
        else 0,
        tool_session_hours=limits.session_file_retention_h,
        sign_in_idle_hours=settings.session_idle_timeout_s / 3600,
        sign_in_absolute_hours=settings.session_absolute_timeout_s / 3600,
        finished_jobs_hours=settings.retention_finished_jobs_age_s / 3600,
        pass_interval_minutes=settings.retention_interval_ms / 60000,
    )


def register_privacy(registry: svcs.Registry, settings: Settings) -> None:
    async def erasure_store(c: svcs.Container) -> ErasureStore:
        return SqlErasureStore(await c.aget(AsyncSession))

    async def file_deletions(c: svcs.Container) -> FileDeletions:
        return SqlFileDeletions(await c.aget(AsyncSession))

    async def export_reads(c: svcs.Container) -> ExportReads:
        return SqlExportReads(await c.aget(AsyncSession), await c.aget(TokenUses))

    async def erase_user(c: svcs.Container) -> EraseUser:
        uow, store, deletions, files, clock = await c.aget_abstract(
            UnitOfWork, ErasureStore, FileDeletions, FileStore, Clock
        )
        return EraseUser(uow, store, deletions, files, await c.aget(Audit), clock)

    async def request_erasure(c: svcs.Container) -> RequestErasure:
        uow, store, clock = await c.aget_abstract(UnitOfWork, ErasureStore, Clock)
        return RequestErasure(uow, store, await c.aget(Audit), clock)

    async def list_requests(c: svcs.Container) -> ListErasureRequests:
        uow, store = await c.aget_abstract(UnitOfWork, ErasureStore)
        return ListErasureRequests(uow, store)

    async def authorize_export(c: svcs.Container) -> AuthorizeExport:
        uow, reads = await c.aget_abstract(UnitOfWork, ExportReads)
        return AuthorizeExport(uow, reads, await c.aget(Audit))

    registry.register_factory(ErasureStore, erasure_store)
    registry.register_factory(FileDeletions, file_deletions)
    registry.register_factory(ExportReads, export_reads)
    registry.register_factory(EraseUser, erase_user)
    registry.register_factory(RequestErasure, request_erasure)
    registry.register_factory(ListErasureRequests, list_requests)
    registry.register_factory(AuthorizeExport, authorize_export)
    registry.register_value(RetentionSettings, retention_settings(settings))
