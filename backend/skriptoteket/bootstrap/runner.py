"""The file store and, when the Docker runner is chosen (SKRIPTOTEKET_RUNNER=docker, or auto
on a machine that can run tools: infrastructure/runner/select.py), the Docker runner with a
readiness ping that names what to do when the engine or the image is missing."""

from __future__ import annotations

import svcs

from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.select import (
    build_docker_runner,
    build_file_store,
    chosen_runner,
)
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import ToolRunner

__all__ = ["build_docker_runner", "build_file_store", "chosen_runner", "register_runner"]


def register_runner(registry: svcs.Registry, settings: Settings) -> None:
    store = build_file_store(settings)
    registry.register_value(FileStore, store)
    if chosen_runner(settings) == "docker":
        runner = build_docker_runner(settings, store)

        async def ping(runner: ToolRunner) -> None:
            assert isinstance(runner, DockerRunner)
            await runner.ping()

        registry.register_value(ToolRunner, runner, ping=ping)
