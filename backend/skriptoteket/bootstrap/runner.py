"""The file store and, when tools run in containers (SKRIPTOTEKET_RUNNER=docker), the Docker
runner with a readiness ping that names what to do when the engine or the image is missing.
Under `auto` the API does not choose (the worker does: infrastructure/runner/select.py); the
workers' heartbeats tell whether anyone runs tools."""

from __future__ import annotations

import svcs

from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.select import build_docker_runner, build_file_store
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import ToolRunner

__all__ = ["build_docker_runner", "build_file_store", "register_runner"]


def register_runner(registry: svcs.Registry, settings: Settings) -> None:
    store = build_file_store(settings)
    registry.register_value(FileStore, store)
    if settings.runner == "docker":
        runner = build_docker_runner(settings, store)

        async def ping(runner: ToolRunner) -> None:
            assert isinstance(runner, DockerRunner)
            await runner.ping()

        registry.register_value(ToolRunner, runner, ping=ping)
