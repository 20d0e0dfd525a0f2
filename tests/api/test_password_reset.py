"""Password reset by a one-time link: from an admin or the command line, used once within the
hour, ending the user's sessions and tokens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from litestar.testing import TestClient

from skriptoteket.entrypoints.cli import main as cli
from tests.builders import PASSWORD, make_user

Client = TestClient  # type: ignore[type-arg]
LOGIN = "/api/v1/auth/login"
CONFIRM = "/api/v1/auth/password-reset/confirm"
NEW = "a fresh passphrase"


def sign_in(client: Client, email: str, password: str = PASSWORD) -> int:
    response = client.post(LOGIN, json={"email": email, "password": password})
    if response.status_code == 200:
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return response.status_code


def token_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.path == "/aterstall-losenord"
    return parse_qs(parts.query)["token"][0]


def admin_link(client: Client, db: str, user_id: object) -> str:
    admin = make_user(db, role="admin")
    office = TestClient(app=client.app)
    assert sign_in(office, admin.email) == 200
    response = office.post(f"/api/v1/users/{user_id}/password-reset")
    assert response.status_code == 201, response.text
    return str(response.json()["url"])


def test_an_admins_link_works_once_and_ends_the_old_password_sessions_and_tokens(
    db: str, client: Client
) -> None:
    teacher = make_user(db)
    assert sign_in(client, teacher.email) == 200
    token = client.post("/api/v1/auth/tokens", json={"name": "export"}).json()["token"]
    link = admin_link(client, db, teacher.id)
    with psycopg.connect(db) as conn:
        stored = conn.execute("SELECT token_hash FROM password_resets").fetchall()
    assert len(stored) == 1 and token_of(link).encode() not in stored[0][0]  # hashed at rest

    stranger = TestClient(app=client.app)
    assert (
        stranger.post(CONFIRM, json={"token": token_of(link), "new_password": NEW}).status_code
        == 204
    )

    assert client.get("/api/v1/auth/me").status_code == 401  # the old session ended
    me = stranger.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401  # the token was revoked
    assert sign_in(stranger, teacher.email) == 401  # the old password
    assert sign_in(stranger, teacher.email, NEW) == 200
    again = stranger.post(CONFIRM, json={"token": token_of(link), "new_password": "another one!"})
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_reset_token"
    assert again.headers["content-type"].startswith("application/problem+json")
    with psycopg.connect(db) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_events ORDER BY at")]
    assert "password.reset_issued" in actions and "password.reset" in actions


def test_an_expired_or_superseded_link_is_refused(db: str, client: Client) -> None:
    teacher = make_user(db)
    first = admin_link(client, db, teacher.id)
    second = admin_link(client, db, teacher.id)
    stale = client.post(CONFIRM, json={"token": token_of(first), "new_password": NEW})
    assert stale.json()["code"] == "invalid_reset_token"
    with psycopg.connect(db) as conn:
        conn.execute("UPDATE password_resets SET expires_at = now() - interval '1 second'")
    expired = client.post(CONFIRM, json={"token": token_of(second), "new_password": NEW})
    assert expired.status_code == 400
    assert expired.json()["code"] == "invalid_reset_token"
    assert sign_in(client, teacher.email) == 200  # nothing changed


@pytest.mark.parametrize(
    "body",
    [
        {"token": "short", "new_password": NEW},
        {"token": "x" * 5000, "new_password": NEW},
        {"token": "not base64 at all !!!!!!!", "new_password": NEW},
        {"token": "a" * 43, "new_password": "short"},
        {"token": "a" * 43},
    ],
)
def test_malformed_confirmations_get_a_clear_problem(client: Client, body: dict[str, str]) -> None:
    response = client.post(CONFIRM, json=body)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] != "internal_error"


def test_only_admins_issue_links(db: str, client: Client) -> None:
    teacher = make_user(db)
    assert sign_in(client, make_user(db, role="contributor").email) == 200
    assert client.post(f"/api/v1/users/{teacher.id}/password-reset").status_code == 403


def test_the_command_line_prints_a_link_for_the_first_admin(
    db: str, client: Client, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = make_user(db, role="superuser", email="Rektor@Skola.se")
    monkeypatch.setenv("DATABASE_URL", db)
    monkeypatch.setenv("SKRIPTOTEKET_PUBLIC_URL", "https://skriptoteket.skola.se")

    assert cli(["reset-password", "--email", "REKTOR@skola.se"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://skriptoteket.skola.se/aterstall-losenord?token=")

    assert (
        client.post(CONFIRM, json={"token": token_of(url), "new_password": NEW}).status_code == 204
    )
    assert sign_in(client, admin.email, NEW) == 200
    assert cli(["reset-password", "--email", "nobody@skola.se"]) == 1
