"""A serving process freezes its start-up heap (entrypoints/heap.py), an app built for tests
does not: a full collection of the garbage collector then skips what start-up made."""

from __future__ import annotations

import os
import subprocess
import sys

STARTED = """
import asyncio, gc
from skriptoteket.entrypoints.asgi import create_app, serve_app
app = serve_app() if {served} else create_app()
async def main():
    async with app.lifespan():
        print(gc.get_freeze_count())
asyncio.run(main())
"""


def frozen_after_start(db: str, *, served: bool) -> int:
    done = subprocess.run(
        [sys.executable, "-c", STARTED.format(served=served)],
        env={**os.environ, "DATABASE_URL": db, "SKRIPTOTEKET_LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.strip().splitlines()[-1])


def test_a_served_app_freezes_its_heap_once_started(db: str) -> None:
    # Everything the started app holds: its routes, its OpenAPI document, its pools.
    assert frozen_after_start(db, served=True) > 50_000


def test_an_app_built_for_tests_freezes_nothing(db: str) -> None:
    assert frozen_after_start(db, served=False) == 0
