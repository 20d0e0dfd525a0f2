"""The worker's background job loop (docs/architecture.md#background-jobs): which handler runs
which kind, and its wiring.

Adding a kind: write its handler (a class with its ports in the constructor and
`async __call__(payload)`), register it in bootstrap/ (register_by_constructor), and add
`"<kind>": <HandlerClass>` to JOB_KINDS below. Each job gets a fresh svcs container of the
worker's SideRegistry, so a handler has its own unit of work, as a request does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from psycopg_pool import AsyncConnectionPool

from skriptoteket.application.background_jobs import BackgroundJobPolicy, BackgroundJobRunner
from skriptoteket.application.mail import MAIL_KIND, SendMail
from skriptoteket.application.webhooks.deliver import DeliverWebhook
from skriptoteket.application.webhooks.manage import DELIVER_KIND
from skriptoteket.infrastructure.background_jobs.postgres import (
    PgBackgroundJobStore,
    PgJobWakeups,
)
from skriptoteket.infrastructure.clock import SystemClock
from skriptoteket.infrastructure.db.psycopg_direct import Conn
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.background_jobs import JobHandler

if TYPE_CHECKING:
    from skriptoteket.entrypoints.side_registry import SideRegistry

# kind -> the handler class taken from a fresh container for each job of that kind.
JOB_KINDS: Mapping[str, type[Any]] = {
    MAIL_KIND: SendMail,
    DELIVER_KIND: DeliverWebhook,
}


class SvcsJobHandlers:
    """JobHandlers over the registry: one container (one AsyncSession, one unit of work) per
    job, closed when the job ends."""

    def __init__(self, registry: SideRegistry, kinds: Mapping[str, type[Any]]) -> None:
        self._registry = registry
        self._kinds = kinds

    def kinds(self) -> Sequence[str]:
        return list(self._kinds)

    def open(self, kind: str) -> AbstractAsyncContextManager[JobHandler]:
        return self._open(kind)

    @asynccontextmanager
    async def _open(self, kind: str) -> AsyncIterator[JobHandler]:
        import svcs

        async with svcs.Container(await self._registry.get()) as container:
            handler: JobHandler = await container.aget(self._kinds[kind])
            yield handler


async def run_background_jobs(
    settings: Settings,
    pool: AsyncConnectionPool[Conn],
    conninfo: str,
    owner: str,
    stopping: asyncio.Event,
    registry: SideRegistry,
) -> None:
    """Until `stopping` is set; then started jobs finish (each within its timeout)."""
    handlers = SvcsJobHandlers(registry, JOB_KINDS)
    jobs = BackgroundJobRunner(
        owner=owner,
        store=PgBackgroundJobStore(pool),
        handlers=handlers,
        wakeups=PgJobWakeups(conninfo),
        clock=SystemClock(),
        policy=BackgroundJobPolicy(
            concurrency=settings.background_job_concurrency,
            timeout_s=settings.background_job_timeout_s,
            backoff_s=settings.background_job_backoff_ms / 1000,
            poll_s=settings.queue_poll_ms / 1000,
            keep=timedelta(days=settings.background_job_keep_days),
        ),
    )

    async def stop_when_asked() -> None:
        await stopping.wait()
        jobs.stop()

    stopper = asyncio.create_task(stop_when_asked())
    try:
        await jobs.run()
    finally:
        stopper.cancel()
