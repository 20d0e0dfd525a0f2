"""`skriptoteket worker --concurrency N`: the process that executes queued runs.

Composed here rather than through the svcs registry: the worker needs none of the web's
services, and starts faster without importing them.

SIGTERM or SIGINT: stop claiming, let started runs finish within the grace period, hand back
runs that never started, then exit."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from psycopg_pool import AsyncConnectionPool

from skriptoteket.application.runs.execute_run import ExecuteRun
from skriptoteket.application.runs.retention import Retention, RetentionPolicy
from skriptoteket.application.runs.run_spec import StoredRequestSpecs
from skriptoteket.application.runs.worker import Worker, WorkerConfig
from skriptoteket.application.workers.presence import forget_quietly, heartbeat_loop
from skriptoteket.domain.errors import Unavailable
from skriptoteket.domain.workers import WorkerIdentity
from skriptoteket.entrypoints.background_jobs import run_background_jobs
from skriptoteket.entrypoints.heap import freeze_heap
from skriptoteket.entrypoints.run_webhooks import RunEndAnnouncer
from skriptoteket.entrypoints.side_registry import SideRegistry
from skriptoteket.entrypoints.worker_health import serve_health
from skriptoteket.infrastructure.clock import SystemClock
from skriptoteket.infrastructure.db.psycopg_direct import Conn
from skriptoteket.infrastructure.queue.heartbeats import PgWorkerPresence
from skriptoteket.infrastructure.queue.metrics import (
    PrometheusRetentionMetrics,
    PrometheusWorkerMetrics,
    serve_metrics,
)
from skriptoteket.infrastructure.queue.postgres import (
    PgJobQueue,
    PgSourceFiles,
    PgWakeups,
    QueuePolicy,
    make_pool,
)
from skriptoteket.infrastructure.queue.retention import PgRetentionStore
from skriptoteket.infrastructure.runner.bwrap_runner import BwrapRunner
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.noop import NoopRunner
from skriptoteket.infrastructure.runner.select import (
    build_bwrap_runner,
    build_docker_runner,
    build_file_store,
    machine_concurrency,
    machine_cpus,
    resolve_runner,
)
from skriptoteket.infrastructure.runner.select import libpq_url as database_libpq_url
from skriptoteket.infrastructure.settings import Settings, SettingsError
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import ToolRunner

log = logging.getLogger(__name__)


def libpq_url(settings: Settings) -> str:
    """DATABASE_URL in libpq's spelling (psycopg connects directly, without SQLAlchemy)."""
    return database_libpq_url(settings.database_url)


