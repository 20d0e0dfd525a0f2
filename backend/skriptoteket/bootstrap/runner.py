"""The file store and, when SKRIPTOTEKET_RUNNER=docker, the Docker runner (with a readiness
ping that names what to do when the engine or the image is missing)."""

from __future__ import annotations

import svcs

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


def register_runner(registry: svcs.Registry, settings: Settings) -> None:
    store = build_file_store(settings)
    registry.register_value(FileStore, store)
    if settings.runner == "docker":
        runner = build_docker_runner(settings, store)

        async def ping(runner: ToolRunner) -> None:
            assert isinstance(runner, DockerRunner)
            await runner.ping()

        registry.register_value(ToolRunner, runner, ping=ping)
