"""/readyz reports the container engine and the runner image when tools run in containers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings


def readiness(settings: Settings) -> tuple[int, dict[str, str]]:
    with TestClient(app=create_app(settings)) as client:
        response = client.get("/readyz")
    return response.status_code, response.json()["checks"]


@pytest.fixture
def docker_settings(db: str, runner_image: str) -> Iterator[Settings]:
    yield Settings(database_url=db, log_json=False, runner="docker", runner_image=runner_image)


def test_readyz_reports_the_runner_ready_when_engine_and_image_are_there(
    docker_settings: Settings,
) -> None:
    status, checks = readiness(docker_settings)
    assert status == 200
    assert checks["runner"] == "ok"


def test_a_missing_image_says_to_build_it(docker_settings: Settings) -> None:
    settings = dataclasses.replace(docker_settings, runner_image="skriptoteket-runner:absent")
    status, checks = readiness(settings)
    assert status == 503
    assert "make runner-image" in checks["runner"]


def test_an_unreachable_engine_says_to_start_it(docker_settings: Settings) -> None:
    settings = dataclasses.replace(docker_settings, docker_host="unix:///nonexistent/engine.sock")
    status, checks = readiness(settings)
    assert status == 503
    assert "not reachable" in checks["runner"] and "container-engine.sh" in checks["runner"]
