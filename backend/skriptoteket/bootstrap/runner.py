"""The file store and, when SKRIPTOTEKET_RUNNER=docker, the Docker runner (with a readiness
ping that names what to do when the engine or the image is missing).

SKRIPTOTEKET_RUNNER=auto (what `skriptoteket up` / `make run` use unless told otherwise) picks
docker when an engine answers and the runner image is there, else noop, saying so in the log."""

from __future__ import annotations

import logging

import svcs

from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import ToolRunner


def build_file_store(settings: Settings) -> LocalFileStore:
    return LocalFileStore(settings.data_dir / "files")


def build_docker_runner(settings: Settings, store: FileStore | None = None) -> DockerRunner:
    return DockerRunner(
        store or build_file_store(settings),
        image=settings.runner_image,
        base_url=settings.docker_host,
    )


log = logging.getLogger(__name__)


def chosen_runner(settings: Settings) -> str:
    """The runner SKRIPTOTEKET_RUNNER names; for `auto`, docker if it can run tools here."""
    if settings.runner != "auto":
        return settings.runner
    try:
        build_docker_runner(settings).check()
    except Unavailable as exc:
        log.warning(
            "SKRIPTOTEKET_RUNNER=auto: no usable container engine or runner image (%s). "
            "Runs will NOT execute tools (the noop runner only marks them done). To run tools, "
            "start Docker or podman (.ci/container-engine.sh) and build the image with "
            "`make runner-image`, then restart.",
            exc,
        )
        return "noop"
    log.info("SKRIPTOTEKET_RUNNER=auto: using the Docker runner (%s)", settings.runner_image)
    return "docker"


def register_runner(registry: svcs.Registry, settings: Settings) -> None:
    store = build_file_store(settings)
    registry.register_value(FileStore, store)
    if chosen_runner(settings) == "docker":
        runner = build_docker_runner(settings, store)

        async def ping(runner: ToolRunner) -> None:
            assert isinstance(runner, DockerRunner)
            await runner.ping()

        registry.register_value(ToolRunner, runner, ping=ping)
