"""Creating runs: POST /api/v1/tools/{slug}/runs (JSON) against one `skriptoteket serve` process,
beside the floor of the same database work done directly, in the same run.

    uv run python tests/bench/run_create_bench.py [--seconds 10] [--connections 32]

A fresh database (DATABASE_URL's server) with one published tool (one string input). 32 users,
each signed in (session cookie + CSRF header), one per connection: wrk with one thread per
connection sends `{"inputs": {"klass": "7B"}}` as fast as it is answered. No worker runs (the
figure is the creation path alone); the per-user queued cap is raised and the per-user rate of
run creation (60 a minute) is turned off for the bench so that no answer is a 429 (at 500 runs/s
32 users would reach it within 4 s), and the queue grows by every run created.

The floor: the same connections' worth of psycopg connections, each doing what the API's
transaction must (insert the tool session, lock the user, then in one statement count the user's
queued runs and insert the run and its job with its NOTIFY, commit), without HTTP,
authentication, the tool's read or the view.

Reported: runs created per second, p50/p99 latency, non-2xx answers and timeouts, the server's
and the database backends' CPU per run (from /proc; what the idle server spends by itself in as
long is measured first and subtracted), the load average. On a shared machine the CPU per run is
the steadier figure. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import make_session, make_user  # noqa: E402
from tests.catalog_builders import insert_published_tool  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.live_server import live_server  # noqa: E402

SLUG = "klasslista"
BODY = '{"inputs": {"klass": "7B"}}'


def wrk_script(sessions: list[tuple[str, str]]) -> str:
    creds = ",\n".join(f'  {{"{cookie}", "{csrf}"}}' for cookie, csrf in sessions)
    return f"""
local creds = {{
{creds}
}}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("n", counter)
end
function init(args)
  local c = creds[n]
  wrk.method = "POST"
  wrk.body = '{BODY}'
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = "skriptoteket_session=" .. c[1]
  wrk.headers["X-CSRF-Token"] = c[2]
