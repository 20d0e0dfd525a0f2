"""Benchmark: p99 of a cheap GET (/api/v1/limits) from one client while three contributors save
maximal hostile sources (512 KiB of Python with a syntax error at the end, a new content each
time), against the same client's p99 on the quiet server in the same run.

The server is `skriptoteket serve` (tests/live_server.py) on a fresh, migrated database on
DATABASE_URL's server (else an embedded PostgreSQL). The last line is one JSON object.

    uv run python tests/bench/hostile_save_bench.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.database import test_database
from tests.hostile_saves import measure
from tests.live_server import live_server


def main() -> None:
    with test_database() as db, live_server(db) as base:
        figures = measure(db, base, savers=3, samples=300)
    print(json.dumps({"bench": "hostile_save", **figures.summary()}))


if __name__ == "__main__":
    main()
