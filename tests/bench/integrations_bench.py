"""Integrations benchmark: webhook delivery latency and the cost of Idempotency-Key.

    uv run python tests/bench/integrations_bench.py [--runs 40] [--posts 60]

A fresh database, a real `skriptoteket serve` and one `skriptoteket worker` (noop runner: the
figures are the platform's, no tool executes) on 127.0.0.1, and a webhook receiver on
127.0.0.1 (tests/webhook_receiver.py) registered for run.finished.

- delivery latency: for `--runs` runs one after the other (POST ...?wait=30), the time from
  the run's `finished_at` (as stored by the worker) to the receiver getting the signed
  delivery, p50/p95 (same host clock);
- idempotent POST overhead: `--posts` POST /tools/{slug}/runs alternating with and without an
  Idempotency-Key (a fresh key each), client-side latency p50/p95 of each in the same run, and
  a repeat of a key (the replay) for comparison.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import make_session, make_user  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.live_server import live_server  # noqa: E402
from tests.queue_support import workers  # noqa: E402
from tests.webhook_receiver import verifies, webhook_receiver  # noqa: E402

SLUG = "noll"
MANIFEST = {"contract": 1, "entrypoint": "main.py:run", "usage": "Inget.", "inputs": []}


def session_client(base: str, session: Any) -> httpx.Client:
    return httpx.Client(
        base_url=base,
        cookies={"skriptoteket_session": session.cookie},
        headers={"X-CSRF-Token": session.csrf_token},
        timeout=60,
    )


def publish(db: str, base: str) -> None:
    with session_client(base, make_session(db, make_user(db, role="contributor"))) as c:
        tool = {"slug": SLUG, "title": "Noll", "summary": "Inget.", "professions": ["larare"]}
        assert c.post("/api/v1/tools", json={**tool, "categories": ["klasslistor"]}).is_success
        version = {"base_version": 0, "manifest": MANIFEST, "change_summary": ""}
        files = {"main.py": "def run(ctx):\n    return {'outputs': []}\n"}
        assert c.post(f"/api/v1/tools/{SLUG}/versions", json={**version, "files": files}).is_success
        assert c.post(f"/api/v1/tools/{SLUG}/versions/1/submit").is_success
    with session_client(base, make_session(db, make_user(db, role="admin"))) as c:
        assert c.post(f"/api/v1/tools/{SLUG}/versions/1/publish").is_success


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--posts", type=int, default=60)
    args = parser.parse_args()
    settings = {
        "SKRIPTOTEKET_RUNNER": "noop",
        "SKRIPTOTEKET_DATA_DIR": "/tmp/integrations-bench",
        "SKRIPTOTEKET_WEBHOOK_ALLOW": "127.0.0.1",
        "SKRIPTOTEKET_RUN_RATE_PER_USER_PER_MINUTE": "0",
        "SKRIPTOTEKET_RUN_RATE_PER_TOKEN_PER_MINUTE": "0",
        "SKRIPTOTEKET_QUEUE_USER_QUEUED_CAP": "1000",
    }
    with (
        test_database() as db,
        webhook_receiver() as receiver,
        live_server(db, **settings) as base,
        workers(db, Path("/tmp/ib-noop.jsonl"), 1, **settings),
    ):
        publish(db, base)
        with session_client(base, make_session(db, make_user(db, role="admin"))) as admin:
            made = admin.post(
                "/api/v1/webhooks",
                json={"url": receiver.base + "/ok", "events": ["run.finished"]},
            )
            assert made.status_code == 201, made.text
            secret = made.json()["secret"]
        with session_client(base, make_session(db, make_user(db))) as user:
            token = user.post(
                "/api/v1/auth/tokens", json={"name": "bench", "scopes": ["runs:write"]}
            ).json()["token"]
        api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        url = f"/api/v1/tools/{SLUG}/runs"

        def run_once() -> dict[str, Any]:
            r = api.post(url, params={"wait": 30}, json={"inputs": {}})
            assert r.status_code == 200, r.text
            return dict(r.json()["run"])

        run_once()  # warm-up: the worker builds its registry at the first webhook
        receiver.wait_for(1, timeout=120)
        latencies = []
        for i in range(args.runs):
            run = run_once()
            (message,) = [
                m
                for m in receiver.wait_for(i + 2)
                if json.loads(m.body)["data"]["run_id"] == run["id"]
            ] or [None]
            assert message is not None and verifies(secret, message)
            finished = datetime.fromisoformat(run["finished_at"]).timestamp()
            latencies.append(message.at - finished)

        plain, keyed, replayed = [], [], []
        for _ in range(args.posts):
            key = str(uuid.uuid4())
            for kind, headers in (("plain", {}), ("keyed", {"Idempotency-Key": key})):
                began = time.perf_counter()
                r = api.post(url, json={"inputs": {}}, headers=headers)
                took = time.perf_counter() - began
                assert r.status_code == 202, r.text
                (plain if kind == "plain" else keyed).append(took)
            began = time.perf_counter()
            r = api.post(url, json={"inputs": {}}, headers={"Idempotency-Key": key})
            replayed.append(time.perf_counter() - began)
            assert r.headers.get("idempotent-replayed") == "true"
    figures = {
        "bench": "integrations",
        "runs": args.runs,
        "webhook_latency_ms_p50": pct(latencies, 0.5),
        "webhook_latency_ms_p95": pct(latencies, 0.95),
        "posts": args.posts,
        "post_plain_ms_p50": pct(plain, 0.5),
        "post_plain_ms_p95": pct(plain, 0.95),
        "post_idempotent_ms_p50": pct(keyed, 0.5),
        "post_idempotent_ms_p95": pct(keyed, 0.95),
        "idempotent_overhead_ms_p50": round(
            (statistics.median(keyed) - statistics.median(plain)) * 1000, 1
        ),
        "post_replayed_ms_p50": pct(replayed, 0.5),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
