"""The run queue against procrastinate and pgqueuer, side by side on one PostgreSQL server.

    uv sync --group bench
    uv run --group bench python tests/bench/queue_bench.py [--jobs 20000] [--latency-jobs 1000]

Server: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres); each
contender gets a fresh database of its own, dropped afterwards. Jobs do nothing; each worker
records, per job, the wall-clock time it started (all processes share the machine's clock).

- latency: one idle worker process; jobs enqueued one at a time, 20 ms apart, by one producer
  and then by 4 producers at once (each its own connection, each 20 ms apart);
  enqueue→start is the job's start time minus the time just before the enqueue call. Ours
  also reports enqueue→claim: the claim statement's start (its run's `started_at`, now() of
  the claim) minus the same time; our tool then starts after the durable "started" mark.
- throughput: 1 and 4 worker processes, already running and idle; `--jobs` jobs enqueued in
  one transaction; jobs/s = jobs / (from that commit until the library's tables show no job
  left to do, asked every 20 ms on one open connection).
- fsync: what one commit of a one-row INSERT costs on this server with synchronous_commit on
  and off (p50/p99), and `ours_sync_off`: ours again with synchronous_commit off for its whole
  database (bench only: the product never turns it off where durability is promised), so the
  share of the time that is the disk's flush can be read off.

Set-ups, each as its documentation recommends:
- ours: `skriptoteket worker` (noop runner, default settings but concurrency); enqueue with the
  same statements as the API (per-user lock, queued count, insert run + job, NOTIFY), pipelined
  as the API sends them (one round trip, then the COMMIT);
- procrastinate: PsycopgConnector, `app.run_worker_async` with LISTEN/NOTIFY (its default);
- pgqueuer: asyncpg connection, `PgQueuer(AsyncpgDriver(conn))` with `run()` defaults
  (batch_size 10), schema from `Queries.install()` (durable tables).
Worker concurrency: BENCH_CONCURRENCY (32) jobs at a time per process for ours and
procrastinate (their documented knob; no-op jobs want many in flight); pgqueuer's default has
no such cap. The load average before and after is in the JSON line: on a shared machine the
figures move with it, which is why the peers run in the same invocation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from tempfile import mkdtemp
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
USERS = 100  # ours: jobs spread over users, so the per-user running cap (2) is not the limit


def database_url(name: str) -> str:
    base, _, _ = SERVER.rpartition("/")
    return f"{base}/{name}"


def record(fd: int, key: str) -> None:
    os.write(fd, f"{key} {time.time()}\n".encode())


def read_starts(log: Path) -> dict[str, float]:
    starts: dict[str, float] = {}
    if log.exists():
        text = log.read_text()
        # Only whole lines: a worker's append may be read while it is still being written.
        for line in text[: text.rfind("\n") + 1].splitlines():
            if line.startswith("{"):  # the noop runner's JSON lines
                event = json.loads(line)
                if event["event"] == "start":
                    starts[event["run_id"]] = event["t"]
            elif line.strip():
                key, t = line.split()
                starts[key] = float(t)
    return starts


# --- worker processes of the peers (this file, run as `worker <lib> <dsn> <log>`) ---


async def procrastinate_worker(dsn: str, log: Path) -> None:
    app = procrastinate_app(dsn)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    @app.task(name="noop")
    async def noop(i: int) -> None:
        record(fd, str(i))

    async with app.open_async():
        await app.run_worker_async(concurrency=CONCURRENCY)


def procrastinate_app(dsn: str) -> Any:
    import procrastinate

    return procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))


async def pgqueuer_worker(dsn: str, log: Path) -> None:
    import asyncpg
    from pgqueuer import PgQueuer
    from pgqueuer.db import AsyncpgDriver
    from pgqueuer.models import Job

    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    connection = await asyncpg.connect(dsn)
    pgq = PgQueuer(AsyncpgDriver(connection))

    @pgq.entrypoint("noop")
    async def noop(job: Job) -> None:
        record(fd, (job.payload or b"").decode())

    await pgq.run()


# --- the contenders, as seen from the benchmark ---


class Contender:
    name = ""

    def __init__(self, dsn: str, log: Path) -> None:
        self.dsn = dsn
        self.log = log

    async def setup(self) -> None: ...

    def worker(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, __file__, "worker", self.name, self.dsn, str(self.log)],
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def enqueue_one(self, key: int) -> str:
        """Enqueue one job; the key its worker will record."""
        raise NotImplementedError

    async def producer(self) -> Callable[[int], Awaitable[str]]:
        """An enqueue_one of its own, safe to run beside the others (its own connection)."""
        return self.enqueue_one

    async def claimed_at(self, keys: list[str]) -> dict[str, float]:
        """When each job was claimed, where the library keeps it apart from the start."""
        return {}

    async def enqueue_many(self, count: int) -> None:
        raise NotImplementedError

    async def remaining(self) -> int:
        raise NotImplementedError


class Ours(Contender):
    name = "ours"

    async def setup(self) -> None:
        from tests.builders import make_user

        from skriptoteket.infrastructure.db.migrate import upgrade_to_head

        await asyncio.to_thread(
            upgrade_to_head, self.dsn.replace("postgresql://", "postgresql+psycopg://", 1)
        )
        self.users = [make_user(self.dsn).id for _ in range(USERS)]

    def worker(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": self.dsn,
            "SKRIPTOTEKET_RUNNER": "noop",
            "SKRIPTOTEKET_NOOP_RUNNER_LOG": str(self.log),
            "SKRIPTOTEKET_LOG_LEVEL": "ERROR",
        }
        return subprocess.Popen(
            [sys.executable, "-m", "skriptoteket", "worker", "--concurrency", str(CONCURRENCY)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )

    async def open(self) -> None:
        self.conn = await psycopg.AsyncConnection.connect(self.dsn)
        self.monitor = await psycopg.AsyncConnection.connect(self.dsn, autocommit=True)
        self.producers: list[psycopg.AsyncConnection[Any]] = []
        # Runs reference a real tool.
        self.tool_id = uuid.UUID("00000000-0000-4000-8000-0000000be4c0")
        await self.conn.execute(
            "INSERT INTO tools (id, slug, title, created_at, updated_at) "
            "VALUES (%s, 'bench', 'Bench', now(), now()) ON CONFLICT DO NOTHING",
            (self.tool_id,),
        )
        await self.conn.commit()

    async def close(self) -> None:
        for conn in [self.conn, self.monitor, *self.producers]:
            await conn.close()

    def _params(self, user_id: uuid.UUID) -> dict[str, Any]:
        from tests.queue_support import a_run_request

        from skriptoteket.application.runs.stored_request import stored_request

        return {
            "run_id": uuid.uuid4(),
            "user_id": user_id,
            "tool_id": self.tool_id,
            "tool_version_id": None,
            "tool_slug": "bench",
            "version_number": 1,
            "mode": "initial",
            "env": "production",
            "session_id": None,
            "request": stored_request(
                payload=a_run_request(), files={"main.py": "pass\n"}
            ).decode(),
            "priority": 0,
            "max_attempts": 2,
            "queued_cap": 10**8,
        }

    async def enqueue_one(self, key: int) -> str:
        return await self._enqueue(self.conn, key)

    async def _enqueue(self, conn: psycopg.AsyncConnection[Any], key: int) -> str:
        from skriptoteket.infrastructure.queue import sql

        params = self._params(self.users[key % USERS])
        # Pipelined, as the API enqueues (SessionStarts): BEGIN, the lock and ENQUEUE in one
        # round trip, COMMIT in the second.
        async with conn.pipeline(), conn.transaction():
            await conn.execute(sql.LOCK_USER_FOR_ENQUEUE, params)
            await (await conn.execute(sql.ENQUEUE, params)).fetchone()
        return str(params["run_id"])

    async def producer(self) -> Callable[[int], Awaitable[str]]:
        conn = await psycopg.AsyncConnection.connect(self.dsn)
        self.producers.append(conn)
        return lambda key: self._enqueue(conn, key)

    async def claimed_at(self, keys: list[str]) -> dict[str, float]:
        cursor = await self.monitor.execute(
            "SELECT id::text, extract(epoch FROM started_at)::float8 FROM runs "
            "WHERE id = ANY(%s::uuid[])",
            (keys,),
        )
        return {str(r[0]): float(r[1]) for r in await cursor.fetchall() if r[1] is not None}

    async def enqueue_many(self, count: int) -> None:
        from skriptoteket.infrastructure.queue import sql

        async with self.conn.transaction(), self.conn.cursor() as cur:
            await cur.executemany(
                sql.ENQUEUE, [self._params(self.users[i % USERS]) for i in range(count)]
            )

    async def remaining(self) -> int:
        cursor = await self.monitor.execute(
            "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0


class OursSyncOff(Ours):
    """Ours with synchronous_commit off for its whole database: the bench's way of showing
    what the disk's flush costs. Never a product setting."""

    name = "ours_sync_off"

    async def setup(self) -> None:
        await super().setup()
        database = self.dsn.rpartition("/")[2]
        async with await psycopg.AsyncConnection.connect(self.dsn, autocommit=True) as conn:
            await conn.execute(f'ALTER DATABASE "{database}" SET synchronous_commit = off')