end
"""


HZ = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of a process so far (with `children`, and of its descendants:
    `serve` answers in a worker process of its own, even with one worker)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / HZ
        if children:
            for task in Path(f"/proc/{pid}/task").iterdir():
                for child in (task / "children").read_text().split():
                    total += cpu_s(int(child), children=True)
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total


def server_pid(port: str) -> int:
    """The `skriptoteket serve --port <port>` this process started."""
    for stat in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = stat.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in argv and port.encode() in argv:
            return int(stat.parent.name)
    raise LookupError(f"no server on port {port}")


def backend_cpu(db: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend connected to `db` now."""
    name = conninfo_to_dict(db)["dbname"]  # the embedded server's URL ends in ?host=...
    with psycopg.connect(db, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    found: dict[int, float] = {}
    for (pid,) in rows:
        with contextlib.suppress(OSError):  # ended meanwhile
            found[pid] = cpu_s(pid)
    return found


def used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def run_count(db: str) -> int:
    with psycopg.connect(db, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM runs").fetchone()
    return int(row[0]) if row else 0


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, script: str, connections: int, seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        [
            "wrk",
            f"-t{connections}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout=60s",
            "--latency",
            "-s",
            f.name,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(f.name).unlink()
    figures = {"runs_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for p in ("50", "99"):
        figures[f"p{p}_ms"] = round(to_ms(re.search(rf"\s{p}%\s+(\S+)", out).group(1)), 2)  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    figures["non_2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: .*timeout (\d+)", out)
    figures["timeouts"] = int(errors.group(1)) if errors else 0
    return figures


async def floor(
    db: str,
    tool: tuple[uuid.UUID, uuid.UUID],
    users: list[uuid.UUID],
    connections: int,
    seconds: float,
) -> dict[str, float]:
    """The run creation's own statements, straight from psycopg, `connections` at once."""
    from tests.queue_support import a_run_request

    from skriptoteket.application.runs.stored_request import stored_request
    from skriptoteket.infrastructure.queue import sql

    tool_id, version_id = tool
    request = stored_request(payload=a_run_request({"klass": "7B"}), version_id=version_id).decode()
    latencies: list[float] = []
    deadline = 0.0

    async def client(conn: psycopg.AsyncConnection[Any], user_id: uuid.UUID) -> None:
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            session_id, run_id = uuid.uuid4(), uuid.uuid4()
            params: dict[str, Any] = {
                "run_id": run_id,
                "user_id": user_id,
                "tool_id": tool_id,
                "tool_version_id": version_id,
                "tool_slug": SLUG,
                "version_number": 1,
                "mode": "initial",
                "env": "production",
                "session_id": session_id,
                "request": request,
                "priority": 0,
                "max_attempts": 2,
                "queued_cap": 10**8,
            }
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO sessions (id, tool_id, tool_version_id, user_id, env, inputs, "
                    "state, state_rev, pending_actions, created_at, updated_at, expires_at) "
                    "VALUES (%s, %s, %s, %s, 'production', '{}', '{}', 0, '[]', now(), now(), "
                    "now() + interval '1 day')",
                    (session_id, tool_id, version_id, user_id),
                )
                await conn.execute(sql.LOCK_USER_FOR_ENQUEUE, params)
                await conn.execute(sql.ENQUEUE, params)
            latencies.append((time.perf_counter() - t0) * 1000)

    conns = [await psycopg.AsyncConnection.connect(db) for _ in range(connections)]
    pg = backend_cpu(db)
    began = time.monotonic()
    deadline = began + seconds
    await asyncio.gather(*(client(c, users[i % len(users)]) for i, c in enumerate(conns)))
    elapsed = time.monotonic() - began
    pg_used = used(pg, backend_cpu(db))
    for c in conns:
        await c.close()
    ordered = sorted(latencies)
    return {
        "runs_per_s": round(len(ordered) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99)], 2),
        "db_cpu_ms_per_run": round(pg_used * 1000 / len(ordered), 2),
    }


def main(seconds: int, connections: int) -> None:
    figures: dict[str, Any] = {"bench": "run_create", "load_before": round(os.getloadavg()[0], 2)}
    with test_database() as db:
        author = make_user(db, role="contributor")
        tool_id = insert_published_tool(db, author, slug=SLUG, title="Klasslista")
        with psycopg.connect(db) as conn:
            row = conn.execute(
                "SELECT id FROM tool_versions WHERE tool_id = %s", (tool_id,)
            ).fetchone()
        assert row is not None
        users = [make_user(db) for _ in range(connections)]
        sessions = [make_session(db, u) for u in users]
        script = wrk_script([(s.cookie, s.csrf_token) for s in sessions])
        with live_server(
            db,
            SKRIPTOTEKET_QUEUE_USER_QUEUED_CAP=str(10**8),
            SKRIPTOTEKET_RUN_RATE_PER_USER_PER_MINUTE="0",  # off: 60 a minute is ~1/s per user
        ) as base:
            url = f"{base}/api/v1/tools/{SLUG}/runs"
            server = server_pid(base.rpartition(":")[2])
            # Warm up (imports, prepared statements, pools), then measure.
            run_wrk(url, script, connections, 2)
            # What the idle server spends by itself (listeners, timers) in as long: subtracted.
            cpu, pg = cpu_s(server, True), backend_cpu(db)
            time.sleep(seconds)
            idle, idle_pg = cpu_s(server, True) - cpu, used(pg, backend_cpu(db))
            runs, cpu, pg = run_count(db), cpu_s(server, True), backend_cpu(db)
            api = run_wrk(url, script, connections, seconds)
            created = run_count(db) - runs
            busy, busy_pg = cpu_s(server, True) - cpu, used(pg, backend_cpu(db))
            api["server_idle_cpu_per_s"] = round(idle / seconds, 3)
            api["server_cpu_ms_per_run"] = round((busy - idle) * 1000 / created, 2)
            api["db_cpu_ms_per_run"] = round((busy_pg - idle_pg) * 1000 / created, 2)
        print(f"api: {api}", flush=True)
        figures["api"] = api
        runs, cpu = run_count(db), time.process_time()
        figures["floor"] = asyncio.run(
            floor(db, (tool_id, row[0]), [u.id for u in users], connections, seconds)
        )
        created = run_count(db) - runs
        figures["floor"]["client_cpu_ms_per_run"] = round(
            (time.process_time() - cpu) * 1000 / created, 2
        )
        print(f"floor: {figures['floor']}", flush=True)
    figures["api_vs_floor"] = round(
        figures["api"]["runs_per_s"] / figures["floor"]["runs_per_s"], 2
    )
    figures["load_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    main(args.seconds, args.connections)
