"""Runs benchmark: simulated teachers running a tool through the API, following each run's
Server-Sent Events to the end; the runner's cold path and its pooled path side by side.

    uv run python tests/bench/runs_bench.py [--teachers 50] [--runs 10] [--workers 1]
        [--concurrency 0] [--runner auto|docker|bwrap|noop] [--tool hello|namnlista]
        [--pool 2] [--compare] [--think-ms 0]

The figures the goals of docs/runners.md are measured with:
    --compare --teachers 1 --runs 30 --think-ms 1500              (hello, one run at a time)
    --compare --teachers 1 --runs 30 --think-ms 1500 --tool namnlista   (a 30-row CSV)
    --compare                                                     (50 teachers x 10 runs)
--compare runs the same load twice against the same server: workers without a pool (every
sandbox started cold), then workers with `--pool` idle sandboxes each. --think-ms is a pause
between one teacher's runs (reading the result), so a one-at-a-time run finds the pool refilled.

A fresh database (DATABASE_URL's server, else an embedded PostgreSQL), a real
`skriptoteket serve` and real `skriptoteket worker` processes on 127.0.0.1. The tool (hello from
runner-image/toolkit/examples/hello, or namnlista from the script bank) is created, saved and
published through the API. Each teacher (own account, own HTTP client) then, `--runs` times in
a row: POSTs a run (multipart: `inputs` + a class list), opens GET /runs/{id}/events and reads
until the stream closes (the terminal event carries the whole result: no further request).

The runner: Docker (the image skriptoteket-runner:latest on DOCKER_HOST's engine) when
reachable, else the noop runner (a platform-only figure: no tool executes); `--runner` forces.

Reported: runs/s (all runs / wall time from the first submit to the last terminal event),
p50/p95 of submit -> terminal event, per-status counts, and lost or duplicated runs, which
must be zero: lost = a submitted run whose stream did not end with its terminal state, or that
is not terminal in the database; duplicated = a run the database holds more than once, a
stream that sent a status twice or out of order (a queued run is sent again only when its
place in the queue changed), or a job attempted more than once.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
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
NAMNLISTA = ROOT / "backend" / "script_bank" / "namnlista"
CLASS_30 = (
    "Namn\n"
    + "".join(
        f"{first} {last}\n"
        for first, last in zip(
            ["ÅSA", "erik", "Zoë", "Carl", "Maja", "Ali", "Noor", "Elsa", "Liam", "Saga"] * 3,
            [
                "Öberg",
                "JOHANSSON",
                "von Linné",
                "Svensson",
                "Nilsson",
                "Hassan",
                "Karlsson",
                "Berg",
                "Lind",
                "Ek",
            ]
            * 3,
            strict=True,
        )
    )
).encode()
TOOLS: dict[str, dict[str, Any]] = {
    "hello": {
        "slug": "halsa-pa-klassen",
        "folder": HELLO,
        "meta": {
            "title": "Hälsa på klassen",
            "summary": "Hälsar på varje elev i klasslistan.",
            "professions": ["larare"],
            "categories": ["klasslistor"],
        },
        "inputs": {"halsning": "God morgon", "blanda": False},
        "file": ("klasslista", "7A.csv", (HELLO / "7A.csv").read_bytes(), "text/csv"),
    },
    "namnlista": {
        "slug": "namnlista",
        "folder": NAMNLISTA,
        "meta": None,  # from tool.toml's [tool]
        "inputs": {"format": "fornamn_efternamn", "versaler": True, "sortera": False},
        "file": ("lista", "klass.csv", CLASS_30, "text/csv"),
    },
}
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


def publish(db: str, base: str, tool: dict[str, Any]) -> None:
    """A contributor creates and submits the tool; an admin publishes it."""
    contributor = make_session(db, make_user(db, role="contributor"))
    admin = make_session(db, make_user(db, role="admin"))
    folder: Path = tool["folder"]
    slug = tool["slug"]
    manifest = tomllib.loads((folder / "tool.toml").read_text(encoding="utf-8"))
    meta = tool["meta"] or {
        k: manifest["tool"][k] for k in ("title", "summary", "professions", "categories")
    }
    manifest.pop("tool", None)  # the catalog's part of a script bank manifest, sent above
    files = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.suffix == ".py"}

    def client(session: Any) -> httpx.Client:
        return httpx.Client(
            base_url=base,
            cookies={"skriptoteket_session": session.cookie},
            headers={"X-CSRF-Token": session.csrf_token},
            timeout=30,
        )

    with client(contributor) as c:
        r = c.post("/api/v1/tools", json={"slug": slug, **meta})
        assert r.status_code == 201, r.text
        r = c.post(
            f"/api/v1/tools/{slug}/versions",
            json={"base_version": 0, "manifest": manifest, "files": files, "change_summary": ""},
        )
        assert r.status_code == 201, r.text
        r = c.post(f"/api/v1/tools/{slug}/versions/1/submit")
        assert r.status_code == 200, r.text
    with client(admin) as c:
        r = c.post(f"/api/v1/tools/{slug}/versions/1/publish")
        assert r.status_code == 200, r.text


class Teacher:
    def __init__(
        self, base: str, session: Any, runs: int, tool: dict[str, Any], think_s: float = 0.0
    ) -> None:
        self.client = httpx.AsyncClient(
            base_url=base,
            cookies={"skriptoteket_session": session.cookie},
            headers={"X-CSRF-Token": session.csrf_token},
            timeout=httpx.Timeout(60, read=120),
        )
        self.runs = runs
        self.tool = tool
        self.think_s = think_s
        self.submitted: list[str] = []
        self.latencies: list[float] = []
        self.endings: dict[str, str] = {}
        self.problems: list[str] = []
        self.submit_errors = 0
        self.submit_s: list[float] = []

    async def work(self) -> None:
        async with self.client:
            for number in range(self.runs):
                if number and self.think_s:
                    await asyncio.sleep(self.think_s)
                await self.one_run()

    async def one_run(self) -> None:
        began = time.perf_counter()
        field, name, data, media_type = self.tool["file"]
        response = await self.client.post(
            f"/api/v1/tools/{self.tool['slug']}/runs",
            data={"inputs": json.dumps(self.tool["inputs"])},
            files={field: (name, data, media_type)},
        )
        self.submit_s.append(time.perf_counter() - began)
        if response.status_code != 202:
            self.submit_errors += 1
            self.problems.append(f"submit {response.status_code}: {response.text[:200]}")
            return
        run_id = response.json()["run"]["id"]
        self.submitted.append(run_id)
        statuses: list[str] = []
        positions: list[object] = []
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
                positions.append(data.get("queue_position"))
                ids.append(int(event.id or 0))
        elapsed = time.perf_counter() - began
        ranks = [ORDER[s] for s in statuses]
        # A waiting run is sent again when its place in the queue changes ("2 före dig");
        # any other state, or the same place, twice is a duplicate.
        states = list(zip(statuses, positions, strict=True))
        repeated = any(a == b or (a[0] == b[0] != "queued") for a, b in itertools.pairwise(states))
        if repeated or ranks != sorted(ranks) or ids != sorted(ids):
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


def run_load(
    db: str, base: str, args: argparse.Namespace, runner: str, pool: int, settings: dict[str, str]
) -> dict[str, Any]:
    """One side: fresh teachers, fresh workers with `pool` idle sandboxes each."""
    tool = TOOLS[args.tool]
    sessions = [make_session(db, make_user(db)) for _ in range(args.teachers)]
    side = {**settings, "SKRIPTOTEKET_RUNNER_POOL_SIZE": str(pool)}
    total = args.teachers * args.runs
    teachers = [Teacher(base, s, args.runs, tool, args.think_ms / 1000) for s in sessions]
    with workers(
        db,
        Path(settings["SKRIPTOTEKET_DATA_DIR"]) / "noop.jsonl",
        args.workers,
        concurrency=args.concurrency,
        **side,
    ):
        # Warm-up (not timed): one run through the whole path, so the worker processes are up
        # and the image is in the page cache; then the pool has time to fill.
        warm = Teacher(base, make_session(db, make_user(db)), 1, tool)
        asyncio.run(warm.work())
        assert warm.endings, f"the warm-up run did not finish: {warm.problems}"
        time.sleep(2 + (8 if pool else 0))
        load = os.getloadavg()[0]
        wall = asyncio.run(drive(teachers))
    with psycopg.connect(db) as conn:
        user_ids = [s.user.id for s in sessions]
        db_runs = conn.execute(
            "SELECT id::text, status FROM runs WHERE user_id = ANY(%s)", (user_ids,)
        ).fetchall()
        retried = conn.execute(
            "SELECT count(*) FROM jobs j JOIN runs r ON r.id = j.run_id "
            "WHERE j.attempts > 1 AND r.user_id = ANY(%s)",
            (user_ids,),
        ).fetchone()
        # Server-side phases: waiting in the queue, and claim to stored verdict.
        phases = conn.execute(
            "SELECT extract(epoch FROM started_at - queued_at) * 1000, "
            "extract(epoch FROM finished_at - started_at) * 1000 FROM runs "
            "WHERE user_id = ANY(%s) AND started_at IS NOT NULL AND finished_at IS NOT NULL",
            (user_ids,),
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
    for p in problems[:10]:
        print("problem:", p)
    figures: dict[str, Any] = {
        "pool": pool,
        "runs": total,
        "completed": len(latencies),
        "statuses": dict(Counter(endings.values())),
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
        "load_average": round(load, 2),
    }
    print(
        f"pool {pool}: {figures['completed']}/{total} runs in {figures['wall_s']} s: "
        f"{figures['runs_per_s']} runs/s; submit -> terminal p50 "
        f"{figures['submit_to_terminal_ms_p50']} ms, p95 {figures['submit_to_terminal_ms_p95']} ms; "
        f"statuses {figures['statuses']}; lost {figures['lost']}, duplicated {duplicated}; "
        f"load {figures['load_average']}"
    )
    print(
        f"  phases (p50): POST {figures['submit_request_ms_p50']} ms; queued "
        f"{figures['queued_ms_p50']} ms (p95 {figures['queued_ms_p95']}); claim -> verdict "
        f"{figures['running_ms_p50']} ms (p95 {figures['running_ms_p95']})"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teachers", type=int, default=50)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=0, help="0: from the machine")
    parser.add_argument("--runner", choices=("auto", "docker", "bwrap", "noop"), default="auto")
    parser.add_argument("--tool", choices=tuple(TOOLS), default="hello")
    parser.add_argument("--pool", type=int, default=2, help="idle sandboxes per worker")
    parser.add_argument("--compare", action="store_true", help="pool 0 first, then --pool")
    parser.add_argument("--think-ms", type=int, default=0)
    args = parser.parse_args()

    runner = args.runner
    if runner == "auto":
        runner = "docker" if docker_available() else "noop"
    elif runner == "docker" and not docker_available():
        sys.exit("the Docker runner was asked for, but no engine or image is available")
    settings = {
        "SKRIPTOTEKET_RUNNER": runner,
        "SKRIPTOTEKET_DATA_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "runs-bench"),
    }
    print(
        f"{args.teachers} teachers x {args.runs} runs of {args.tool}; runner: {runner}; "
        f"{args.workers} worker process(es) x concurrency {args.concurrency or 'auto'}; "
        f"think {args.think_ms} ms"
    )
    sides = [0, args.pool] if args.compare else [args.pool]
    with test_database() as db, live_server(db, **settings) as base:
        publish(db, base, TOOLS[args.tool])
        results = [run_load(db, base, args, runner, pool, settings) for pool in sides]
    figures = {
        "bench": "runs",
        "runner": runner,
        "tool": args.tool,
        "teachers": args.teachers,
        "runs_per_teacher": args.runs,
        "workers": args.workers,
        "worker_concurrency": args.concurrency or "auto",
        "think_ms": args.think_ms,
        **{("pooled" if r["pool"] else "cold"): r for r in results},
    }
    print(json.dumps(figures))
    return 0 if all(r["lost"] == 0 and r["duplicated"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
