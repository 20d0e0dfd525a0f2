"""Admin user management and the audit log, through the API."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import psycopg
from litestar.testing import TestClient

from tests.builders import PASSWORD, TestSession, make_session, make_user

Client = TestClient  # type: ignore[type-arg]
SignIn = Callable[..., TestSession]
NEW = {"email": "Ny.Larare@Skola.se", "display_name": "Ny Lärare", "password": "tio tecken!"}


def count(db: str, table: str) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def test_an_admin_creates_a_user_who_can_then_sign_in(
    db: str, client: Client, signed_in: SignIn
) -> None:
    signed_in("admin")
    response = client.post("/api/v1/users", json={**NEW, "role": "contributor"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["email"] == "ny.larare@skola.se"
    assert body["role"] == "contributor"
    assert body["is_active"] is True
    assert "password" not in body

    client.cookies.clear()
    login = client.post(
        "/api/v1/auth/login", json={"email": NEW["email"], "password": NEW["password"]}
    )
    assert login.status_code == 200


def test_a_new_users_email_must_be_unique_case_insensitively(
    db: str, client: Client, signed_in: SignIn
) -> None:
    signed_in("admin")
    assert client.post("/api/v1/users", json=NEW).status_code == 201
    again = client.post("/api/v1/users", json={**NEW, "email": "NY.LARARE@skola.se"})
    assert again.status_code == 409
    assert again.json()["code"] == "email_taken"
    assert count(db, "users") == 2


def test_a_new_users_password_follows_the_policy_and_says_so(
    db: str, client: Client, signed_in: SignIn
) -> None:
    signed_in("admin")
    short = client.post("/api/v1/users", json={**NEW, "password": "nio tecke"})
    long = client.post("/api/v1/users", json={**NEW, "password": "x" * 257})
    for response, limit in ((short, "10"), (long, "256")):
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert error["field"] == "password"
        assert limit in error["message"]
    assert count(db, "users") == 1


def test_only_a_superuser_creates_admins_and_superusers(
    db: str, client: Client, signed_in: SignIn
) -> None:
    signed_in("admin")
    for role in ("admin", "superuser"):
        response = client.post("/api/v1/users", json={**NEW, "role": role})
        assert response.status_code == 403, role
    signed_in("superuser")
    assert client.post("/api/v1/users", json={**NEW, "role": "admin"}).status_code == 201


def test_admins_list_and_search_users_page_by_page(
    db: str, client: Client, signed_in: SignIn
) -> None:
    for i in range(3):
        make_user(db, email=f"elev{i}@skola.se", role="user")
    make_user(db, email="borta@skola.se", is_active=False)
    signed_in("admin")

    page = client.get("/api/v1/users", params={"q": "elev", "limit": 2}).json()
    assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 0
    assert [u["email"] for u in page["items"]] == ["elev0@skola.se", "elev1@skola.se"]
    inactive = client.get("/api/v1/users", params={"is_active": "false"}).json()
    assert [u["email"] for u in inactive["items"]] == ["borta@skola.se"]
    admins = client.get("/api/v1/users", params={"role": "admin"}).json()
    assert admins["total"] == 1
    assert client.get("/api/v1/users", params={"limit": 201}).status_code in (400, 422)


def test_get_one_user_or_404(db: str, client: Client, signed_in: SignIn) -> None:
    other = make_user(db)
    signed_in("admin")
    assert client.get(f"/api/v1/users/{other.id}").json()["email"] == other.email
    missing = client.get(f"/api/v1/users/{uuid.uuid4()}")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_deactivation_makes_the_users_cookie_and_token_fail_at_once(
    db: str, client: Client, signed_in: SignIn
) -> None:
    victim = signed_in("contributor")
    secret = client.post("/api/v1/auth/tokens", json={"name": "integration"}).json()["token"]
    admin = make_session(db, make_user(db, role="admin"))
    admin_headers = {"X-CSRF-Token": admin.csrf_token}
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 200
    assert client.get("/api/v1/auth/me").status_code == 200

    client.cookies.set("skriptoteket_session", admin.cookie)
    response = client.patch(
        f"/api/v1/users/{victim.user.id}", json={"is_active": False}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is False

    client.cookies.set("skriptoteket_session", victim.cookie)
    assert client.get("/api/v1/auth/me").status_code == 401
    client.cookies.clear()
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401
    with psycopg.connect(db) as conn:
        details = conn.execute(
            "SELECT details FROM audit_events WHERE action = 'user.deactivated'"
        ).fetchone()
    assert details == ({"sessions_ended": 1, "tokens_revoked": 1},)


def test_role_changes_are_audited_and_only_a_superuser_grants_admin(
    db: str, client: Client, signed_in: SignIn
) -> None:
    target = make_user(db, role="user")
    admin = signed_in("admin")
    assert client.patch(f"/api/v1/users/{target.id}", json={"role": "admin"}).status_code == 403
    promoted = client.patch(f"/api/v1/users/{target.id}", json={"role": "contributor"})
    assert promoted.json()["role"] == "contributor"

    events = client.get("/api/v1/audit-events", params={"action": "user.role_changed"}).json()
    assert events["total"] == 1
    event = events["items"][0]
    assert event["actor_id"] == str(admin.user.id)
    assert event["subject_id"] == str(target.id)
    assert event["details"] == {"from": "user", "to": "contributor"}

    signed_in("superuser")
    assert client.patch(f"/api/v1/users/{target.id}", json={"role": "admin"}).status_code == 200


def test_an_admin_cannot_change_another_admin_or_themselves(
    db: str, client: Client, signed_in: SignIn
) -> None:
    other_admin = make_user(db, role="admin")
    me = signed_in("admin")
    assert (
        client.patch(f"/api/v1/users/{other_admin.id}", json={"is_active": False}).status_code
        == 403
    )
    own = client.patch(f"/api/v1/users/{me.user.id}", json={"is_active": False})
    assert (own.status_code, own.json()["code"]) == (403, "own_account")
    renamed = client.patch(f"/api/v1/users/{me.user.id}", json={"display_name": "Ny Titel"})
    assert renamed.json()["display_name"] == "Ny Titel"


def test_reactivation_lets_the_user_sign_in_again(
    db: str, client: Client, signed_in: SignIn
) -> None:
    target = make_user(db, is_active=False)
    signed_in("admin")
    assert client.patch(f"/api/v1/users/{target.id}", json={"is_active": True}).status_code == 200
    client.cookies.clear()
    login = client.post("/api/v1/auth/login", json={"email": target.email, "password": PASSWORD})
    assert login.status_code == 200


def test_the_audit_log_records_user_creation_and_filters_by_actor(
    db: str, client: Client, signed_in: SignIn
) -> None:
    admin = signed_in("admin")
    created = client.post("/api/v1/users", json=NEW).json()
    make_user(db, role="superuser")

    page = client.get("/api/v1/audit-events", params={"actor_id": str(admin.user.id)}).json()
    assert [e["action"] for e in page["items"]] == ["user.created"]
    assert page["items"][0]["subject_id"] == created["id"]
    nobody = client.get("/api/v1/audit-events", params={"actor_id": str(uuid.uuid4())}).json()
    assert nobody == {"items": [], "total": 0, "limit": 50, "offset": 0}


def test_audit_events_cannot_be_changed_or_deleted(
    db: str, client: Client, signed_in: SignIn
) -> None:
    signed_in("admin")
    client.post("/api/v1/users", json=NEW)
    with psycopg.connect(db, autocommit=True) as conn:
        for sql in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
            try:
                conn.execute(sql)
            except psycopg.errors.RaiseException:
                continue
            raise AssertionError(f"{sql} was allowed")
    assert count(db, "audit_events") == 1
