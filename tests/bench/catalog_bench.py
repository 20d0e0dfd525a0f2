"""Benchmark: the catalog with 500 published tools, served by a real `skriptoteket serve` on
127.0.0.1 and called with a session cookie. Prints req/s and p50/p99 latency of the first page
of GET /api/v1/tools and of a search; the last line is one JSON object.

    uv run python tests/bench/catalog_bench.py [--requests 1000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.builders import make_session, make_user
from tests.catalog_builders import insert_published_tool
from tests.database import test_database

SUBJECTS = [
    "Betyg",
    "Klasslista",
    "Närvaro",
    "Frånvaro",
    "Schema",
    "Veckobrev",
    "Omdöme",
    "Elevlista",
    "Prov",
    "Läxa",
    "Kursplan",
    "Matris",
    "Utvecklingssamtal",
    "IUP",
    "Åtgärdsprogram",
    "Gruppindelning",
    "Placering",
    "Rapport",
    "Statistik",
    "Enkät",
]
KINDS = [
    "statistik",
    "export",
    "sammanställning",
    "rapport",
    "översikt",
    "generator",
    "kontroll",
    "planering",
    "analys",
    "lista",
]
PROFESSIONS = [
    "larare",
    "speciallarare",
    "elevhalsa",
    "skolledning",
    "administration",
    "studie-och-yrkesvagledare",
    "fritidspedagog",
]
CATEGORIES = [
    "bedomning-och-betyg",
    "klasslistor",
    "kommunikation",
    "planering",
    "dokument",
    "narvaro",
    "schema",
    "analys",
]


def seed(db: str, count: int) -> str:
    rng = random.Random(7)
    author = make_user(db, role="contributor")
    with psycopg.connect(db, autocommit=False) as conn:
        for i in range(count):
            subject, kind = rng.choice(SUBJECTS), rng.choice(KINDS)
            insert_published_tool(
                db,
                author,
                slug=f"verktyg-{i:03d}",
                title=f"{subject}{kind} {i}",
                summary=f"Gör {kind} av {subject.lower()} för en klass eller ett ämne.",
                usage=f"Ladda upp exporten från skolplattformen. {subject} per elev och {kind}.",
                professions=tuple(rng.sample(PROFESSIONS, 2)),
                categories=tuple(rng.sample(CATEGORIES, 2)),
                conn=conn,
            )
        conn.commit()
    return make_session(db, make_user(db, role="user")).cookie


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "SKRIPTOTEKET_LOG_LEVEL": "WARNING",
        "SKRIPTOTEKET_PORT": str(port),
    }
    server = subprocess.Popen(
        ["uv", "run", "skriptoteket", "serve", "--host", "127.0.0.1", "--port", str(port)], env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not become ready")


async def measure(
    base: str, cookie: str, path: str, requests: int, concurrency: int
) -> dict[str, float]:
    latencies: list[float] = []
    queue = iter(range(requests))
    async with httpx.AsyncClient(
        base_url=base, cookies={"skriptoteket_session": cookie}, timeout=30
    ) as client:
        for _ in range(30):  # warm up: connections, caches, prepared plans
            (await client.get(path)).raise_for_status()

        async def worker() -> None:
            for _ in queue:
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", type=int, default=500)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with test_database() as db:
        cookie = seed(db, args.tools)
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            results = {}
            for name, path in (
                ("list_first_page", "/api/v1/tools?limit=50"),
                ("search_betyg", "/api/v1/tools?q=betyg"),
                ("search_prefix_klassl", "/api/v1/tools?q=klassl"),
                ("search_compound_tail", "/api/v1/tools?q=statistik"),
            ):
                figures = asyncio.run(measure(base, cookie, path, args.requests, args.concurrency))
                results[name] = figures
                print(f"{name:22} {path:28} {figures}")
        finally:
            server.terminate()
            server.wait(timeout=15)
    print(
        json.dumps(
            {
                "benchmark": "catalog",
                "tools": args.tools,
                "concurrency": args.concurrency,
                **results,
            }
        )
    )


if __name__ == "__main__":
    main()
