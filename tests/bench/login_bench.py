"""Benchmark: password sign-in (POST /api/v1/auth/login) p50/p99, three ways, side by side:

- `known_browser`: the browser signed in before (it sends its device cookie);
- `new_browser`: no device cookie (each login records a new device);
- `under_attack`: the teacher's own browser signs in while another client of the same IP keeps
  guessing at the same account (the guesser is slowed, 429; the teacher must not be).

Against `skriptoteket serve` on a fresh database (as tests/bench/auth_bench.py starts it,
argon2 at production cost), sequential requests from httpx on 127.0.0.1, bounded by count.
The last line is one JSON object.

    uv run python tests/bench/login_bench.py [--logins 60]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import time
from collections.abc import Callable

import httpx
from auth_bench import EMAIL, fresh_database, server  # type: ignore[import-not-found]


def figures(latencies: list[float], statuses: list[int]) -> dict[str, float]:
    latencies = sorted(latencies)
    return {
        "logins": len(latencies),
        "refused": sum(s != 200 for s in statuses),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1),
    }


def timed(
    n: int, one: Callable[[], int], between: Callable[[], None] | None = None
) -> dict[str, float]:
    latencies: list[float] = []
    statuses: list[int] = []
    for _ in range(n):
        if between is not None:
            between()
        t0 = time.perf_counter()
        statuses.append(one())
        latencies.append(time.perf_counter() - t0)
    return figures(latencies, statuses)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=60)
    args = parser.parse_args()
    password = secrets.token_urlsafe(16)
    body = {"email": EMAIL, "password": password}
    with (
        fresh_database() as url,
        server(url, password) as base,
        httpx.Client(base_url=base, timeout=30) as teacher,
    ):
        assert teacher.post("/api/v1/auth/login", json=body).status_code == 200  # rehash
        device = {c.name: c.value for c in teacher.cookies.jar if c.name.endswith("_device")}

        def known() -> int:
            teacher.cookies.clear()
            return teacher.post("/api/v1/auth/login", json=body, cookies=device).status_code

        def new() -> int:
            teacher.cookies.clear()
            return teacher.post("/api/v1/auth/login", json=body).status_code

        result: dict[str, object] = {
            "benchmark": "login",
            "known_browser": timed(args.logins, known),
            "new_browser": timed(args.logins, new),
        }
        with httpx.Client(base_url=base, timeout=30) as pupil:
            guesses: list[int] = []

            def guess() -> None:
                wrong = {"email": EMAIL, "password": "a guess"}
                guesses.append(pupil.post("/api/v1/auth/login", json=wrong).status_code)

            result["under_attack"] = timed(args.logins, known, between=guess)
            result["guesses_slowed_429"] = sum(s == 429 for s in guesses)
            result["guesses"] = len(guesses)
    result["cpus"] = os.cpu_count()
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
