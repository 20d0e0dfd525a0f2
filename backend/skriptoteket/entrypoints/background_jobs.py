"""The worker's background job loop (docs/architecture.md#background-jobs): which handler runs
which kind, and its wiring.

Adding a kind: write its handler (a class with its ports in the constructor and
`async __call__(payload)`), register it in bootstrap/ (register_by_constructor), and add
`"<kind>": <HandlerClass>` to JOB_KINDS below. Each job gets a fresh svcs container of the
full registry, so a handler has its own unit of work, as a request does.

The registry is built on the first job, in a thread: it imports most of the app (seconds on a
busy machine), and a worker's runs must not wait for that, nor pay it when there is no job."""

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
    Conn,
    PgBackgroundJobStore,
    PgJobWakeups,
)
from skriptoteket.infrastructure.clock import SystemClock
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.background_jobs import JobHandler

if TYPE_CHECKING:
    import svcs

# kind -> the handler class taken from a fresh container for each job of that kind.
JOB_KINDS: Mapping[str, type[Any]] = {
    MAIL_KIND: SendMail,
    DELIVER_KIND: DeliverWebhook,
}


class SvcsJobHandlers:
    """JobHandlers over the registry: one container (one AsyncSession, one unit of work) per
    job, closed when the job ends."""

    def __init__(self, settings: Settings, kinds: Mapping[str, type[Any]]) -> None:
        self._settings = settings
        self._kinds = kinds
        self._registry: svcs.Registry | None = None
        self._building = asyncio.Lock()

    def kinds(self) -> Sequence[str]:
        return list(self._kinds)

    def open(self, kind: str) -> AbstractAsyncContextManager[JobHandler]:
        return self._open(kind)

    async def _registry_built(self) -> svcs.Registry:
        async with self._building:
            if self._registry is None:
                self._registry = await asyncio.to_thread(_build_registry, self._settings)
            return self._registry

    @asynccontextmanager
    async def _open(self, kind: str) -> AsyncIterator[JobHandler]:
        import svcs

        async with svcs.Container(await self._registry_built()) as container:
            handler: JobHandler = await container.aget(self._kinds[kind])
            yield handler

    async def aclose(self) -> None:
        if self._registry is not None:
            await self._registry.aclose()


def _build_registry(settings: Settings) -> svcs.Registry:
    from skriptoteket.bootstrap import build_registry

    return build_registry(settings)


async def run_background_jobs(
    settings: Settings,
    pool: AsyncConnectionPool[Conn],
    conninfo: str,
    owner: str,
    stopping: asyncio.Event,
) -> None:
    """Until `stopping` is set; then started jobs finish (each within its timeout)."""
    handlers = SvcsJobHandlers(settings, JOB_KINDS)
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
        await handlers.aclose()