class Procrastinate(Contender):
    name = "procrastinate"

    async def setup(self) -> None:
        app = procrastinate_app(self.dsn)
        async with app.open_async():
            await app.schema_manager.apply_schema_async()

    async def open(self) -> None:
        self.app = procrastinate_app(self.dsn)

        @self.app.task(name="noop")
        async def noop(i: int) -> None: ...

        self.task = noop
        await self.app.open_async()
        self.monitor = await psycopg.AsyncConnection.connect(self.dsn, autocommit=True)

    async def close(self) -> None:
        await self.monitor.close()
        await self.app.close_async()

    async def enqueue_one(self, key: int) -> str:
        await self.task.defer_async(i=key)
        return str(key)

    async def enqueue_many(self, count: int) -> None:
        await self.task.batch_defer_async(*({"i": 1_000_000 + i} for i in range(count)))

    async def remaining(self) -> int:
        cursor = await self.monitor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0


class Pgqueuer(Contender):
    name = "pgqueuer"

    async def setup(self) -> None:
        import asyncpg
        from pgqueuer.db import AsyncpgDriver
        from pgqueuer.queries import Queries

        connection = await asyncpg.connect(self.dsn)
        await Queries(AsyncpgDriver(connection)).install()
        await connection.close()

    async def open(self) -> None:
        import asyncpg
        from pgqueuer.db import AsyncpgDriver
        from pgqueuer.queries import Queries

        self.connection = await asyncpg.connect(self.dsn)
        self.queries = Queries(AsyncpgDriver(self.connection))
        self.producers: list[Any] = []

    async def close(self) -> None:
        for connection in [self.connection, *self.producers]:
            await connection.close()

    async def enqueue_one(self, key: int) -> str:
        await self.queries.enqueue("noop", str(key).encode())
        return str(key)

    async def producer(self) -> Callable[[int], Awaitable[str]]:
        import asyncpg
        from pgqueuer.db import AsyncpgDriver
        from pgqueuer.queries import Queries

        connection = await asyncpg.connect(self.dsn)
        self.producers.append(connection)
        queries = Queries(AsyncpgDriver(connection))

        async def enqueue(key: int) -> str:
            await queries.enqueue("noop", str(key).encode())
            return str(key)

        return enqueue

    async def enqueue_many(self, count: int) -> None:
        await self.queries.enqueue(
            ["noop"] * count,
            [str(1_000_000 + i).encode() for i in range(count)],
            [0] * count,
        )

    async def remaining(self) -> int:
        stats = await self.queries.queue_size()
        return sum(s.count for s in stats)


