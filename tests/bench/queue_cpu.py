"""CPU per no-op job: ours beside pgqueuer, in one run. The worker processes' and their database
backends' CPU time (from /proc, so PostgreSQL must run on this machine) and the database's
commits, over `--jobs` jobs enqueued in one transaction, as in queue_bench.py's throughput.

    uv run --group bench python tests/bench/queue_cpu.py [--workers 4] [--jobs 20000]
        [--only ours pgqueuer]

On a shared machine jobs/s moves with the load; CPU per job much less, so before/after
comparisons of the worker's or the statements' cost read it here. Each contender's line is
printed as it ends; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from pathlib import Path
from tempfile import mkdtemp

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import queue_bench as qb

TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


async def measure(kind: type[qb.Contender], workers: int, jobs: int) -> dict[str, float]:
    name = f"bench_cpu_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(qb.SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        c = kind(qb.database_url(name), Path(mkdtemp()) / "cpu.log")
        await c.setup()
        procs = [c.worker() for _ in range(workers)]
        monitor = await psycopg.AsyncConnection.connect(qb.database_url(name), autocommit=True)
        try:
            await c.open()
            await qb.warm_up(c, workers)
            await c.enqueue_many(jobs)
            cur = await monitor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            backends = [int(r[0]) for r in await cur.fetchall()]
            commits = "SELECT xact_commit FROM pg_stat_database WHERE datname = %s"
            x0 = (await (await monitor.execute(commits, (name,))).fetchone() or (0,))[0]
            b0 = {p: cpu_s(p) for p in backends}
            w0 = sum(cpu_s(p.pid) for p in procs)
            began, load = time.monotonic(), os.getloadavg()[0]
            await qb.wait_for(lambda: qb._none_left(c), 600, f"{jobs} jobs")
            elapsed = time.monotonic() - began
            worker = sum(cpu_s(p.pid) for p in procs) - w0
            database = sum(cpu_s(p) - b0[p] for p in backends)
            await asyncio.sleep(1.5)  # backends report to pg_stat_database about once a second
            x1 = (await (await monitor.execute(commits, (name,))).fetchone() or (0,))[0]
            await c.close()
        finally:
            await monitor.close()
            qb.stop(procs)
    finally:
        with psycopg.connect(qb.SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    figures = {
        "jobs_per_s": round(jobs / elapsed),
        "worker_us_per_job": round(worker / jobs * 1e6),
        "database_us_per_job": round(database / jobs * 1e6),
        "commits_per_job": round((x1 - x0) / jobs, 3),
        "load": round(load, 1),
    }
    print(f"{kind.name}: {figures}", flush=True)
    return figures


async def main(workers: int, jobs: int, only: list[str]) -> None:
    figures: dict[str, object] = {"bench": "queue_cpu", "workers": workers, "jobs": jobs}
    for kind in (qb.Ours, qb.Pgqueuer):
        if not only or kind.name in only:
            figures[kind.name] = await measure(kind, workers, jobs)
    figures["load_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=20_000)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    asyncio.run(main(args.workers, args.jobs, args.only))
