"""CPU per no-op job of our queue: the worker processes' and their database backends' CPU
time (from /proc, so PostgreSQL must run on this machine) and the database's commits, over
`--jobs` jobs enqueued in one transaction, as in queue_bench.py's throughput.

    uv run --group bench python tests/bench/queue_cpu.py [--workers 4] [--jobs 20000]

On a shared machine jobs/s moves with the load; CPU per job much less, so before/after
comparisons of the worker's or the statements' cost read it here.
"""

from __future__ import annotations

import argparse
import asyncio
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


async def measure(workers: int, jobs: int) -> str:
    name = f"bench_cpu_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(qb.SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        c = qb.Ours(qb.database_url(name), Path(mkdtemp()) / "cpu.log")
        await c.setup()
        procs = [c.worker() for _ in range(workers)]
        try:
            await c.open()
            await qb.warm_up(c, workers)
            await c.enqueue_many(jobs)
            cur = await c.monitor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            backends = [int(r[0]) for r in await cur.fetchall()]
            commits = "SELECT xact_commit FROM pg_stat_database WHERE datname = %s"
            x0 = (await (await c.monitor.execute(commits, (name,))).fetchone() or (0,))[0]
            b0 = {p: cpu_s(p) for p in backends}
            w0 = sum(cpu_s(p.pid) for p in procs)
            began, load = time.monotonic(), os.getloadavg()[0]
            await qb.wait_for(lambda: qb._none_left(c), 600, f"{jobs} jobs")
            elapsed = time.monotonic() - began
            worker = sum(cpu_s(p.pid) for p in procs) - w0
            database = sum(cpu_s(p) - b0[p] for p in backends)
            await asyncio.sleep(1.5)  # backends report to pg_stat_database about once a second
            x1 = (await (await c.monitor.execute(commits, (name,))).fetchone() or (0,))[0]
            await c.close()
        finally:
            qb.stop(procs)
    finally:
        with psycopg.connect(qb.SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return (
        f"workers={workers} jobs/s={jobs / elapsed:.0f} "
        f"worker_us/job={worker / jobs * 1e6:.0f} database_us/job={database / jobs * 1e6:.0f} "
        f"commits/job={(x1 - x0) / jobs:.3f} load={load:.1f}->{os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=20_000)
    args = parser.parse_args()
    print(asyncio.run(measure(args.workers, args.jobs)))
