"""SKRIPTOTEKET_RUNNER=auto with an engine and the runner image picks the Docker runner."""

from __future__ import annotations

import os

from skriptoteket.bootstrap.runner import chosen_runner
from skriptoteket.infrastructure.settings import Settings


def test_auto_with_an_engine_and_the_image_is_docker(runner_image: str) -> None:
    settings = Settings(
        runner="auto", runner_image=runner_image, docker_host=os.environ.get("DOCKER_HOST", "")
    )
    assert chosen_runner(settings) == "docker"
