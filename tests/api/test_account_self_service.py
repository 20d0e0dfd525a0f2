"""Accounts through the app: bad input to the public account routes, an admin's temporary
password, the profile (and the run locale it gives tools), expired invitations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
from litestar.testing import TestClient

from skriptoteket.infrastructure.security.secrets import new_secret, secret_hash
from tests.builders import PASSWORD, make_user

Client = TestClient  # type: ignore[type-arg]
NEW = "a fresh passphrase"


def sign_in(client: Client, email: str, password: str = PASSWORD) -> dict[str, object]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return dict(response.json()["user"])


def test_bad_input_to_the_public_account_routes_is_a_swedish_problem(client: Client) -> None:
    huge = "a" * 10_000 + "@skola.se"
    for path, body in (
        ("/api/v1/auth/password-reset", {"email": huge}),
        ("/api/v1/auth/signup", {"email": huge}),
        ("/api/v1/auth/password-reset/confirm", {"token": "../../etc", "new_password": NEW}),
        (
            "/api/v1/auth/invitations/accept",
            {"token": "x" * 5000, "display_name": "A", "password": NEW},
        ),
    ):
        response = client.post(path, json=body)
        assert response.status_code == 422, (path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["errors"] and problem["title"]
        if "email" in body:
            assert problem["detail"] == "E-postadressen går inte att använda."
            assert problem["errors"][0]["message"].startswith("E-postadressen är för lång")
    unknown = client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": new_secret(), "display_name": "A", "password": NEW},
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "invalid_invitation"
    assert "Inbjudan" in unknown.json()["detail"]


def test_a_temporary_password_must_be_changed_before_anything_else(db: str, client: Client) -> None:
    teacher = make_user(db)
    admin = make_user(db, role="admin")
    office = TestClient(app=client.app)
    sign_in(office, admin.email)
    made = office.post(f"/api/v1/users/{teacher.id}/temporary-password")
    assert made.status_code == 201, made.text
    temporary = made.json()["password"]
    assert len(temporary) >= 10
    assert (
        client.post(
            "/api/v1/auth/login", json={"email": teacher.email, "password": PASSWORD}
        ).status_code
        == 401
    )  # the old password is gone

    user = sign_in(client, teacher.email, temporary)
    assert user["must_change_password"] is True
    refused = client.get("/api/v1/tools")
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"
    assert client.get("/api/v1/auth/me").status_code == 200
    changed = client.post(
        "/api/v1/auth/password", json={"current_password": temporary, "new_password": NEW}
    )
    assert changed.status_code == 204, changed.text
    assert client.get("/api/v1/auth/me").json()["user"]["must_change_password"] is False
    assert client.get("/api/v1/tools").status_code == 200
    # A user cannot give themselves one, nor an admin to a superuser.
    assert office.post(f"/api/v1/users/{admin.id}/temporary-password").status_code == 403
    boss = make_user(db, role="superuser")
    assert office.post(f"/api/v1/users/{boss.id}/temporary-password").status_code == 403


def test_the_profile_sets_name_and_language(db: str, client: Client) -> None:
    teacher = make_user(db)
    assert sign_in(client, teacher.email)["language"] == "sv"
    changed = client.patch(
        "/api/v1/auth/me", json={"display_name": "  Lärare Lena ", "language": "en"}
    )
    assert changed.status_code == 200, changed.text
    me = client.get("/api/v1/auth/me").json()["user"]
    assert (me["display_name"], me["language"]) == ("Lärare Lena", "en")
    bad = client.patch("/api/v1/auth/me", json={"language": "de"})
    assert bad.status_code == 422


def test_an_expired_invitation_is_refused(db: str, client: Client) -> None:
    token = new_secret()
    past = datetime.now(UTC) - timedelta(days=8)
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO invitations (id, email, role, language, token_hash, created_at, "
            "expires_at) VALUES (gen_random_uuid(), 'sen@skola.example', 'user', 'sv', %s, %s, %s)",
            (secret_hash(token), past, past + timedelta(days=7)),
        )
    response = client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": token, "display_name": "Sen", "password": NEW},
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_invitation"
    with psycopg.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (0,)
