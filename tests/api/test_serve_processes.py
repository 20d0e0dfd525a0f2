"""`skriptoteket serve` as deployed, with two processes: its logging follows
SKRIPTOTEKET_LOG_LEVEL and SKRIPTOTEKET_LOG_JSON in every process (Litestar's default logging
configuration once replaced ours), and the processes share one /metrics."""

from __future__ import annotations

import json
import tempfile

import httpx

from tests.live_server import free_port, live_server


def test_serve_at_warning_writes_no_info_line_and_counts_every_process(db: str) -> None:
    metrics = free_port()
    with tempfile.TemporaryFile() as stderr:
        with live_server(
            db,
            stderr=stderr,
            SKRIPTOTEKET_WEB_WORKERS="2",
            SKRIPTOTEKET_LOG_LEVEL="WARNING",
            SKRIPTOTEKET_LOG_JSON="true",
            SKRIPTOTEKET_METRICS_PORT=str(metrics),
        ) as base:
            for _ in range(20):  # a new connection each: the processes share them out
                assert httpx.get(base + "/api/v1/auth/me").status_code == 401
            text = httpx.get(f"http://127.0.0.1:{metrics}/metrics").text
        stderr.seek(0)
        lines = stderr.read().decode().splitlines()
    assert not [line for line in lines if "info" in line.lower()], lines
    counted = sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("skriptoteket_requests_total{") and "/api/v1/auth/me" in line
    )
    assert counted == 20, text[:3000]


def test_serve_writes_json_lines_from_every_process_when_asked(db: str) -> None:
    with tempfile.TemporaryFile() as stderr:
        with live_server(
            db,
            stderr=stderr,
            SKRIPTOTEKET_WEB_WORKERS="2",
            SKRIPTOTEKET_LOG_LEVEL="INFO",
            SKRIPTOTEKET_LOG_JSON="true",
        ):
            pass
        stderr.seek(0)
        lines = [line for line in stderr.read().decode().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    started = {e["message"] for e in entries if e["message"].startswith("Started worker-")}
    assert started == {"Started worker-1", "Started worker-2"}, lines  # each through ours
