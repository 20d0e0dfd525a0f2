"""Fixtures of the runs API tests: the app on a file store of its own, signed-in users for it,
published tools, and (for the end-to-end tests) a real worker with the real Docker runner.

The worker is a `skriptoteket worker` process sharing the test database and the file store.
It needs a Docker Engine API (DOCKER_HOST, or podman's socket) and the runner image; under
CI=true a missing engine or image fails the tests, elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession, make_session, make_user
from tests.catalog_builders import act_as, create_tool, save_version
from tests.conftest import fast_hasher
from tests.queue_support import start_worker, stop_worker

REPO = Path(__file__).resolve().parents[2]
PODMAN_SOCKET = Path("/run/podman/podman.sock")
TERMINAL = {"succeeded", "failed", "timed_out", "cancelled"}


def docker_host() -> str:
    if os.environ.get("DOCKER_HOST"):
        return os.environ["DOCKER_HOST"]
    return f"unix://{PODMAN_SOCKET}" if PODMAN_SOCKET.exists() else ""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true and the runs end-to-end tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def runner_image_for_runs() -> str:
    import docker

    host = docker_host()
    try:
        client = docker.DockerClient(base_url=host, timeout=5) if host else docker.from_env()
        client.ping()
    except Exception as exc:
        _unavailable(f"no container engine at {host!r} ({type(exc).__name__})")
    image = subprocess.run(
        [str(REPO / "runner-image" / "build.sh"), "--print"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        client.images.get(image)
    except docker.errors.ImageNotFound:
        _unavailable(f"the runner image {image} is not built; run `make runner-image`")
    finally:
        client.close()
    return image


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app's and the worker's data directory (the file store is <data_dir>/files)."""
    return tmp_path_factory.mktemp("runs-data")


@pytest.fixture
def runs_settings(db: str, data_dir: Path) -> Settings:
    return Settings(database_url=db, log_json=False, data_dir=data_dir)


@pytest.fixture
def runs_client(runs_settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    with TestClient(app=create_app(runs_settings, configure=fast_hasher)) as c:
        yield c


@pytest.fixture
def as_role(db: str, runs_client: TestClient) -> Callable[..., TestSession]:  # type: ignore[type-arg]
    """Sign `runs_client` in as a new user of `role`; returns the session (see act_as)."""

    def sign_in(role: str = "user") -> TestSession:
        return act_as(runs_client, make_session(db, make_user(db, role=role)))  # type: ignore[arg-type]

    return sign_in


@pytest.fixture(scope="module")
def docker_worker(
    database_url: str,
    data_dir: Path,
    runner_image_for_runs: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """One real worker with the Docker runner for the tests of a module (the database is the
    same; tests truncate its tables). Not for the whole session: a worker left running would
    claim the runs that later modules' tests expect to stay queued."""
    log = tmp_path_factory.mktemp("worker") / "events.jsonl"
    process = start_worker(
        database_url,
        log,
        concurrency=4,
        SKRIPTOTEKET_RUNNER="docker",
        SKRIPTOTEKET_RUNNER_IMAGE=runner_image_for_runs,
        SKRIPTOTEKET_DOCKER_HOST=docker_host(),
        SKRIPTOTEKET_DATA_DIR=str(data_dir),
        SKRIPTOTEKET_QUEUE_POLL_MS="300",
        SKRIPTOTEKET_QUEUE_LEASE_MS="30000",
        SKRIPTOTEKET_QUEUE_HEARTBEAT_MS="2000",
        # Webhooks to the tests' receiver on 127.0.0.1 (tests/webhook_receiver.py): quick
        # retries, few attempts, a short cut for a receiver that hangs.
        SKRIPTOTEKET_WEBHOOK_ALLOW="127.0.0.1",
        SKRIPTOTEKET_WEBHOOK_MAX_ATTEMPTS="3",
        SKRIPTOTEKET_WEBHOOK_TIMEOUT_MS="1500",
        SKRIPTOTEKET_BACKGROUND_JOB_BACKOFF_MS="200",
    )
    try:
        yield
    finally:
        stop_worker(process)


def publish_tool(
    client: TestClient,  # type: ignore[type-arg]
    maintainer: TestSession,
    admin: TestSession,
    slug: str,
    manifest: dict[str, Any],
    files: dict[str, str],
) -> None:
    """A maintainer creates and submits the tool; an admin publishes version 1."""
    act_as(client, maintainer)
    create_tool(client, slug)
    response = save_version(client, slug, 0, files=files, manifest_=manifest)
    assert response.status_code == 201, response.text
    assert client.post(f"/api/v1/tools/{slug}/versions/1/submit").status_code == 200
    act_as(client, admin)
    response = client.post(f"/api/v1/tools/{slug}/versions/1/publish")
    assert response.status_code == 200, response.text


def wait_for_run(
    client: TestClient,
    run_id: str,
    timeout: float = 90.0,  # type: ignore[type-arg]
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"/api/v1/runs/{run_id}")
        assert response.status_code == 200, response.text
        run: dict[str, Any] = response.json()
        if run["status"] in TERMINAL:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} did not end within {timeout}s")
