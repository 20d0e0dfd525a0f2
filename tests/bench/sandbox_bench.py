"""Sandbox benchmark: the editor's test run of the hello tool, side by side with a published run
of the same tool (the peer: the path a teacher's run takes), in the same run.

    uv run python tests/bench/sandbox_bench.py [--runs 20] [--runner auto|docker|noop]

A fresh database, a real `skriptoteket serve` and one `skriptoteket worker` on 127.0.0.1. One
maintainer POSTs --runs sandbox runs of runner-image/toolkit/examples/hello (multipart: the
unsaved snapshot, inputs, settings to try, the class list) and then --runs published runs of
it, one at a time, each followed on its event stream to the terminal state. Reported: p50/p95
of submit -> terminal event for each. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.runs_bench import (  # noqa: E402
    HELLO,
    TOOLS,
    aiter_lines,
    docker_available,
    pct,
    publish,
    sse_events_async,
)
from tests.builders import make_session, make_user  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.live_server import live_server  # noqa: E402
from tests.queue_support import workers  # noqa: E402

SLUG = TOOLS["hello"]["slug"]


async def timed(client: httpx.AsyncClient, path: str, data: dict[str, str], csv: bytes) -> float:
    began = time.perf_counter()
    response = await client.post(path, data=data, files={"klasslista": ("7A.csv", csv, "text/csv")})
    assert response.status_code == 202, response.text
    run_id = response.json()["run"]["id"]
    status = ""
    async with client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:
        async for event in sse_events_async(aiter_lines(stream)):
            if event.event == "run":
                status = json.loads(event.data)["status"]
    assert status == "succeeded", status
    return (time.perf_counter() - began) * 1000


async def measure(base: str, session: Any, runs: int, csv: bytes) -> dict[str, list[float]]:
    manifest = tomllib.loads((HELLO / "tool.toml").read_text(encoding="utf-8"))
    snapshot = {"manifest": manifest, "files": {"main.py": (HELLO / "main.py").read_text()}}
    inputs = json.dumps({"halsning": "God morgon", "blanda": False})
    sandbox = {"snapshot": json.dumps(snapshot), "inputs": inputs, "settings": '{"signatur": "/A"}'}
    async with httpx.AsyncClient(
        base_url=base,
        cookies={"skriptoteket_session": session.cookie},
        headers={"X-CSRF-Token": session.csrf_token},
        timeout=httpx.Timeout(60, read=120),
    ) as client:
        await timed(client, f"/api/v1/tools/{SLUG}/sandbox-runs", sandbox, csv)  # warm-up
        found: dict[str, list[float]] = {"sandbox": [], "published": []}
        for _ in range(runs):
            found["sandbox"].append(
                await timed(client, f"/api/v1/tools/{SLUG}/sandbox-runs", sandbox, csv)
            )
        for _ in range(runs):
            found["published"].append(
                await timed(client, f"/api/v1/tools/{SLUG}/runs", {"inputs": inputs}, csv)
            )
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--runner", choices=("auto", "docker", "noop"), default="auto")
    args = parser.parse_args()
    runner = args.runner
    if runner == "auto":
        runner = "docker" if docker_available() else "noop"
    settings = {
        "SKRIPTOTEKET_RUNNER": runner,
        "SKRIPTOTEKET_DATA_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "sandbox-bench"),
        # one maintainer runs them all: the per-minute cap of sandbox runs must not interfere
        "SKRIPTOTEKET_SANDBOX_RUN_RATE_PER_MINUTE": "10000",
    }
    csv = (HELLO / "7A.csv").read_bytes()
    with test_database() as db, live_server(db, **settings) as base:
        publish(db, base, TOOLS["hello"])
        maintainer = make_session(db, make_user(db, role="admin"))
        data_dir = Path(settings["SKRIPTOTEKET_DATA_DIR"])
        with workers(db, data_dir / "noop.jsonl", 1, concurrency=1, **settings):
            found = asyncio.run(measure(base, maintainer, args.runs, csv))
    figures = {
        "bench": "sandbox",
        "runner": runner,
        "runs": args.runs,
        "sandbox_hello_ms_p50": pct(found["sandbox"], 0.5),
        "sandbox_hello_ms_p95": pct(found["sandbox"], 0.95),
        "published_hello_ms_p50": pct(found["published"], 0.5),
        "published_hello_ms_p95": pct(found["published"], 0.95),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
