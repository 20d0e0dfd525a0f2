"""Load-and-fault soak: simulated teachers run a tool through the API for a few minutes while
a worker is killed -9, a second worker starts, and PostgreSQL is restarted once. Afterwards
every accepted run must be in exactly one terminal state: none lost, none started twice.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        uv run python tests/bench/soak.py [--seconds 180] [--teachers 20] [--runner noop|docker]

It restarts the PostgreSQL cluster behind DATABASE_URL with `pg_ctlcluster` (a Debian
cluster on this machine: version and name from --cluster), so point it at a server you may
restart. Traffic goes to 127.0.0.1 only; every loop is bounded by --seconds.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from runs_bench import HELLO, TERMINAL, Teacher, pct, publish_hello  # noqa: E402
from tests.builders import make_session, make_user  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.live_server import live_server  # noqa: E402
from tests.queue_support import start_worker  # noqa: E402


class SoakTeacher(Teacher):
    """Runs the tool again and again until the deadline; client errors are counted, not fatal."""

    def __init__(self, *args: Any, deadline: float) -> None:
        super().__init__(*args)
        self.deadline = deadline
        self.errors: Counter[str] = Counter()

    async def work(self) -> None:
        async with self.client:
            while time.monotonic() < self.deadline:
                try:
                    await self.one_run()
                except Exception as exc:  # a dropped connection during a fault
                    self.errors[type(exc).__name__] += 1
                    await asyncio.sleep(0.5)


def restart_postgres(cluster: str) -> float:
    version, name = cluster.split("/")
    began = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"], check=True
    )
    return time.monotonic() - began


async def faults(
    db: str, log: Path, settings: dict[str, str], seconds: float, cluster: str, events: list[str]
) -> list[subprocess.Popen[bytes]]:
    first = start_worker(db, log, concurrency=4, **settings)
    procs = [first]
    await asyncio.sleep(seconds * 0.25)
    os.kill(first.pid, signal.SIGKILL)
    events.append(f"{time.strftime('%X')} worker {first.pid} killed -9")
    await asyncio.sleep(1)
    procs.append(start_worker(db, log, concurrency=4, **settings))
    events.append(f"{time.strftime('%X')} second worker started")
    await asyncio.sleep(seconds * 0.25)
    took = await asyncio.to_thread(restart_postgres, cluster)
    events.append(f"{time.strftime('%X')} PostgreSQL restarted ({took:.1f} s)")
    return procs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--teachers", type=int, default=20)
    parser.add_argument("--runner", choices=("noop", "docker"), default="noop")
    parser.add_argument("--cluster", default="15/main")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL to a PostgreSQL server this soak may restart")

    data = Path(os.environ.get("TMPDIR", "/tmp")) / "soak"
    log = data / "noop.jsonl"
    log.unlink(missing_ok=True)
    settings = {
        "SKRIPTOTEKET_RUNNER": args.runner,
        "SKRIPTOTEKET_DATA_DIR": str(data),
        "SKRIPTOTEKET_NOOP_RUNNER_SLEEP_MS": "300",
        "SKRIPTOTEKET_QUEUE_USER_QUEUED_CAP": "1000",
    }
    class_list = (HELLO / "7A.csv").read_bytes()
    events: list[str] = []
    with test_database() as db:
        sessions = [make_session(db, make_user(db)) for _ in range(args.teachers)]
        with live_server(db, **settings) as base:
            publish_hello(db, base)
            deadline = time.monotonic() + args.seconds
            teachers = [SoakTeacher(base, s, 0, class_list, deadline=deadline) for s in sessions]

            async def soak() -> list[subprocess.Popen[bytes]]:
                fault = asyncio.create_task(
                    faults(db, log, settings, args.seconds, args.cluster, events)
                )
                await asyncio.gather(*(t.work() for t in teachers))
                return await fault

            began = time.monotonic()
            procs = asyncio.run(soak())
            # Let the surviving worker finish what was accepted (bounded).
            drain_deadline = time.monotonic() + 120
            while time.monotonic() < drain_deadline:
                with psycopg.connect(db) as conn:
                    open_runs = conn.execute(
                        "SELECT count(*) FROM runs WHERE status IN ('queued', 'running')"
                    ).fetchone()
                if open_runs and open_runs[0] == 0:
                    break
                time.sleep(1)
            wall = time.monotonic() - began
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs:
                p.wait(timeout=60)
        with psycopg.connect(db) as conn:
            db_runs = dict(conn.execute("SELECT id::text, status FROM runs").fetchall())

    accepted = [r for t in teachers for r in t.submitted]
    starts = (
        Counter(
            e["run_id"]
            for e in map(json.loads, log.read_text().splitlines())
            if e["event"] == "start"
        )
        if log.exists()
        else Counter()
    )
    lost = [r for r in accepted if db_runs.get(r) not in TERMINAL]
    doubled = [r for r, n in starts.items() if n > 1]
    latencies = [x * 1000 for t in teachers for x in t.latencies]
    client_errors = Counter[str]()
    for t in teachers:
        client_errors.update(t.errors)
        client_errors["submit_refused"] += t.submit_errors
    for line in events:
        print(line)
    figures = {
        "bench": "soak",
        "runner": args.runner,
        "seconds": args.seconds,
        "teachers": args.teachers,
        "runs_started": len(accepted),
        "finished_by_status": dict(Counter(db_runs[r] for r in accepted if r in db_runs)),
        "lost": len(lost),
        "doubled": len(doubled),
        "p50_ms": pct(latencies, 0.5) if latencies else None,
        "p95_ms": pct(latencies, 0.95) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "client_errors": dict(+client_errors),
        "wall_s": round(wall, 1),
    }
    print(json.dumps(figures))
    return 0 if not lost and not doubled else 1


if __name__ == "__main__":
    raise SystemExit(main())
