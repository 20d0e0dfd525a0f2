"""Workers are visible: GET /system/status follows real worker processes (heartbeats, a clean
stop, a kill -9), and a queued run knows how many runs are ahead of it."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings
from tests.builders import make_session, make_user
from tests.catalog_builders import act_as
from tests.conftest import fast_hasher
from tests.queue_support import start_worker, wait_until

from .conftest import publish_tool, wait_for_run

ALIVE_S = 3
MANIFEST = {"contract": 1, "entrypoint": "main.py:run", "usage": "Hej.", "inputs": []}
TOOL = 'def run(ctx):\n    return {"outputs": []}\n'


@pytest.fixture
def client(db: str, tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = Settings(database_url=db, log_json=False, data_dir=tmp_path, worker_alive_s=ALIVE_S)
    with TestClient(app=create_app(settings, configure=fast_hasher)) as c:
        yield c


def status(client: TestClient) -> dict[str, Any]:  # type: ignore[type-arg]
    response = client.get("/api/v1/system/status")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def worker(db: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    return start_worker(
        db,
        tmp_path / "events.jsonl",
        SKRIPTOTEKET_WORKER_HEARTBEAT_MS="200",
        SKRIPTOTEKET_DATA_DIR=str(tmp_path),
    )


def test_status_needs_a_signed_in_user(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/api/v1/system/status")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_status_and_queue_positions_follow_real_workers(
    db: str,
    client: TestClient,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    maintainer = make_session(db, make_user(db, role="contributor"))
    admin = make_session(db, make_user(db, role="admin"))
    publish_tool(client, maintainer, admin, "hej", MANIFEST, {"main.py": TOOL})
    act_as(client, make_session(db, make_user(db)))

    # No worker: nobody answers, and queued runs count their places in the queue.
    before = status(client)
    assert before["workers_alive"] == 0
    assert before["runs_waiting"] == 0
    assert before["alive_within_s"] == ALIVE_S
    run_ids = []
    for _ in range(3):
        response = client.post("/api/v1/tools/hej/runs", json={"inputs": {}})
        assert response.status_code == 202, response.text
        run_ids.append(response.json()["run"]["id"])
    positions = [client.get(f"/api/v1/runs/{rid}").json()["queue_position"] for rid in run_ids]
    assert positions == [0, 1, 2]
    listed = {r["id"]: r["queue_position"] for r in client.get("/api/v1/runs").json()["items"]}
    assert [listed[rid] for rid in run_ids] == [0, 1, 2]
    assert status(client)["runs_waiting"] == 3

    # A worker starts: it heartbeats, and the waiting runs finish.
    first = worker(db, tmp_path)
    try:
        wait_until(lambda: status(client)["workers_alive"] == 1, 30, "the worker's heartbeat")
        for rid in run_ids:
            run = wait_for_run(client, rid, timeout=30)
            assert run["status"] == "succeeded", run
            assert run["queue_position"] is None
        now = status(client)
        assert now["runs_waiting"] == 0
        assert now["last_heartbeat_at"] is not None
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
    # A clean stop removes the heartbeat at once.
    assert first.returncode == 0
    assert status(client)["workers_alive"] == 0

    # A worker killed -9 leaves its heartbeat behind; it stops counting after the window.
    second = worker(db, tmp_path)
    try:
        wait_until(lambda: status(client)["workers_alive"] == 1, 30, "the second heartbeat")
    finally:
        second.kill()
        second.wait(timeout=10)
    killed_at = time.monotonic()
    assert status(client)["workers_alive"] == 1
    wait_until(lambda: status(client)["workers_alive"] == 0, ALIVE_S + 5, "the window to pass")
    assert time.monotonic() - killed_at >= ALIVE_S - 1
    assert status(client)["last_heartbeat_at"] is not None
