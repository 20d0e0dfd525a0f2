"""The hostile-save load: contributors saving maximal sources with a syntax error at the end,
while another client reads GET /api/v1/limits. Used by tests/api/test_hostile_saves.py and
tests/bench/hostile_save_bench.py.

Each save differs (a unique first line), so no content is ever checked twice; each compiles
~512 KiB before it fails with 422. Every saver is a user of its own, under the rate limit.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from tests.builders import make_session, make_user
from tests.catalog_builders import manifest

FILLER_LINES = 127_900  # "a=1\n" each: with the first and last lines just under 512 KiB


def hostile_bodies() -> Iterator[bytes]:
    """Save bodies, each with a new first line; built once as bytes, so the savers (threads of
    the measuring process) cost it next to no CPU."""
    template = json.dumps(
        {
            "base_version": 0,
            "manifest": manifest(),
            "files": {"main.py": "# UNIQUE\n" + "a=1\n" * FILLER_LINES + "def broken(:\n"},
            "change_summary": "fientlig",
        }
    ).encode()
    head, tail = template.split(b"UNIQUE", 1)
    while True:
        yield head + uuid.uuid4().hex.encode() + tail


@dataclass(frozen=True)
class Figures:
    baseline_ms: list[float]
    load_ms: list[float]
    saves: int
    save_statuses: set[int]

    @staticmethod
    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict[str, float | int]:
        return {
            "baseline_p50_ms": round(statistics.median(self.baseline_ms), 2),
            "baseline_p99_ms": round(self.p(self.baseline_ms, 0.99), 2),
            "load_p50_ms": round(statistics.median(self.load_ms), 2),
            "load_p99_ms": round(self.p(self.load_ms, 0.99), 2),
            "load_samples": len(self.load_ms),
            "hostile_saves": self.saves,
        }


def contributor_client(db: str, base: str, slug: str) -> tuple[httpx.Client, str]:
    """A contributor of their own new tool, signed in (cookie and CSRF token)."""
    session = make_session(db, make_user(db, role="contributor"))
    client = httpx.Client(
        base_url=base,
        cookies={"skriptoteket_session": session.cookie},
        headers={"X-CSRF-Token": session.csrf_token},
        timeout=60,
    )
    created = client.post("/api/v1/tools", json={"slug": slug, "title": slug, "summary": "x"})
    assert created.status_code == 201, created.text
    return client, slug


def timed_gets(client: httpx.Client, count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        began = time.perf_counter()
        response = client.get("/api/v1/limits")
        latencies.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.text
    return latencies


def measure(db: str, base: str, *, savers: int = 3, samples: int = 300) -> Figures:
    teacher = make_session(db, make_user(db))
    reader = httpx.Client(
        base_url=base, cookies={"skriptoteket_session": teacher.cookie}, timeout=60
    )
    timed_gets(reader, 20)  # warm the connection and the route
    baseline = timed_gets(reader, samples)
    authors = [
        contributor_client(db, base, f"fientlig-{uuid.uuid4().hex[:8]}") for _ in range(savers)
    ]
    stop = threading.Event()
    statuses: list[int] = []

    def save_forever(client: httpx.Client, tool: str) -> None:
        bodies = hostile_bodies()
        while not stop.is_set():
            response = client.post(
                f"/api/v1/tools/{tool}/versions",
                content=next(bodies),
                headers={"content-type": "application/json"},
            )
            statuses.append(response.status_code)

    threads = [
        threading.Thread(target=save_forever, args=author, daemon=True) for author in authors
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the saves are under way
    load = timed_gets(reader, samples)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    for client in (reader, *(c for c, _ in authors)):
        client.close()
    return Figures(baseline, load, len(statuses), set(statuses))