# --- the measurements ---


async def wait_for(check: Callable[[], Awaitable[bool]], within_s: float, what: str) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.02)
    raise TimeoutError(f"gave up after {within_s}s waiting for {what}")


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for w in workers:
        w.kill()
    for w in workers:
        w.wait()


async def warm_up(c: Contender, workers: int) -> None:
    """Until every worker process is up and idle: a few jobs done, then a pause."""
    keys = [await c.enqueue_one(-1 - i) for i in range(workers * 4)]
    await wait_for(
        lambda: asyncio.sleep(0, all(k in read_starts(c.log) for k in keys)), 60, "warm-up"
    )
    await wait_for(lambda: _none_left(c), 60, "warm-up jobs to end")
    await asyncio.sleep(1.0)


async def _none_left(c: Contender) -> bool:
    return await c.remaining() == 0


def percentiles(ms: list[float]) -> tuple[float, float]:
    ordered = sorted(ms)
    return (
        round(statistics.median(ordered), 2),
        round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
    )


async def latency(c: Contender, jobs: int, producers: int) -> dict[str, float]:
    """enqueue→start (and →claim where known) with one idle worker and `producers` enqueuing
    at once, each one job every 20 ms."""
    workers = [c.worker()]
    try:
        await c.open()
        await warm_up(c, 1)
        sent: dict[str, float] = {}

        async def produce(first: int) -> None:
            enqueue = await c.producer() if producers > 1 else c.enqueue_one
            for i in range(first, jobs, producers):
                t0 = time.time()
                key = await enqueue(i)
                sent[key] = t0
                await asyncio.sleep(0.02)

        await asyncio.gather(*(produce(p) for p in range(producers)))
        await wait_for(
            lambda: asyncio.sleep(0, all(k in read_starts(c.log) for k in sent)), 60, "starts"
        )
        starts = read_starts(c.log)
        claims = await c.claimed_at(list(sent))
        await c.close()
    finally:
        stop(workers)
    tail = "" if producers == 1 else f"_{producers}p"
    figures: dict[str, float] = {}
    figures[f"start_p50_ms{tail}"], figures[f"start_p99_ms{tail}"] = percentiles(
        [(starts[k] - t0) * 1000 for k, t0 in sent.items()]
    )
    if claims:
        figures[f"claim_p50_ms{tail}"], figures[f"claim_p99_ms{tail}"] = percentiles(
            [(claims[k] - t0) * 1000 for k, t0 in sent.items()]
        )
    return figures


