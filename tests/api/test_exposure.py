"""What the API hands out and keeps: no metrics on the app port, nothing cached, names that
render as themselves, downloads that cannot run as our origin."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
from litestar.testing import TestClient

from skriptoteket.domain.names import visible_name
from skriptoteket.web.downloads import DOWNLOAD_CSP, download_headers, served_media_type
from skriptoteket.web.uploads import safe_file_name
from tests.builders import TestSession
from tests.live_server import free_port, live_server

Client = TestClient  # type: ignore[type-arg]
RLO = "\u202e"  # right-to-left override: "gpj.exe" shows as "exe.jpg"


def test_metrics_are_not_on_the_app_port(client: Client) -> None:
    for method in ("GET", "HEAD"):
        response = client.request(method, "/metrics")
        assert response.status_code == 404, response.text
    assert "skriptoteket_requests_total" not in client.get("/metrics").text


def test_serve_exposes_metrics_on_their_own_port_only(database_url: str) -> None:
    port = free_port()
    with live_server(database_url, SKRIPTOTEKET_METRICS_PORT=str(port)) as base:
        # A loaded machine may take a while to answer the first requests: httpx's 5 s is short.
        httpx.get(f"{base}/api/v1/limits", timeout=60)
        assert httpx.get(f"{base}/metrics", timeout=60).status_code == 404
        scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=60).text
        assert 'path="/api/v1/limits"' in scraped


def test_every_api_response_is_no_store(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    assert client.get("/api/v1/auth/me").headers["cache-control"] == "no-store"  # 401
    signed_in("user")
    for path in ("/api/v1/auth/me", "/api/v1/limits", "/api/v1/runs", "/api/v1/nope"):
        assert client.get(path).headers["cache-control"] == "no-store", path


def test_names_lose_control_and_format_characters() -> None:
    assert visible_name(f"Åsa{RLO}gpj.exe\u200b\n") == "Åsagpj.exe"
    assert visible_name("rad 1\nrad\t2\u2028") == "rad 1 rad 2"
    assert safe_file_name(f"elever{RLO}vsc.exe") == "eleverv" + "sc.exe"
    assert safe_file_name("a\u0000b\u200d.csv") == "a_b.csv"


def test_a_display_name_is_stored_without_bidi_overrides(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("admin")
    created = client.post(
        "/api/v1/users",
        json={
            "email": "bidi@skola.se",
            "display_name": f"Åsa {RLO}nossrednA",
            "password": "ten chars!!",
            "role": "user",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["display_name"] == "Åsa nossrednA"


def test_active_types_download_as_octet_stream_in_a_sandbox() -> None:
    for active in (
        "text/html; charset=utf-8",
        "application/xhtml+xml",
        "text/javascript",
        "application/xml",
        "text/xml",
    ):
        assert served_media_type(active) == "application/octet-stream", active
    for passive in ("image/png", "text/csv; charset=utf-8", "application/pdf", "image/svg+xml"):
        assert served_media_type(passive) == passive
    headers = download_headers(f"rapport{RLO}.html", 10)
    assert headers["Content-Security-Policy"] == DOWNLOAD_CSP == "sandbox; default-src 'none'"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_an_admin_cannot_rename_a_user_at_or_above_their_rank(
    db: str, client: Client, signed_in: Callable[..., TestSession]
) -> None:
    from tests.builders import make_user

    superuser = make_user(db, role="superuser")
    other_admin = make_user(db, role="admin")
    teacher = make_user(db, role="user")
    me = signed_in("admin")
    for target in (superuser, other_admin):
        response = client.patch(f"/api/v1/users/{target.id}", json={"display_name": "Hackad"})
        assert response.status_code == 403, response.text
    assert client.patch(f"/api/v1/users/{teacher.id}", json={"display_name": "Ny"}).is_success
    own = client.patch(f"/api/v1/users/{me.user.id}", json={"display_name": "Jag"})
    assert own.status_code == 200, own.text


def test_a_maintainer_reading_a_teachers_run_is_audited(
    db: str, client: Client, signed_in: Callable[..., TestSession]
) -> None:
    import psycopg

    from tests.builders import make_user
    from tests.queue_support import DEMO_TOOL_ID, enqueue

    teacher = make_user(db, role="user")
    with psycopg.connect(db, autocommit=True) as conn:
        run_id = enqueue(conn, teacher.id)
    maintainer = signed_in("contributor")
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO tool_maintainers (tool_id, user_id, added_at) VALUES (%s, %s, now())",
            (DEMO_TOOL_ID, maintainer.user.id),
        )
    assert client.get(f"/api/v1/runs/{run_id}").status_code == 200
    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT action, subject_id FROM audit_events WHERE actor_id = %s",
            (maintainer.user.id,),
        ).fetchall()
    assert [(a, str(s)) for a, s in rows] == [("run.read", str(run_id))]


def test_event_streams_are_capped_per_user(database_url: str) -> None:
    import psycopg

    from tests.builders import make_session, make_user
    from tests.queue_support import enqueue

    with live_server(database_url, SKRIPTOTEKET_SSE_MAX_STREAMS_PER_USER="1") as base:
        teacher = make_user(database_url, role="user")
        with psycopg.connect(database_url, autocommit=True) as conn:
            run_id = enqueue(conn, teacher.id)  # queued, no worker: its stream stays open
        cookies = {"skriptoteket_session": make_session(database_url, teacher).cookie}
        url = f"{base}/api/v1/runs/{run_id}/events"
        with httpx.stream("GET", url, cookies=cookies, timeout=10) as first:
            assert first.status_code == 200
            second = httpx.get(url, cookies=cookies, timeout=10)
            assert second.status_code == 429, second.text
            assert second.json()["code"] == "rate_limited" and second.headers["retry-after"]
        # The slot is given back when the stream ends (here: the client went away).
        for _ in range(50):
            with httpx.stream("GET", url, cookies=cookies, timeout=10) as again:
                if again.status_code == 200:
                    break
            time.sleep(0.1)
        assert again.status_code == 200
