"""Which runner executes tools, and the file store it shares with the API.

SKRIPTOTEKET_RUNNER names one (docker, bwrap, noop) or `auto` (the default, and what
`skriptoteket up` / `make run` use): docker when a container engine answers, building the runner
image first when it is missing or stale (runner-image/build.sh, cached by a content hash) unless
SKRIPTOTEKET_RUNNER_IMAGE names another image; else bubblewrap. `auto` never picks noop (which
runs nothing): a worker that finds no usable runner refuses to start, saying what to install.
Kept out of the bootstrap package so the worker starts without importing the web's services."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import os
import subprocess
import tempfile
from pathlib import Path

import docker
from docker.errors import DockerException

from skriptoteket.application.runs.run_spec import container_limits
from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.files.postgres import PostgresFileStore
from skriptoteket.infrastructure.runner.bwrap_runner import BwrapRunner, unsearchable_parent
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.pool import PoolConfig
from skriptoteket.infrastructure.settings import Settings, SettingsError
from skriptoteket.protocols.files import FileStore

log = logging.getLogger(__name__)

RUNNERS = ("docker", "bwrap", "noop")
BUILD_SCRIPT = Path(__file__).resolve().parents[4] / "runner-image" / "build.sh"
DEFAULT_IMAGE = Settings().runner_image


def build_file_store(settings: Settings) -> FileStore:
    """SKRIPTOTEKET_FILE_STORE: the local disk, or PostgreSQL (DATABASE_URL)."""
    if settings.file_store == "local":
        return LocalFileStore(settings.data_dir / "files")
    if settings.file_store == "postgres":
        return PostgresFileStore(libpq_url(settings.database_url), settings.data_dir / "file-cache")
    raise SettingsError(
        f"SKRIPTOTEKET_FILE_STORE={settings.file_store!r} is not a file store (local, postgres)"
    )


def libpq_url(url: str) -> str:
    """DATABASE_URL in libpq's spelling (psycopg connects directly, without SQLAlchemy)."""
    for scheme in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql://" + url[len(scheme) :]
    return url


def pool_config(settings: Settings) -> PoolConfig:
    """SKRIPTOTEKET_RUNNER_POOL_*: the worker's pool of idle sandboxes (docs/runners.md)."""
    return PoolConfig(
        size=max(0, settings.runner_pool_size),
        refill=max(1, settings.runner_pool_refill),
        idle_s=float(max(1, settings.runner_pool_idle_s)),
        preload=tuple(m.strip() for m in settings.runner_pool_preload.split(",") if m.strip()),
    )


def build_docker_runner(settings: Settings, store: FileStore | None = None) -> DockerRunner:
    return DockerRunner(
        store or build_file_store(settings),
        image=settings.runner_image,
        base_url=settings.docker_host,
        pool=pool_config(settings),
        pool_limits=container_limits(settings.limits),
        sandbox_runtime=settings.sandbox_runtime,
    )


def sandbox_dir(settings: Settings) -> Path:
    """SKRIPTOTEKET_SANDBOX_DIR, else <data dir>/sandbox. A root worker whose data dir lies
    where the sandbox's unprivileged uid cannot walk (a clone under /root) uses a directory of
    its own under the system's temporary directory instead, one per data dir."""
    if settings.sandbox_dir:
        return Path(settings.sandbox_dir)
    default = (settings.data_dir / "sandbox").resolve()
    if os.geteuid() != 0 or unsearchable_parent(default) is None:
        return default
    tag = hashlib.sha256(str(default).encode()).hexdigest()[:12]
    fallback = Path(tempfile.gettempdir()) / f"skriptoteket-sandbox-{tag}"
    fallback.mkdir(mode=0o711, exist_ok=True)
    return fallback


def build_bwrap_runner(settings: Settings, store: FileStore | None = None) -> BwrapRunner:
    return BwrapRunner(
        store or build_file_store(settings),
        sandbox_dir=sandbox_dir(settings),
        pool=pool_config(settings),
        pool_limits=container_limits(settings.limits),
    )