def worker_owner() -> str:
    """Unique per process: a restarted worker never finalizes its predecessor's leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def build_tool_runner(settings: Settings, store: FileStore | None = None) -> ToolRunner:
    """The runner `settings.runner` names (resolve_runner has made `auto` concrete)."""
    match settings.runner:
        case "noop":
            return NoopRunner(
                sleep_s=settings.noop_runner_sleep_ms / 1000,
                log_path=Path(settings.noop_runner_log) if settings.noop_runner_log else None,
            )
        case "docker":
            return build_docker_runner(settings, store)
        case "bwrap":
            return build_bwrap_runner(settings, store)
    raise SettingsError(
        f"SKRIPTOTEKET_RUNNER={settings.runner!r} is not a runner (docker, bwrap, auto, noop)"
    )


def runner_check(runner: ToolRunner) -> Callable[[], Awaitable[None]]:
    """The health endpoint's check: the runner's own (engine and image), when it has one."""
    ping = getattr(runner, "ping", None)

    async def check() -> None:
        if ping is not None:
            await ping()

    return check


def build_retention(
    settings: Settings, pool: AsyncConnectionPool[Conn], store: FileStore
) -> Retention:
    """Retention passes beside the reaper (every worker runs them; they share the work)."""
    return Retention(
        PgRetentionStore(pool),
        store,
        SystemClock(),
        PrometheusRetentionMetrics(),
        RetentionPolicy(
            finished_jobs_age=timedelta(seconds=settings.retention_finished_jobs_age_s),
            batch=settings.retention_batch,
            interval_s=settings.retention_interval_ms / 1000,
            run_content_days=settings.retention_run_content_days,
        ),
    )


def run_worker(settings: Settings, concurrency: int | None = None) -> int:
    """Exit status 2 without a usable runner (the message says what to install)."""
    try:
        settings = resolve_runner(settings)
    except Unavailable as exc:
        log.error("the worker cannot start: %s", exc.message)
        print(f"skriptoteket worker: {exc.message}", file=sys.stderr)
        return 2
    concurrency = concurrency or settings.worker_concurrency or machine_concurrency(settings)
    with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
        return runner.run(_run(settings, concurrency))


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop when installed: the worker's time is mostly event-loop bookkeeping around small
    database round trips, which uvloop does in a fraction of asyncio's CPU."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - a platform without uvloop
        return None
    return uvloop.new_event_loop


async def _run(settings: Settings, concurrency: int) -> int:
    # Each running tool holds a thread that reads its sandbox's stream, and that thread waits
    # on file store writes that need threads of their own: room for all of them at once.
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max_workers=4 * concurrency + 8, thread_name_prefix="worker")
    )
    conninfo = libpq_url(settings)
    owner = worker_owner()
    pool = make_pool(conninfo, concurrency + 2)
    claim_pool = make_pool(conninfo, 1, durable_commits=False, generic_plans=True)
    await pool.open(wait=False)
    await claim_pool.open(wait=False)
    metrics = PrometheusWorkerMetrics()
    serve_metrics(settings.worker_metrics_port, settings.host)
    queue = PgJobQueue(
        pool,
        QueuePolicy(
            lease_s=settings.queue_lease_ms / 1000,
            user_running_cap=settings.queue_user_running_cap,
            retry_backoff_s=settings.queue_retry_backoff_ms / 1000,
        ),
        claim_pool=claim_pool,
    )
    store = build_file_store(settings)
    runner = build_tool_runner(settings, store)
    if isinstance(runner, DockerRunner | BwrapRunner):
        # Sandboxes are prepared only while at most half the CPUs run tools.
        runner.start_pool(busy_at=max(1, int(machine_cpus() // 2)))
    side = SideRegistry(settings)
    announcer = RunEndAnnouncer(side)
    execute = ExecuteRun(
        queue,
        runner,
        StoredRequestSpecs(PgSourceFiles(pool), store),
        metrics,
        owner=owner,
        finish_patience_s=max(10.0, 4 * settings.queue_lease_ms / 1000),
        on_finished=announcer,
    )
    worker = Worker(
        owner=owner,
        queue=queue,
        wakeups=PgWakeups(conninfo),
        execute=execute,
        runner=runner,
        metrics=metrics,
        config=WorkerConfig(
            concurrency=concurrency,
            poll_s=settings.queue_poll_ms / 1000,
            heartbeat_s=settings.queue_heartbeat_ms / 1000,
            reap_s=settings.queue_reap_interval_ms / 1000,
            grace_s=settings.worker_grace_ms / 1000,
        ),
    )
    jobs_stopping = asyncio.Event()

    def stop() -> None:
        worker.stop()
        jobs_stopping.set()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop)
    presence = PgWorkerPresence(
        pool,
        WorkerIdentity(
            id=owner, hostname=socket.gethostname(), pid=os.getpid(), runner=settings.runner
        ),
    )
    freeze_heap()  # a process of its own, started: full collections skip what it holds now
    log.info(
        "worker started",
        extra={"owner": owner, "concurrency": concurrency, "runner": settings.runner},
    )
    background = [
        asyncio.create_task(build_retention(settings, pool, store).loop()),
        asyncio.create_task(heartbeat_loop(presence, settings.worker_heartbeat_ms / 1000)),
    ]
    jobs_task = asyncio.create_task(
        run_background_jobs(settings, pool, conninfo, owner, jobs_stopping, side)
    )
    health = await serve_health(settings.worker_health_port, settings.host, runner_check(runner))
    try:
        await worker.run()
    finally:
        if isinstance(runner, DockerRunner | BwrapRunner):
            await runner.close()  # drains the pool
        jobs_stopping.set()
        await announcer.aclose()
        for outcome in await asyncio.gather(jobs_task, return_exceptions=True):
            if isinstance(outcome, Exception):
                log.error("the background job loop failed", exc_info=outcome)
        await side.aclose()
        if health is not None:
            health.close()
        for task in background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await forget_quietly(presence)
        await pool.close()
        await claim_pool.close()
    log.info("worker stopped", extra={"owner": owner})
    return 0
