"""From outside: `skriptoteket serve`, a real worker and a real SMTP server on 127.0.0.1.
"Glömt lösenordet?" answers at once while the mail server is down; the mail job retries and
delivers when it is back; the link works once and ends the old password and sessions.
Invitations arrive the same way and sign the invitee in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest

from tests.builders import PASSWORD, make_user
from tests.live_server import free_port, live_server
from tests.mail_support import Inbox, body, link_in, smtp_server
from tests.queue_support import start_worker, stop_worker, wait_until

NEW = "a fresh passphrase"


@pytest.fixture
def stack(db: str, tmp_path: Path) -> Iterator[tuple[str, Inbox]]:
    """The API and a worker sharing an SMTP URL whose server the test starts when it wants."""
    inbox = Inbox(port=free_port())
    mail = {
        "SKRIPTOTEKET_SMTP_URL": inbox.url,
        "SKRIPTOTEKET_MAIL_FROM": "skriptoteket@skola.example",
        "SKRIPTOTEKET_BACKGROUND_JOB_BACKOFF_MS": "300",
        "SKRIPTOTEKET_SIGNUP_DOMAINS": "elev.skola.example",
    }
    worker = start_worker(db, tmp_path / "runs.log", **mail)
    try:
        with live_server(db, SKRIPTOTEKET_PUBLIC_URL="http://127.0.0.1:9", **mail) as base:
            yield base, inbox
    finally:
        stop_worker(worker)


def sign_in(base: str, email: str, password: str) -> httpx.Client | int:
    client = httpx.Client(base_url=base)
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    if response.status_code != 200:
        return response.status_code
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def jobs(db: str) -> list[tuple[str, int, str | None]]:
    with psycopg.connect(db) as conn:
        rows = conn.execute("SELECT status, attempts, last_error FROM background_jobs").fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def test_forgot_password_by_mail_with_the_mail_server_down_then_back(
    db: str, stack: tuple[str, Inbox]
) -> None:
    base, inbox = stack
    teacher = make_user(db, email="larare@skola.example")
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("UPDATE users SET language = 'en' WHERE id = %s", (teacher.id,))
    old = sign_in(base, teacher.email, PASSWORD)
    assert isinstance(old, httpx.Client)

    # The mail server is down: the request is answered at once, the job waits and retries.
    reset = httpx.post(f"{base}/api/v1/auth/password-reset", json={"email": teacher.email})
    unknown = httpx.post(f"{base}/api/v1/auth/password-reset", json={"email": "nobody@x.se"})
    assert reset.status_code == unknown.status_code == 202
    assert reset.content == unknown.content  # the same answer: nothing tells them apart
    wait_until(lambda: any(a >= 2 for _, a, _ in jobs(db)), 60, "a retried mail job")
    assert jobs(db)[0][0] in {"pending", "running"} and jobs(db)[0][2]

    with smtp_server(inbox):
        message = inbox.wait_for(teacher.email)
    assert message["Subject"] == "Reset your Skriptoteket password"  # the user's language
    link = link_in(message)
    assert link.startswith("http://127.0.0.1:9/aterstall-losenord?token=")
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert len(inbox.messages) == 1  # nothing for the unknown address

    confirm = f"{base}/api/v1/auth/password-reset/confirm"
    assert httpx.post(confirm, json={"token": token, "new_password": NEW}).status_code == 204
    again = httpx.post(confirm, json={"token": token, "new_password": "yet another one"})
    assert again.status_code == 400 and again.json()["code"] == "invalid_reset_token"
    assert old.get("/api/v1/auth/me").status_code == 401  # the old session ended
    assert sign_in(base, teacher.email, PASSWORD) == 401  # the old password
    assert isinstance(sign_in(base, teacher.email, NEW), httpx.Client)


def test_an_invitation_arrives_signs_the_invitee_in_once_and_revoked_ones_fail(
    db: str, stack: tuple[str, Inbox]
) -> None:
    base, inbox = stack
    admin = make_user(db, role="admin", display_name="Rektor Rut")
    office = sign_in(base, admin.email, PASSWORD)
    assert isinstance(office, httpx.Client)
    with smtp_server(inbox):
        made = office.post(
            "/api/v1/invitations", json={"email": "Ny@Skola.example", "role": "contributor"}
        )
        assert made.status_code == 201, made.text
        revoked = office.post("/api/v1/invitations", json={"email": "gone@skola.example"})
        message = inbox.wait_for("ny@skola.example")
        revoked_mail = inbox.wait_for("gone@skola.example")
        assert "Rektor Rut" in body(message) and "7 dagar" in body(message)
        listed = office.get("/api/v1/invitations").json()
        assert {i["email"] for i in listed} == {"ny@skola.example", "gone@skola.example"}
        gone_id = revoked.json()["invitation"]["id"]
        assert office.delete(f"/api/v1/invitations/{gone_id}").status_code == 204

        token = parse_qs(urlsplit(link_in(message)).query)["token"][0]
        accept = httpx.Client(base_url=base)
        answer = accept.post(
            "/api/v1/auth/invitations/accept",
            json={"token": token, "display_name": "Nya Nora", "password": NEW},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["user"]["role"] == "contributor"
        assert accept.get("/api/v1/auth/me").json()["user"]["display_name"] == "Nya Nora"
        for used in (token, parse_qs(urlsplit(link_in(revoked_mail)).query)["token"][0]):
            refused = httpx.post(
                f"{base}/api/v1/auth/invitations/accept",
                json={"token": used, "display_name": "X", "password": NEW},
            )
            assert refused.status_code == 400 and refused.json()["code"] == "invalid_invitation"
        assert office.get("/api/v1/invitations").json() == []

        # Self-registration: only the listed domain, confirmed by mail before any sign-in.
        info = httpx.get(f"{base}/api/v1/auth/signup")
        assert info.json() == {"domains": ["elev.skola.example"]}
        closed = httpx.post(f"{base}/api/v1/auth/signup", json={"email": "a@gmail.com"})
        assert closed.status_code == 403 and closed.json()["code"] == "signup_closed"
        opened = httpx.post(f"{base}/api/v1/auth/signup", json={"email": "elev@elev.skola.example"})
        assert opened.status_code == 202
        confirm = inbox.wait_for("elev@elev.skola.example")
        assert confirm["Subject"] == "Bekräfta din e-postadress för Skriptoteket"
