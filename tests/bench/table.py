"""`make bench`: run every benchmark in tests/bench and print all their figures in one table.

A benchmark is a script here with a `__main__` block (helpers such as the API's floor app have
none; the soak restarts PostgreSQL and only runs by hand). Each prints one JSON object as its
last line. When that object has "rows", each row is one line of the table:

    {"name": "GET /api/v1/tools (cookie, 1 process)", "ours": 1234.5, "peer": 1500.0,
     "peer_name": "floor", "unit": "req/s", "ratio": 0.82}

("peer", "peer_name" and "ratio" may be left out). Otherwise every number in the object is a
line of its own, named by its path. The table goes to stdout; each benchmark's own output to
stderr. A failed benchmark is a line saying so, and makes the exit status 1.

    uv run --group bench python tests/bench/table.py [--only api,queue]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NOT_BY_MAKE = {"soak.py", "table.py"}


def benchmarks(only: list[str]) -> list[Path]:
    found = [
        p
        for p in sorted(HERE.glob("*.py"))
        if p.name not in NOT_BY_MAKE and 'if __name__ == "__main__"' in p.read_text()
    ]
    return [p for p in found if not only or any(o in p.stem for o in only)]


def flatten(value: Any, path: str = "") -> list[tuple[str, float]]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [(path, float(value))]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in flatten(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in flatten(v, f"{path}[{i}]")]
    return []


def lines_of(bench: str, result: dict[str, Any]) -> list[list[str]]:
    rows = result.get("rows")
    if isinstance(rows, list) and rows and all("name" in r and "ours" in r for r in rows):
        return [
            [
                bench,
                str(r["name"]),
                number(r["ours"]),
                number(r.get("peer")),
                str(r.get("peer_name", "")),
                number(r.get("ratio")),
                str(r.get("unit", "")),
            ]
            for r in rows
        ]
    return [[bench, path, number(v), "", "", "", ""] for path, v in flatten(result)]


def number(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:,.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="comma-separated parts of script names")
    args = parser.parse_args()
    table: list[list[str]] = []
    failed = False
    load = os.getloadavg()
    for script in benchmarks([o for o in args.only.split(",") if o]):
        print(f"== {script.name}", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, check=False
        )
        sys.stderr.write(done.stdout)
        last = done.stdout.strip().splitlines()[-1:] or [""]
        try:
            result = json.loads(last[0])
        except json.JSONDecodeError:
            result = None
        if done.returncode != 0 or not isinstance(result, dict):
            failed = True
            table.append([script.stem, f"FAILED (exit {done.returncode})", "", "", "", "", ""])
            continue
        table += lines_of(script.stem, result)
    header = ["benchmark", "figure", "ours", "peer", "peer is", "ratio", "unit"]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, cpus {os.cpu_count()}")
    for row in [header, ["-" * w for w in widths], *table]:
        print("  ".join(c.rjust(w) if i in (2, 3, 5) else c.ljust(w) for i, (c, w) in
                        enumerate(zip(row, widths, strict=True))).rstrip())  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
