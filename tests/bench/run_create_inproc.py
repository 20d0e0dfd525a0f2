"""The server's CPU per run created, in one process: POST /api/v1/tools/{slug}/runs (JSON)
straight through the ASGI app (no HTTP server, no client on the wire), 8 at once.

    uv run python tests/bench/run_create_inproc.py [--runs 800] [--rounds 5] [--profile out.prof]

A fresh database (DATABASE_URL's server) with one published tool and 8 signed-in users; the
queued cap is raised and the per-user rate of run creation turned off, as in
run_create_bench.py. Reported: the process's CPU (user + system, every thread) per run, the
median of the rounds after one round of warm-up. With `--profile`, one more round under cProfile
(CPU time) is written to the file.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import make_session, make_user  # noqa: E402
from tests.catalog_builders import insert_published_tool  # noqa: E402
from tests.database import test_database  # noqa: E402

from skriptoteket.entrypoints.asgi import create_app  # noqa: E402
from skriptoteket.infrastructure.settings import Settings  # noqa: E402

SLUG = "klasslista"
BODY = b'{"inputs": {"klass": "7B"}}'
AT_ONCE = 8


async def post(app: Any, cookie: str, csrf: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"/api/v1/tools/{SLUG}/runs",
        "raw_path": f"/api/v1/tools/{SLUG}/runs".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(BODY)).encode()),
            (b"cookie", f"skriptoteket_session={cookie}".encode()),
            (b"x-csrf-token", csrf.encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": BODY, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def round_of(app: Any, sessions: list[tuple[str, str]], runs: int) -> float:
    """CPU seconds for `runs` runs, AT_ONCE at a time."""
    per_user = runs // len(sessions)

    async def user(cookie: str, csrf: str) -> None:
        for _ in range(per_user):
            status = await post(app, cookie, csrf)
            if status != 202:
                raise RuntimeError(f"answered {status}")

    cpu = time.process_time()
    await asyncio.gather(*(user(c, t) for c, t in sessions))
    return (time.process_time() - cpu) / (per_user * len(sessions))


async def measure(db: str, runs: int, rounds: int, profile: str | None) -> None:
    author = make_user(db, role="contributor")
    insert_published_tool(db, author, slug=SLUG, title="Klasslista")
    sessions = [
        (s.cookie, s.csrf_token) for s in (make_session(db, make_user(db)) for _ in range(AT_ONCE))
    ]
    settings = Settings(
        database_url=db,
        log_json=False,
        log_level="WARNING",
        queue_user_queued_cap=10**8,
        run_rate_per_user_per_minute=0,
    )
    app = create_app(settings)
    async with app.lifespan():
        await round_of(app, sessions, runs)  # warm-up
        per_run = [await round_of(app, sessions, runs) for _ in range(rounds)]
        print(
            f"CPU ms per run: median {statistics.median(per_run) * 1000:.3f} "
            f"(rounds: {', '.join(f'{p * 1000:.3f}' for p in per_run)})",
            flush=True,
        )
        if profile:
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            await round_of(app, sessions, runs)
            profiler.disable()
            profiler.dump_stats(profile)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile")
    args = parser.parse_args()
    with test_database() as db:
        asyncio.run(measure(db, args.runs, args.rounds, args.profile))


if __name__ == "__main__":
    main()
