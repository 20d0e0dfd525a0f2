"""While three contributors save maximal hostile sources, another client's cheap GET stays fast:
the syntax check runs in the CPU pool, not on the event loop (a real server process).

The bound is relative to the same client's baseline in the same test, so a loaded machine
moves both: p99 under load may exceed the quiet p99 by at most 50 ms. With the check on the
event loop each save stalls every request for the whole compile (~0.5-1 s).
"""

from __future__ import annotations

from tests.hostile_saves import measure
from tests.live_server import live_server

MARGIN_MS = 50.0


def test_hostile_saves_do_not_stall_other_requests(database_url: str) -> None:
    with live_server(database_url, SKRIPTOTEKET_CPU_WORKERS="1") as base:
        figures = measure(database_url, base, savers=3, samples=200)
    summary = figures.summary()
    assert figures.saves >= 3 and figures.save_statuses == {422}, summary
    assert summary["load_p99_ms"] < summary["baseline_p99_ms"] + MARGIN_MS, summary


def test_saves_past_the_per_user_limit_are_429_with_retry_after(db: str) -> None:
    from litestar.testing import TestClient

    from skriptoteket.entrypoints.asgi import create_app
    from skriptoteket.infrastructure.settings import Settings
    from tests.builders import make_session, make_user
    from tests.catalog_builders import act_as, create_tool, manifest

    settings = Settings(database_url=db, log_json=False, save_rate_per_minute=2)
    with TestClient(app=create_app(settings)) as client:
        act_as(client, make_session(db, make_user(db, role="contributor")))
        create_tool(client, "takt")
        body = {"base_version": 0, "manifest": manifest(), "files": {"main.py": "x = (\n"}}
        answers = [client.post("/api/v1/tools/takt/versions", json=body) for _ in range(3)]
    assert [a.status_code for a in answers] == [422, 422, 429]
    assert answers[2].json()["code"] == "rate_limited"
    assert 1 <= int(answers[2].headers["retry-after"]) <= 60
