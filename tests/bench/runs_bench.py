"""Runs benchmark: simulated teachers running the hello tool through the API, following each
run's Server-Sent Events to the end.

    uv run python tests/bench/runs_bench.py [--teachers 50] [--runs 10] [--workers 1]
                                            [--concurrency 4] [--runner auto|docker|noop]

A fresh database (DATABASE_URL's server, else an embedded PostgreSQL), a real
`skriptoteket serve` and real `skriptoteket worker` processes on 127.0.0.1. The hello tool
(runner-image/toolkit/examples/hello) is created, saved and published through the API. Each
teacher (own account, own HTTP client) then, `--runs` times in a row: POSTs a run (multipart:
`inputs` + the class list), opens GET /runs/{id}/events and reads until the stream closes.

The runner: Docker (the image skriptoteket-runner:latest on DOCKER_HOST's engine) when
reachable, else the noop runner (a platform-only figure: no tool executes); `--runner` forces.

Reported: runs/s (all runs / wall time from the first submit to the last terminal event),
p50/p95 of submit -> terminal event, per-status counts, and lost or duplicated runs, which
must be zero: lost = a submitted run whose stream did not end with its terminal state, or that
is not terminal in the database; duplicated = a run the database holds more than once, a
stream that sent a status twice or out of order, or a job attempted more than once.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import make_session, make_user  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.live_server import live_server, sse_events  # noqa: E402
from tests.queue_support import workers  # noqa: E402

HELLO = ROOT / "runner-image" / "toolkit" / "examples" / "hello"
SLUG = "halsa-pa-klassen"
TERMINAL = {"succeeded", "failed", "timed_out", "cancelled"}
ORDER = {"queued": 0, "running": 1, **dict.fromkeys(TERMINAL, 2)}


def docker_available(image: str = "skriptoteket-runner:latest") -> bool:
    if not os.environ.get("DOCKER_HOST") and Path("/run/podman/podman.sock").exists():
        os.environ["DOCKER_HOST"] = "unix:///run/podman/podman.sock"
    try:
        import docker

        client = docker.from_env(timeout=5)
        client.ping()
        client.images.get(image)
        return True
    except Exception:
        return False


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))], 1)


def publish_hello(db: str, base: str) -> None:
    """A contributor creates and submits the hello tool; an admin publishes it."""
    contributor = make_session(db, make_user(db, role="contributor"))
    admin = make_session(db, make_user(db, role="admin"))
    manifest = tomllib.loads((HELLO / "tool.toml").read_text(encoding="utf-8"))
    files = {"main.py": (HELLO / "main.py").read_text(encoding="utf-8")}

    def client(session: Any) -> httpx.Client:
        return httpx.Client(
            base_url=base,
            cookies={"skriptoteket_session": session.cookie},
            headers={"X-CSRF-Token": session.csrf_token},
            timeout=30,
        )

    with client(contributor) as c:
        r = c.post(
            "/api/v1/tools",
            json={
                "slug": SLUG,
                "title": "Hälsa på klassen",
                "summary": "Hälsar på varje elev i klasslistan.",
                "professions": ["larare"],
                "categories": ["klasslistor"],
            },
        )
        assert r.status_code == 201, r.text
        r = c.post(
            f"/api/v1/tools/{SLUG}/versions",
            json={"base_version": 0, "manifest": manifest, "files": files, "change_summary": ""},
        )
        assert r.status_code == 201, r.text
        r = c.post(f"/api/v1/tools/{SLUG}/versions/1/submit")
        assert r.status_code == 200, r.text
    with client(admin) as c:
        r = c.post(f"/api/v1/tools/{SLUG}/versions/1/publish")
        assert r.status_code == 200, r.text


class Teacher:
    def __init__(self, base: str, session: Any, runs: int, class_list: bytes) -> None:
        self.client = httpx.AsyncClient(
            base_url=base,
            cookies={"skriptoteket_session": session.cookie},
            headers={"X-CSRF-Token": session.csrf_token},
            timeout=httpx.Timeout(60, read=120),
        )
        self.runs = runs
        self.class_list = class_list
        self.submitted: list[str] = []
        self.latencies: list[float] = []
        self.endings: dict[str, str] = {}
        self.problems: list[str] = []
        self.submit_errors = 0
        self.submit_s: list[float] = []

    async def work(self) -> None:
        async with self.client:
            for _ in range(self.runs):
                await self.one_run()

    async def one_run(self) -> None:
        began = time.perf_counter()
        response = await self.client.post(
            f"/api/v1/tools/{SLUG}/runs",
            data={"inputs": json.dumps({"halsning": "God morgon", "blanda": False})},
            files={"klasslista": ("7A.csv", self.class_list, "text/csv")},
        )
        self.submit_s.append(time.perf_counter() - began)
        if response.status_code != 202:
            self.submit_errors += 1
            self.problems.append(f"submit {response.status_code}: {response.text[:200]}")
            return
        run_id = response.json()["run"]["id"]
        self.submitted.append(run_id)
        statuses: list[str] = []
        ids: list[int] = []
        async with self.client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream:
            if stream.status_code != 200:
                self.problems.append(f"stream {stream.status_code} for {run_id}")
                return
            lines = aiter_lines(stream)
            async for event in sse_events_async(lines):
                if event.event != "run":
                    continue
                data = json.loads(event.data)
                if data["id"] != run_id:
                    self.problems.append(f"stream of {run_id} sent run {data['id']}")
                statuses.append(data["status"])
                ids.append(int(event.id or 0))
        elapsed = time.perf_counter() - began
        ranks = [ORDER[s] for s in statuses]
        if len(set(statuses)) != len(statuses) or ranks != sorted(ranks) or ids != sorted(ids):
            self.problems.append(f"duplicate or out-of-order states for {run_id}: {statuses}")
        if not statuses or statuses[-1] not in TERMINAL:
            self.problems.append(f"stream of {run_id} closed before the end: {statuses}")
            return
        self.endings[run_id] = statuses[-1]
        self.latencies.append(elapsed)


async def aiter_lines(stream: httpx.Response) -> Any:
    async for line in stream.aiter_lines():
        yield line


async def sse_events_async(lines: Any) -> Any:
    """tests.live_server.sse_events over an async line iterator."""
    buffer: list[str] = []
    async for line in lines:
        buffer.append(line)
        if line == "":
            for event in sse_events(iter(buffer)):
                yield event
            buffer = []


async def drive(teachers: list[Teacher]) -> float:
    began = time.perf_counter()
    await asyncio.gather(*(t.work() for t in teachers))
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teachers", type=int, default=50)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--runner", choices=("auto", "docker", "noop"), default="auto")
    args = parser.parse_args()

    runner = args.runner
    if runner == "auto":
        runner = "docker" if docker_available() else "noop"
    elif runner == "docker" and not docker_available():
        sys.exit("the Docker runner was asked for, but no engine or image is available")
    class_list = (HELLO / "7A.csv").read_bytes()
    settings = {
        "SKRIPTOTEKET_RUNNER": runner,
        "SKRIPTOTEKET_DATA_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "runs-bench"),
    }
    total = args.teachers * args.runs
    print(
        f"{args.teachers} teachers x {args.runs} runs of the hello tool; runner: {runner}; "
        f"{args.workers} worker process(es) x concurrency {args.concurrency}"
    )
    with test_database() as db:
        sessions = [make_session(db, make_user(db)) for _ in range(args.teachers)]
        with live_server(db, **settings) as base:
            publish_hello(db, base)
            teachers = [Teacher(base, s, args.runs, class_list) for s in sessions]
            with workers(
                db,
                Path(settings["SKRIPTOTEKET_DATA_DIR"]) / "noop.jsonl",
                args.workers,
                concurrency=args.concurrency,
                **settings,
            ):
                # Warm-up (not timed): one run through the whole path, so the worker
                # processes are up and the image is in the page cache.
                warm = Teacher(base, make_session(db, make_user(db)), 1, class_list)
                asyncio.run(warm.work())
                assert warm.endings, f"the warm-up run did not finish: {warm.problems}"
                time.sleep(2)  # any further worker process has started by now
                wall = asyncio.run(drive(teachers))
        with psycopg.connect(db) as conn:
            db_runs = conn.execute(
                "SELECT id::text, status FROM runs WHERE user_id = ANY(%s)",
                ([s.user.id for s in sessions],),
            ).fetchall()
            retried = conn.execute("SELECT count(*) FROM jobs WHERE attempts > 1").fetchone()
            # Server-side phases: waiting in the queue, and claim to stored verdict.
            phases = conn.execute(
                "SELECT extract(epoch FROM started_at - queued_at) * 1000, "
                "extract(epoch FROM finished_at - started_at) * 1000 FROM runs "
                "WHERE user_id = ANY(%s) AND started_at IS NOT NULL AND finished_at IS NOT NULL",
                ([s.user.id for s in sessions],),
            ).fetchall()

    submitted = [r for t in teachers for r in t.submitted]
    endings = {r: s for t in teachers for r, s in t.endings.items()}
    latencies = [x * 1000 for t in teachers for x in t.latencies]
    problems = [p for t in teachers for p in t.problems]
    db_status = dict(db_runs)
    lost = sum(
        1
        for r in submitted
        if r not in endings or db_status.get(r) not in TERMINAL or db_status.get(r) != endings[r]
    )
    duplicated = (
        (len(db_runs) - len(db_status))
        + (len(submitted) - len(set(submitted)))
        + sum(1 for p in problems if p.startswith("duplicate"))
        + int(retried[0] if retried else 0)
    )
    submit_errors = sum(t.submit_errors for t in teachers)
    queued_ms = [float(q) for q, _ in phases]
    running_ms = [float(r) for _, r in phases]
    submit_ms = [x * 1000 for t in teachers for x in t.submit_s]
    by_status = Counter(endings.values())
    for p in problems[:10]:
        print("problem:", p)
    figures = {
        "bench": "runs",
        "runner": runner,
        "teachers": args.teachers,
        "runs_per_teacher": args.runs,
        "workers": args.workers,
        "worker_concurrency": args.concurrency,
        "runs": total,
        "completed": len(latencies),
        "statuses": dict(by_status),
        "wall_s": round(wall, 2),
        "runs_per_s": round(len(latencies) / wall, 2),
        "submit_to_terminal_ms_p50": pct(latencies, 0.5) if latencies else None,
        "submit_to_terminal_ms_p95": pct(latencies, 0.95) if latencies else None,
        "submit_to_terminal_ms_mean": round(statistics.fmean(latencies), 1) if latencies else None,
        "submit_request_ms_p50": pct(submit_ms, 0.5) if submit_ms else None,
        "queued_ms_p50": pct(queued_ms, 0.5) if queued_ms else None,
        "queued_ms_p95": pct(queued_ms, 0.95) if queued_ms else None,
        "running_ms_p50": pct(running_ms, 0.5) if running_ms else None,
        "running_ms_p95": pct(running_ms, 0.95) if running_ms else None,
        "submit_errors": submit_errors,
        "lost": lost + submit_errors,
        "duplicated": duplicated,
    }
    print(
        f"{figures['completed']}/{total} runs in {figures['wall_s']} s: "
        f"{figures['runs_per_s']} runs/s; submit -> terminal p50 "
        f"{figures['submit_to_terminal_ms_p50']} ms, p95 {figures['submit_to_terminal_ms_p95']} ms; "
        f"statuses {dict(by_status)}; lost {figures['lost']}, duplicated {duplicated}"
    )
    print(
        f"phases (p50): POST {figures['submit_request_ms_p50']} ms; queued "
        f"{figures['queued_ms_p50']} ms (p95 {figures['queued_ms_p95']}); claim -> verdict "
        f"{figures['running_ms_p50']} ms (p95 {figures['running_ms_p95']})"
    )
    print(json.dumps(figures))
    return 0 if figures["lost"] == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
