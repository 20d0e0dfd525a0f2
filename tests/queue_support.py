"""Helpers for the queue tests: enqueue with the queue's own statement, start real worker
processes, and read what the noop runner recorded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import psycopg

from skriptoteket.application.runs.stored_request import stored_request
from skriptoteket.contract import RunInfo, RunRequest
from skriptoteket.infrastructure.queue import sql

TERMINAL = {"succeeded", "failed", "timed_out", "cancelled"}

# Small times so the tests see leases expire and reapers act within seconds.
FAST_QUEUE = {
    "SKRIPTOTEKET_QUEUE_LEASE_MS": "1500",
    "SKRIPTOTEKET_QUEUE_HEARTBEAT_MS": "300",
    "SKRIPTOTEKET_QUEUE_REAP_INTERVAL_MS": "300",
    "SKRIPTOTEKET_QUEUE_POLL_MS": "1000",
    "SKRIPTOTEKET_QUEUE_RETRY_BACKOFF_MS": "100",
}


# The tool every queue test's runs belong to (runs reference a real tool).
DEMO_TOOL_ID = uuid.UUID("00000000-0000-4000-8000-00000000d3d0")


def ensure_demo_tool(conn: psycopg.Connection[Any]) -> uuid.UUID:
    conn.execute(
        "INSERT INTO tools (id, slug, title, created_at, updated_at) "
        "VALUES (%s, 'demo', 'Demo', now(), now()) ON CONFLICT DO NOTHING",
        (DEMO_TOOL_ID,),
    )
    return DEMO_TOOL_ID


def a_run_request(inputs: dict[str, Any] | None = None) -> RunRequest:
    """A request.json for a run of the demo tool."""
    return RunRequest(
        run=RunInfo(
            id=str(uuid.uuid4()),
            mode="initial",
            env="production",
            tool="demo",
            version=1,
            deadline_s=60,
        ),
        inputs=inputs or {},
    )


def enqueue(
    conn: psycopg.Connection[Any],
    user_id: uuid.UUID,
    *,
    priority: int = 0,
    max_attempts: int = 2,
    inputs: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Create a run and its job (committed at once when `conn` is autocommit)."""
    run_id = uuid.uuid4()
    request = stored_request(
        payload=a_run_request(inputs), files={"main.py": "def run(ctx): ...\n"}
    )
    conn.execute(
        sql.ENQUEUE,
        {
            "run_id": run_id,
            "user_id": user_id,
            "tool_id": ensure_demo_tool(conn),
            "tool_version_id": None,
            "tool_slug": "demo",
            "version_number": 1,
            "mode": "initial",
            "env": "production",
            "session_id": None,
            "request": request.decode(),
            "priority": priority,
            "max_attempts": max_attempts,
            "queued_cap": 2**31 - 1,  # no cap
        },
    )
    return run_id


def finished_run(
    conn: psycopg.Connection[Any], user_id: uuid.UUID, *, delivered: bool = False
) -> uuid.UUID:
    """A succeeded run of the demo tool for Ada (its job done, one markdown output), as its
    verdict leaves it; `delivered`: its owner has read it since."""
    run_id = enqueue(conn, user_id, inputs={"namn": "Ada"})
    conn.execute("UPDATE jobs SET status = 'done', finished_at = now() WHERE run_id = %s",
                 (run_id,))  # fmt: skip
    conn.execute(
        "UPDATE runs SET status = 'succeeded', started_at = now(), finished_at = now(), "
        "delivered_at = CASE WHEN %s THEN now() END, result = %s WHERE id = %s",
        (delivered, json.dumps({"outputs": [{"kind": "markdown", "markdown": "Hej **Ada**"}]}),
         run_id),
    )  # fmt: skip
    return run_id


def run_states(db: str) -> dict[uuid.UUID, tuple[str, str | None]]:
    with psycopg.connect(db) as conn:
        rows = conn.execute("SELECT id, status, error_code FROM runs").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def read_events(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def start_worker(
    db: str, log: Path, *, concurrency: int = 4, stderr: IO[bytes] | None = None, **settings: str
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "SKRIPTOTEKET_RUNNER": "noop",
        "SKRIPTOTEKET_NOOP_RUNNER_LOG": str(log),
        "SKRIPTOTEKET_LOG_JSON": "false",
        "SKRIPTOTEKET_LOG_LEVEL": "WARNING",
        **FAST_QUEUE,
        **settings,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "skriptoteket", "worker", "--concurrency", str(concurrency)],
        env=env,
        stderr=stderr,
    )


def stop_worker(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """SIGTERM (started runs finish), then SIGKILL if it takes longer than `timeout`."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def workers(
    db: str, log: Path, count: int, **settings: Any
) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs = [start_worker(db, log, **settings) for _ in range(count)]
    try:
        yield procs
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
