"""GET /api/v1/runs/{id}/events against a real server and a real worker (noop runner)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.builders import make_session, make_user
from tests.live_server import SseEvent, free_port, live_server, sse_events
from tests.queue_support import DEMO_TOOL_ID, enqueue, start_worker, workers

# Slow enough that `running` is observable, fast enough for a test.
RUN_SLEEP_MS = "600"


METRICS_PORT = str(free_port())


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[str]:
    with live_server(
        database_url,
        SKRIPTOTEKET_SSE_KEEPALIVE_MS="300",
        SKRIPTOTEKET_METRICS_PORT=METRICS_PORT,
        SKRIPTOTEKET_SSE_MAX_STREAMS_PER_USER="20",  # one user watches with 20 streams
    ) as base:
        yield base


def signed_in_client(db: str, base: str) -> tuple[httpx.Client, uuid.UUID]:
    user = make_user(db)
    session = make_session(db, user)
    client = httpx.Client(
        base_url=base, cookies={"skriptoteket_session": session.cookie}, timeout=30
    )
    return client, user.id


def queued_run(db: str, user_id: uuid.UUID) -> uuid.UUID:
    with psycopg.connect(db, autocommit=True) as conn:
        return enqueue(conn, user_id)


def runs_of(events: list[SseEvent]) -> list[tuple[str | None, str]]:
    return [(e.id, json.loads(e.data)["status"]) for e in events if e.event == "run"]


def test_the_stream_sends_queued_running_succeeded_in_order_and_closes(
    db: str, server: str, tmp_path: Path
) -> None:
    client, user_id = signed_in_client(db, server)
    run_id = queued_run(db, user_id)
    seen: list[SseEvent] = []
    with client.stream("GET", f"/api/v1/runs/{run_id}/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-accel-buffering"] == "no"
        events = sse_events(response.iter_lines())
        first = next(events)
        seen.append(first)
        # Nothing happens while no worker runs: the stream stays open with keep-alives.
        assert next(events).comments == ["keep-alive"]
        with workers(db, tmp_path / "log.jsonl", 1, SKRIPTOTEKET_NOOP_RUNNER_SLEEP_MS=RUN_SLEEP_MS):
            seen.extend(e for e in events if e.event != "comment")  # ends when the server closes
    assert runs_of(seen) == [("1", "queued"), ("2", "running"), ("3", "succeeded")]
    # Each event's data is the Run as GET /runs/{id} answers it.
    last = json.loads(seen[-1].data)
    assert last == client.get(f"/api/v1/runs/{run_id}").json()
    assert last["id"] == str(run_id)
    assert last["tool"]["slug"] == "demo"
    assert last["finished_at"] is not None


def test_a_stream_ends_when_its_caller_signs_out_or_is_deactivated(db: str, server: str) -> None:
    """Each read authenticates again (a quiet stream reads every keep-alive interval)."""
    user = make_user(db)
    session, other_session = make_session(db, user), make_session(db, user)
    cookie_client, other_client = (
        httpx.Client(base_url=server, cookies={"skriptoteket_session": s.cookie}, timeout=30)
        for s in (session, other_session)
    )

    def ends_after(client: httpx.Client, act: Callable[[], None]) -> list[SseEvent]:
        with client.stream("GET", f"/api/v1/runs/{queued_run(db, user.id)}/events") as response:
            assert response.status_code == 200
            events = sse_events(response.iter_lines())
            assert next(events).event == "run"
            act()
            started = time.monotonic()
            rest = list(events)  # the server closes the stream
            assert time.monotonic() - started < 10
        return rest

    signed_out = ends_after(
        cookie_client,
        lambda: cookie_client.post(
            "/api/v1/auth/logout", headers={"X-CSRF-Token": session.csrf_token}
        ).raise_for_status(),
    )
    assert [e for e in signed_out if e.event == "run"] == []

    def deactivate() -> None:
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("UPDATE users SET is_active = false WHERE id = %s", (user.id,))

    assert [e for e in ends_after(other_client, deactivate) if e.event == "run"] == []


def test_a_reconnect_with_last_event_id_resumes_from_the_current_state(
    db: str, server: str, tmp_path: Path
) -> None:
    client, user_id = signed_in_client(db, server)
    run_id = queued_run(db, user_id)
    with client.stream("GET", f"/api/v1/runs/{run_id}/events") as response:
        first = next(sse_events(response.iter_lines()))
    assert (first.id, json.loads(first.data)["status"]) == ("1", "queued")

    with workers(db, tmp_path / "log.jsonl", 1, SKRIPTOTEKET_NOOP_RUNNER_SLEEP_MS=RUN_SLEEP_MS):
        with psycopg.connect(db) as conn:  # wait until the worker has it
            deadline = time.monotonic() + 15
            while conn.execute("SELECT status FROM runs WHERE id = %s", (run_id,)).fetchone() == (
                "queued",
            ):
                assert time.monotonic() < deadline
                conn.commit()
                time.sleep(0.02)
        with client.stream(
            "GET", f"/api/v1/runs/{run_id}/events", headers={"Last-Event-ID": first.id or ""}
        ) as response:
            resumed = runs_of(list(sse_events(response.iter_lines())))
    # The current state first, never the stale `queued`; ids continue past the client's.
    assert resumed in ([("2", "running"), ("3", "succeeded")], [("2", "succeeded")])

    # Reconnecting after the end: the terminal run once more, then the stream closes.
    with client.stream(
        "GET", f"/api/v1/runs/{run_id}/events", headers={"Last-Event-ID": "7"}
    ) as response:
        assert runs_of(list(sse_events(response.iter_lines()))) == [("8", "succeeded")]


def test_another_user_gets_404_and_a_maintainer_and_an_admin_may_watch(
    db: str, server: str
) -> None:
    _, owner_id = signed_in_client(db, server)
    other, _ = signed_in_client(db, server)
    run_id = queued_run(db, owner_id)
    response = other.get(f"/api/v1/runs/{run_id}/events")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"
    assert httpx.get(f"{server}/api/v1/runs/{run_id}/events").status_code == 401

    maintainer = make_user(db, role="contributor")
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO tool_maintainers (tool_id, user_id, added_at) VALUES (%s, %s, now())",
            (DEMO_TOOL_ID, maintainer.id),
        )
    for watcher in (maintainer, make_user(db, role="admin")):
        session = make_session(db, watcher)
        with (
            httpx.Client(
                base_url=server, cookies={"skriptoteket_session": session.cookie}, timeout=30
            ) as client,
            client.stream("GET", f"/api/v1/runs/{run_id}/events") as stream,
        ):
            assert stream.status_code == 200
            first = json.loads(next(sse_events(stream.iter_lines())).data)
            assert first["status"] == "queued"


def test_the_listener_reconnects_after_the_database_drops_its_connection(
    db: str, server: str, tmp_path: Path
) -> None:
    client, user_id = signed_in_client(db, server)
    run_id = queued_run(db, user_id)
    with client.stream("GET", f"/api/v1/runs/{run_id}/events") as response:
        events = sse_events(response.iter_lines())
        assert json.loads(next(events).data)["status"] == "queued"
        with psycopg.connect(db, autocommit=True) as conn:
            killed = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'skriptoteket-run-status' AND datname = current_database()"
            ).fetchall()
        # This server's listener (a test app's listener may linger for a moment too).
        assert killed and all(ok for (ok,) in killed)
        # The run changes while the listener may still be reconnecting: the stream reads
        # again after the reconnect, so it still gets to the end.
        worker = start_worker(
            db, tmp_path / "log.jsonl", SKRIPTOTEKET_NOOP_RUNNER_SLEEP_MS=RUN_SLEEP_MS
        )
        try:
            rest = runs_of([e for e in events if e.event == "run"])
        finally:
            worker.terminate()
            worker.wait(timeout=15)
    assert rest[-1][1] == "succeeded"
    assert [status for _, status in rest] in (["running", "succeeded"], ["succeeded"])
    metrics = httpx.get(f"http://127.0.0.1:{METRICS_PORT}/metrics").text
    connects = [
        line
        for line in metrics.splitlines()
        if line.startswith("skriptoteket_run_status_listener_connects_total ")
    ]
    assert connects and float(connects[0].split()[1]) >= 2


def test_many_streams_of_one_run_all_end(db: str, server: str, tmp_path: Path) -> None:
    client, user_id = signed_in_client(db, server)
    run_id = queued_run(db, user_id)
    results: list[list[tuple[str | None, str]]] = []

    def watch() -> None:
        with client.stream("GET", f"/api/v1/runs/{run_id}/events") as response:
            results.append(runs_of(list(sse_events(response.iter_lines()))))

    threads = [threading.Thread(target=watch) for _ in range(20)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    with workers(db, tmp_path / "log.jsonl", 1, SKRIPTOTEKET_NOOP_RUNNER_SLEEP_MS=RUN_SLEEP_MS):
        for t in threads:
            t.join(timeout=30)
    assert len(results) == 20
    for result in results:
        assert result[-1][1] == "succeeded"
        ids = [int(i or 0) for i, _ in result]
        assert ids == sorted(ids)


def test_a_stopping_server_cuts_open_streams_after_its_grace_period(
    db: str, database_url: str
) -> None:
    ended = threading.Event()
    opened = threading.Event()

    def watch(client: httpx.Client, run_id: uuid.UUID) -> None:
        try:
            with client.stream("GET", f"/api/v1/runs/{run_id}/events") as response:
                for event in sse_events(response.iter_lines()):
                    if event.event == "run":
                        opened.set()
        except httpx.TransportError:
            pass  # cut: a browser's EventSource would reconnect
        ended.set()

    with live_server(database_url, SKRIPTOTEKET_SHUTDOWN_GRACE_MS="1000") as base:
        client, user_id = signed_in_client(db, base)
        watcher = threading.Thread(target=watch, args=(client, queued_run(db, user_id)))
        watcher.start()
        assert opened.wait(10)
        began = time.monotonic()
    # Leaving the block stopped the server (SIGTERM, then waiting for it to exit).
    assert time.monotonic() - began < 8
    assert ended.wait(5)
    watcher.join(5)
