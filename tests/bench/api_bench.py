"""Benchmark: the hot authenticated reads of the API beside the floor (tests/bench/api_floor.py,
a bare Litestar + msgspec + psycopg app returning the same JSON), in the same run.

Both serve one process on 127.0.0.1 on the same fresh database (500 published tools, one user
with a session cookie, an access token and a finished run); wrk (-t2 -c32) loads each request
in turn on the floor and on Skriptoteket, alternating, `--rounds` times, and the median req/s
of each side is kept, so a change of the machine's load hits both sides alike. Skriptoteket is
then measured with N processes (`skriptoteket serve` default, from the CPU count). The JSON of
both sides is compared before measuring. The last line is one JSON object.

    uv run python tests/bench/api_bench.py [--seconds 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.catalog_bench import CATEGORIES, KINDS, PROFESSIONS, SUBJECTS  # noqa: E402
from tests.builders import make_session, make_token, make_user  # noqa: E402
from tests.catalog_builders import insert_published_tool  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.queue_support import finished_run  # noqa: E402

CONNECTIONS = 32


def seed(db: str, tools: int) -> dict[str, str]:
    rng = random.Random(7)
    author = make_user(db, role="contributor")
    with psycopg.connect(db) as conn:
        for i in range(tools):
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
    user = make_user(db, role="user")
    cookie = make_session(db, user).cookie
    token = make_token(db, user, "{catalog:read,runs:read}")
    with psycopg.connect(db, autocommit=True) as conn:
        run_id = finished_run(conn, user.id, delivered=True)
    return {"cookie": cookie, "token": token, "run_id": str(run_id)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(argv: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(argv, env={**os.environ, **env}, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/auth/me", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{argv[:4]} did not start") from None
                time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its children (the workers)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += tree_cpu_s(int(child))
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total


_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def _ms(text: str) -> float:
    value = float(re.sub(r"[a-z]+$", "", text))
    return (
        value / 1000
        if text.endswith("us")
        else value * 1000
        if text.endswith("s") and not text.endswith("ms")
        else value
    )


def wrk(url: str, header: str, seconds: int, pid: int) -> dict[str, float]:
    cpu0 = tree_cpu_s(pid)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-H", header, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = tree_cpu_s(pid) - cpu0
    if _NON_2XX.search(out) or not _RPS.search(out) or "99%" not in out:
        raise RuntimeError(f"errors from {url}:\n{out}")
    rps = float(_RPS.search(out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if "99" not in lat:
        raise RuntimeError(f"no latency distribution from wrk:\n{out}")
    return {
        "rps": rps,
        "p50_ms": round(_ms(lat["50"]), 2),
        "p99_ms": round(_ms(lat["99"]), 2),
        "cpu_ms": round(cpu * 1000 / max(1.0, rps * seconds), 3),
    }


def requests_of(secrets: dict[str, str]) -> list[tuple[str, str, str, str]]:
    cookie = f"Cookie: skriptoteket_session={secrets['cookie']}"
    bearer = f"Authorization: Bearer {secrets['token']}"
    run = f"/api/v1/runs/{secrets['run_id']}"
    return [
        ("GET /api/v1/tools", "cookie", "/api/v1/tools", cookie),
        ("GET /api/v1/tools", "bearer", "/api/v1/tools", bearer),
        ("GET /api/v1/tools?q=betyg", "cookie", "/api/v1/tools?q=betyg", cookie),
        ("GET /api/v1/tools?q=betyg", "bearer", "/api/v1/tools?q=betyg", bearer),
        ("GET /api/v1/auth/me", "cookie", "/api/v1/auth/me", cookie),
        ("GET /api/v1/auth/me", "bearer", "/api/v1/auth/me", bearer),
        ("GET /api/v1/runs/{id}", "cookie", run, cookie),
        ("GET /api/v1/runs/{id}", "bearer", run, bearer),
    ]


def same_json(floor: int, ours: int, path: str, header: str) -> None:
    name, _, value = header.partition(": ")
    answers = [
        httpx.get(f"http://127.0.0.1:{port}{path}", headers={name: value}, timeout=10)
        for port in (floor, ours)
    ]
    for a in answers:
        a.raise_for_status()
    if answers[0].json() != answers[1].json():
        raise SystemExit(
            f"{path}: the floor answers other JSON than Skriptoteket:\n"
            f"{answers[0].json()}\n{answers[1].json()}"
        )


def many_processes(
    n: int,
    server: subprocess.Popen[bytes],
    port: int,
    requests: list[tuple[str, str, str, str]],
    rows: list[dict[str, Any]],
    seconds: int,
    rounds: int,
) -> list[dict[str, Any]]:
    """Skriptoteket with N processes (cookie only), beside the floor's one-process figure."""
    out = []
    for name, auth, path, header in requests:
        if auth != "cookie":
            continue
        url = f"http://127.0.0.1:{port}{path}"
        rps = statistics.median(wrk(url, header, seconds, server.pid)["rps"] for _ in range(rounds))
        one = next(r for r in rows if r["request"] == name and r["auth"] == auth)
        row = {
            "name": f"{name} ({auth}, {n} processes)",
            "ours": round(rps, 1),
            "peer": one["floor_rps"],
            "peer_name": "floor, 1 process",
            "unit": "req/s",
            "request": name,
            "auth": auth,
            "processes": n,
            "ours_rps": round(rps, 1),
            "floor_rps": one["floor_rps"],
            "ratio": round(rps / one["floor_rps"], 3),
        }
        out.append(row)
        print(json.dumps(row), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="N (default: serve's own default)")
    parser.add_argument("--only", default="", help="only requests whose name contains this")
    parser.add_argument("--one", action="store_true", help="only one process (no --workers)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    rows: list[dict[str, Any]] = []
    with test_database() as db:
        secrets = seed(db, args.tools)
        requests = [r for r in requests_of(secrets) if args.only in r[0]]
        floor_port, ours_port = free_port(), free_port()
        env = {"DATABASE_URL": db, "SKRIPTOTEKET_LOG_LEVEL": "WARNING", "FLOOR_DATABASE_URL": db}
        # The floor on the server `skriptoteket serve` uses (granian, one process).
        floor_argv = [
            sys.executable,
            "-c",
            "from granian.server import Server; Server('tests.bench.api_floor:create_app', "
            f"factory=True, interface='asgi', loop='uvloop', port={floor_port}, "
            "log_level='warning').serve()",
        ]
        serve = [sys.executable, "-m", "skriptoteket", "serve", "--host", "127.0.0.1"]
        one = ["--workers", "1"]
        with (
            serving(floor_argv, env, floor_port) as floor,
            serving([*serve, "--port", str(ours_port), *one], env, ours_port) as ours,
        ):
            for _, _, path, header in requests:
                same_json(floor_port, ours_port, path, header)
            for name, auth, path, header in requests:
                figures: dict[str, list[dict[str, float]]] = {"floor": [], "ours": []}
                for _ in range(args.rounds):
                    for side, port, proc in (
                        ("floor", floor_port, floor),
                        ("ours", ours_port, ours),
                    ):
                        url = f"http://127.0.0.1:{port}{path}"
                        figures[side].append(wrk(url, header, args.seconds, proc.pid))
                floor_rps = statistics.median(f["rps"] for f in figures["floor"])
                ours_rps = statistics.median(f["rps"] for f in figures["ours"])
                row = {
                    "name": f"{name} ({auth}, 1 process)",
                    "ours": round(ours_rps, 1),
                    "peer": round(floor_rps, 1),
                    "peer_name": "floor",
                    "unit": "req/s",
                    "request": name,
                    "auth": auth,
                    "processes": 1,
                    "ours_rps": round(ours_rps, 1),
                    "floor_rps": round(floor_rps, 1),
                    "ratio": round(ours_rps / floor_rps, 3),
                    "ours_cpu_ms": statistics.median(f["cpu_ms"] for f in figures["ours"]),
                    "floor_cpu_ms": statistics.median(f["cpu_ms"] for f in figures["floor"]),
                    "ours_p99_ms": statistics.median(f["p99_ms"] for f in figures["ours"]),
                    "floor_p99_ms": statistics.median(f["p99_ms"] for f in figures["floor"]),
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
        if not args.one:
            workers = ["--workers", str(args.workers)] if args.workers else []
            many_port = free_port()
            argv = [*serve, "--port", str(many_port), *workers]
            with serving(argv, env, many_port) as many:
                n = args.workers or os.cpu_count() or 1
                rows += many_processes(
                    n, many, many_port, requests, rows, args.seconds, args.rounds
                )
    print(
        json.dumps(
            {
                "benchmark": "api",
                "connections": CONNECTIONS,
                "seconds": args.seconds,
                "rounds": args.rounds,
                "cpus": os.cpu_count(),
                "load_before": [round(x, 2) for x in load_before],
                "load_after": [round(x, 2) for x in os.getloadavg()],
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main()
