"""/readyz asks for a live worker when SKRIPTOTEKET_READY_WORKER_WITHIN_S is set (compose sets
it): 503 naming the worker check until a heartbeat is that fresh, 200 once one is."""

from __future__ import annotations

import psycopg
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings

BEAT = """
INSERT INTO worker_heartbeats (id, hostname, pid, runner, started_at, last_seen_at)
VALUES (%s, 'worker-host', 1, 'docker', now() - make_interval(secs => %s),
        now() - make_interval(secs => %s))
"""


def readiness(db: str, within_s: int) -> tuple[int, dict[str, str]]:
    settings = Settings(database_url=db, log_json=False, ready_worker_within_s=within_s)
    with TestClient(app=create_app(settings)) as client:
        response = client.get("/readyz")
    return response.status_code, response.json()["checks"]


def beat(db: str, worker: str, age_s: int) -> None:
    with psycopg.connect(db) as conn:
        conn.execute(BEAT, (worker, age_s, age_s))


def test_readyz_waits_for_a_fresh_worker_heartbeat(db: str) -> None:
    status, checks = readiness(db, 30)
    assert status == 503
    assert checks["database"] == "ok"
    assert "No worker has sent a heartbeat within 30 s" in checks["worker"]

    beat(db, "gone:1:aaa", age_s=120)  # a worker that died two minutes ago
    assert readiness(db, 30)[0] == 503

    beat(db, "alive:2:bbb", age_s=1)
    status, checks = readiness(db, 30)
    assert (status, checks) == (200, {"database": "ok", "worker": "ok"})


def test_by_default_readyz_does_not_ask_for_workers(db: str) -> None:
    status, checks = readiness(db, 0)
    assert status == 200
    assert "worker" not in checks