def machine_cpus() -> float:
    """The CPUs this process may use: its affinity, and a cgroup v2 quota when one is set."""
    cpus = float(len(os.sched_getaffinity(0)))
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            cpus = min(cpus, int(quota) / int(period))
    except (OSError, ValueError):
        pass
    return max(cpus, 1.0)


def machine_concurrency(settings: Settings) -> int:
    """Runs a worker executes at once when SKRIPTOTEKET_WORKER_CONCURRENCY is 0: two per CPU
    (a run waits on the engine and the database for part of its time), and no more than half
    the available memory holds at a run's memory limit plus an idle pooled sandbox each."""
    by_cpu = math.ceil(2 * machine_cpus())
    available = _available_memory()
    if available is None:
        return by_cpu
    per_run = (settings.limits.memory_mb + POOLED_SANDBOX_MB) * 1024 * 1024
    return max(1, min(by_cpu, available // 2 // per_run))


# What an idle pooled sandbox holds with the default preloads (measured: docs/runners.md).
POOLED_SANDBOX_MB = 150


def _available_memory() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def resolve_runner(settings: Settings) -> Settings:
    """`settings` with `runner` a concrete runner (and, for docker under auto, the image it
    found or built). Raises Unavailable, saying what to install, when auto finds none."""
    if settings.runner in RUNNERS:
        return settings
    if settings.runner != "auto":
        raise SettingsError(
            f"SKRIPTOTEKET_RUNNER={settings.runner!r} is not a runner (docker, bwrap, auto, noop)"
        )
    image = _docker_image(settings)
    if image is not None:
        log.info("SKRIPTOTEKET_RUNNER=auto: the Docker runner with %s", image)
        return dataclasses.replace(settings, runner="docker", runner_image=image)
    try:
        build_bwrap_runner(settings).check()
    except Unavailable as exc:
        raise Unavailable(
            "No runner can execute tools on this machine. Either start a container engine "
            "(Docker, or podman's Docker-compatible service) or install bubblewrap "
            f"(`apt-get install bubblewrap`). The bubblewrap runner said: {exc.message}"
        ) from exc
    log.info("SKRIPTOTEKET_RUNNER=auto: no container engine answers; the bubblewrap runner")
    return dataclasses.replace(settings, runner="bwrap")


def _docker_image(settings: Settings) -> str | None:
    """The image to run tools in when an engine answers (built when needed), else None."""
    runner = build_docker_runner(settings)
    try:
        client = docker.DockerClient(base_url=runner.engine_url, timeout=5)
        try:
            client.ping()
        finally:
            client.close()
    except (DockerException, OSError):
        log.info("SKRIPTOTEKET_RUNNER=auto: no container engine at %s", runner.engine_url)
        return None
    image: str | None = settings.runner_image
    if image == DEFAULT_IMAGE:
        image = _build_runner_image(runner.engine_url)
    if image is None:
        return None
    try:
        build_docker_runner(dataclasses.replace(settings, runner_image=image)).check()
    except Unavailable as exc:
        log.warning("SKRIPTOTEKET_RUNNER=auto: not the Docker runner: %s", exc.message)
        return None
    return image


def _build_runner_image(engine_url: str) -> str | None:
    """runner-image/build.sh: a no-op when the image of the current content hash exists."""
    env = {**os.environ, "DOCKER_HOST": engine_url}
    image = subprocess.run(
        [str(BUILD_SCRIPT), "--print"], check=True, capture_output=True, text=True, env=env
    ).stdout.strip()
    log.info("SKRIPTOTEKET_RUNNER=auto: making sure the runner image %s is built", image)
    done = subprocess.run([str(BUILD_SCRIPT)], check=False, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        log.warning(
            "SKRIPTOTEKET_RUNNER=auto: building the runner image failed: %s",
            (done.stderr or done.stdout).strip()[-800:],
        )
        return None
    return image