async def throughput(c: Contender, jobs: int, worker_count: int) -> float:
    workers = [c.worker() for _ in range(worker_count)]
    try:
        await c.open()
        await warm_up(c, worker_count)
        await c.enqueue_many(jobs)
        committed = time.monotonic()
        await wait_for(lambda: _none_left(c), 600, f"{jobs} jobs")
        elapsed = time.monotonic() - committed
        await c.close()
    finally:
        stop(workers)
    return jobs / elapsed


async def measure(kind: type[Contender], jobs: int, latency_jobs: int) -> dict[str, float]:
    name = f"bench_{kind.name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    tmp = Path(mkdtemp(prefix="queue-bench-"))
    try:
        results: dict[str, float] = {}
        c = kind(database_url(name), tmp / "latency.log")
        await c.setup()
        for producers in (1, 4):
            c.log = tmp / f"latency-{producers}.log"
            results.update(await latency(c, latency_jobs, producers))
        for n in (1, 4):
            c.log = tmp / f"throughput-{n}.log"
            rate = await throughput(c, jobs, n)
            results[f"jobs_per_s_{n}w"] = round(rate, 1)
        print(f"{kind.name}: {results}", flush=True)
        return results
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fsync_cost(commits: int = 300) -> dict[str, float]:
    """p50/p99 of one autocommit INSERT of one row with synchronous_commit on, then off."""
    name = f"bench_fsync_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        figures: dict[str, float] = {}
        with psycopg.connect(database_url(name), autocommit=True) as conn:
            conn.execute("CREATE TABLE probe (i int)")
            for mode in ("on", "off"):
                conn.execute(f"SET synchronous_commit = {mode}")
                ms = []
                for _ in range(commits):
                    t0 = time.perf_counter()
                    conn.execute("INSERT INTO probe VALUES (1)")
                    ms.append((time.perf_counter() - t0) * 1000)
                figures[f"commit_p50_ms_sync_{mode}"], figures[f"commit_p99_ms_sync_{mode}"] = (
                    percentiles(ms)
                )
        return figures
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def main(jobs: int, latency_jobs: int, only: list[str]) -> None:
    figures: dict[str, Any] = {"bench": "queue", "load_before": round(os.getloadavg()[0], 2)}
    figures["fsync"] = fsync_cost()
    print(f"fsync: {figures['fsync']}", flush=True)
    for kind in (Ours, OursSyncOff, Procrastinate, Pgqueuer):
        if only and kind.name not in only:
            continue
        try:
            figures[kind.name] = await measure(kind, jobs, latency_jobs)
        except Exception as exc:
            print(f"{kind.name}: could not be measured: {exc!r}", flush=True)
            figures[kind.name] = {"error": repr(exc)}
    peers = [
        figures[p].get(f"jobs_per_s_{n}w", 0.0)
        for p in ("procrastinate", "pgqueuer")
        if p in figures
        for n in (1, 4)
    ]
    ours = [figures.get("ours", {}).get(f"jobs_per_s_{n}w", 0.0) for n in (1, 4)]
    if peers and max(peers) > 0:
        figures["ours_vs_best_peer"] = round(max(ours) / max(peers), 2)
    figures["load_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        _, _, lib, dsn, log = sys.argv
        run = {"procrastinate": procrastinate_worker, "pgqueuer": pgqueuer_worker}[lib]
        asyncio.run(run(dsn, Path(log)))
    else:
        parser = argparse.ArgumentParser()
        parser.add_argument("--jobs", type=int, default=20_000)
        parser.add_argument("--latency-jobs", type=int, default=1_000)
        parser.add_argument("--only", nargs="*", default=[])
        args = parser.parse_args()
        asyncio.run(main(args.jobs, args.latency_jobs, args.only))
