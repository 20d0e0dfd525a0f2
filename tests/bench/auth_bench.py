"""Benchmark: authenticated GET /api/v1/auth/me (cookie) and POST /api/v1/auth/login.

The server runs as `make run` runs it (`skriptoteket serve` on a migrated database with a
bootstrapped superuser), on a fresh database on DATABASE_URL's server, else on the local
PostgreSQL at postgresql://postgres@127.0.0.1:5432/postgres. The client is httpx on
127.0.0.1 with bounded concurrency, request count and time. The last line is one JSON object.

    uv run python tests/bench/auth_bench.py
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import httpx
import psycopg
from sqlalchemy.engine import make_url

LOCAL = "postgresql://postgres@127.0.0.1:5432/postgres"
ME_REQUESTS, ME_CONCURRENCY = 3000, 16
LOGIN_REQUESTS, LOGIN_CONCURRENCY = 200, 8
TIME_LIMIT_S = 30.0
EMAIL = "bench@skriptoteket.local"


@contextmanager
def fresh_database() -> Iterator[str]:
    server = make_url(os.environ.get("DATABASE_URL") or LOCAL).set(drivername="postgresql")
    admin = server.render_as_string(hide_password=False)
    name = f"skriptoteket_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(database_url: str, password: str) -> Iterator[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "SKRIPTOTEKET_LOG_LEVEL": "WARNING"}
    cli = [sys.executable, "-m", "skriptoteket"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*cli, "bootstrap-superuser", "--email", EMAIL, "--password", password],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


async def measure(
    name: str, total: int, concurrency: int, one: Callable[[int], Awaitable[int]]
) -> dict[str, float]:
    """Run `one(worker)` from `concurrency` workers until `total` requests or the time limit."""
    latencies: list[float] = []
    failures = 0
    issued = 0
    started = time.perf_counter()

    async def worker(n: int) -> None:
        nonlocal issued, failures
        while issued < total and time.perf_counter() - started < TIME_LIMIT_S:
            issued += 1
            t0 = time.perf_counter()
            status = await one(n)
            latencies.append(time.perf_counter() - t0)
            failures += status != 200

    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    figures = {
        "requests": len(latencies),
        "failures": failures,
        "concurrency": concurrency,
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 2),
    }
    print(f"{name}: {figures}")
    return figures


async def run(base: str, password: str) -> dict[str, object]:
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        signed_in = await client.post(
            "/api/v1/auth/login", json={"email": EMAIL, "password": password}
        )
        signed_in.raise_for_status()
        cookie = {"skriptoteket_session": signed_in.cookies["skriptoteket_session"]}
        csrf = {"X-CSRF-Token": signed_in.json()["csrf_token"]}
        # Logins of one account wait for each other (lockout bookkeeping), so each login
        # worker signs in as its own account: the figure is the server's login capacity.
        accounts = [f"bench{n}@skriptoteket.local" for n in range(LOGIN_CONCURRENCY)]
        for email in accounts:
            created = await client.post(
                "/api/v1/users",
                json={"email": email, "display_name": email, "password": password},
                headers=csrf,
            )
            created.raise_for_status()
        client.cookies.clear()

        async def me(_: int) -> int:
            return (await client.get("/api/v1/auth/me", cookies=cookie)).status_code

        async def login(n: int) -> int:
            response = await client.post(
                "/api/v1/auth/login", json={"email": accounts[n], "password": password}
            )
            client.cookies.clear()
            return response.status_code

        for _ in range(50):  # warm up connections and caches
            await me(0)
        me_figures = await measure("GET /api/v1/auth/me", ME_REQUESTS, ME_CONCURRENCY, me)
        login_figures = await measure(
            "POST /api/v1/auth/login", LOGIN_REQUESTS, LOGIN_CONCURRENCY, login
        )
    return {"benchmark": "auth", "me": me_figures, "login": login_figures, "cpus": os.cpu_count()}


def main() -> None:
    password = secrets.token_urlsafe(16)
    with fresh_database() as url, server(url, password) as base:
        result = asyncio.run(run(base, password))
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
