"""Sign-in, sessions, CSRF, password change and personal access tokens, through the API."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from argon2 import PasswordHasher
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.entrypoints.cli import main as cli
from skriptoteket.infrastructure.settings import Settings
from tests.builders import PASSWORD, TestSession, make_user
from tests.conftest import fast_hasher

Client = TestClient  # type: ignore[type-arg]
LOGIN = "/api/v1/auth/login"


def login(client: Client, email: str, password: str = PASSWORD) -> tuple[int, dict[str, object]]:
    response = client.post(LOGIN, json={"email": email, "password": password})
    return response.status_code, response.json()


def rows(db: str, sql: str, *args: object) -> list[tuple[object, ...]]:
    with psycopg.connect(db) as conn:
        return conn.execute(sql, args).fetchall()  # type: ignore[arg-type]


def audit_actions(db: str) -> list[str]:
    return [str(r[0]) for r in rows(db, "SELECT action FROM audit_events ORDER BY at, action")]


@pytest.fixture
def strict_client(db: str) -> Iterator[Client]:
    """A client whose login protection trips after a few attempts."""
    settings = Settings(
        database_url=db,
        log_json=False,
        login_max_failures=3,
        login_lockout_s=120,
    )
    with TestClient(app=create_app(settings, configure=fast_hasher)) as c:
        yield c


def test_the_bootstrap_superuser_signs_in_and_me_answers_user_and_csrf_token(
    db: str, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", db)
    assert (
        cli(["bootstrap-superuser", "--email", "Rektor@Skola.se", "--password", "a long secret"])
        == 0
    )

    response = client.post(LOGIN, json={"email": "rektor@skola.se", "password": "a long secret"})

    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    body = response.json()
    assert body["user"]["email"] == "rektor@skola.se"
    assert body["user"]["role"] == "superuser"
    me = client.get("/api/v1/auth/me").json()
    assert me["user"]["id"] == body["user"]["id"]
    assert me["csrf_token"] == body["csrf_token"]
    assert me["user"]["last_login_at"] is not None


def test_the_cookie_is_secure_when_settings_say_so(db: str) -> None:
    user = make_user(db)
    settings = Settings(database_url=db, log_json=False, secure_cookies=True)
    with TestClient(app=create_app(settings, configure=fast_hasher)) as c:
        response = c.post(LOGIN, json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "secure" in response.headers["set-cookie"].lower()


def test_login_rehashes_a_password_hashed_with_other_parameters(db: str, client: Client) -> None:
    user = make_user(db)
    with psycopg.connect(db) as conn:
        conn.execute(
            "UPDATE users SET password_hash = %s WHERE id = %s",
            (PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(PASSWORD), user.id),
        )
    assert login(client, user.email)[0] == 200
    (stored,) = rows(db, "SELECT password_hash FROM users WHERE id = %s", user.id)[0]
    assert "m=8,t=1" in str(stored)
    assert login(client, user.email)[0] == 200


def test_emails_are_matched_case_insensitively_at_login(db: str, client: Client) -> None:
    user = make_user(db, email="Larare@Skola.se")
    assert login(client, "  LARARE@skola.SE ")[0] == 200
    assert user.email == "larare@skola.se"


def test_unknown_email_gets_exactly_the_answer_of_a_wrong_password(db: str, client: Client) -> None:
    user = make_user(db)
    wrong = client.post(LOGIN, json={"email": user.email, "password": "not the password"})
    unknown = client.post(LOGIN, json={"email": "nobody@skola.se", "password": "not the password"})

    assert wrong.status_code == unknown.status_code == 401
    strip = lambda body: {k: v for k, v in body.items() if k != "correlation_id"}  # noqa: E731
    assert strip(wrong.json()) == strip(unknown.json())
    assert wrong.json()["code"] == "invalid_credentials"
    assert "set-cookie" not in wrong.headers and "set-cookie" not in unknown.headers


def test_failed_and_successful_logins_are_audited_with_ip_and_user_agent(
    db: str, client: Client
) -> None:
    user = make_user(db)
    client.post(
        LOGIN,
        json={"email": user.email, "password": "wrong password"},
        headers={"User-Agent": "Skolwebben/1.0"},
    )
    client.post(LOGIN, json={"email": user.email, "password": PASSWORD})

    events = rows(db, "SELECT action, ip, user_agent, subject_id FROM audit_events ORDER BY at")
    assert [e[0] for e in events] == ["login.failed", "login.succeeded"]
    assert all(e[1] for e in events)
    assert events[0][2] == "Skolwebben/1.0"
    assert all(e[3] == str(user.id) for e in events)


def test_a_client_that_keeps_failing_must_wait_even_with_the_right_password(
    db: str, strict_client: Client
) -> None:
    user = make_user(db)
    for _ in range(3):
        assert login(strict_client, user.email, "wrong password")[0] == 401

    response = strict_client.post(LOGIN, json={"email": user.email, "password": PASSWORD})

    assert response.status_code == 429
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "rate_limited"
    assert int(response.headers["retry-after"]) == 1


def test_an_unknown_email_is_slowed_exactly_like_a_real_account(
    db: str, strict_client: Client
) -> None:
    user = make_user(db)
    answers = {}
    for email in (user.email, "ghost@skola.se"):
        seen = [
            strict_client.post(LOGIN, json={"email": email, "password": "wrong password"})
            for _ in range(4)
        ]
        answers[email] = [(r.status_code, r.json()["code"]) for r in seen]
    assert answers[user.email] == answers["ghost@skola.se"]
    assert answers[user.email][-1] == (429, "rate_limited")


def test_the_wait_ends_and_grows_with_each_further_failure(db: str, strict_client: Client) -> None:
    user = make_user(db)
    waits = []
    for _ in range(4):
        assert login(strict_client, user.email, "wrong password")[0] == 401
        with psycopg.connect(db) as conn:  # as if the client had waited long enough
            conn.execute("UPDATE login_attempts SET at = at - interval '121 seconds'")
    for _ in range(3):
        assert login(strict_client, user.email, "wrong password")[0] == 401
        response = strict_client.post(LOGIN, json={"email": user.email, "password": PASSWORD})
        waits.append(int(response.headers["retry-after"]))
        with psycopg.connect(db) as conn:
            conn.execute("UPDATE login_attempts SET at = at - interval '121 seconds'")
    assert waits == [4, 8, 16]
    assert login(strict_client, user.email)[0] == 200


def test_thirty_failures_from_one_ip_for_other_emails_do_not_stop_a_colleague(
    db: str, client: Client
) -> None:
    colleague = make_user(db)
    for i in range(30):
        assert login(client, f"someone{i}@skola.se", "wrong password")[0] == 401

    assert login(client, colleague.email)[0] == 200


def test_a_pupil_guessing_from_the_school_address_does_not_lock_the_teachers_browser(
    db: str, strict_client: Client
) -> None:
    teacher = make_user(db)
    assert login(strict_client, teacher.email)[0] == 200  # the teacher's browser, known now
    device = next(c for c in strict_client.cookies.jar if c.name.endswith("_device"))
    strict_client.cookies.delete("skriptoteket_session")
    # Another browser on the same app (no `with`: the app's lifespan is the outer client's).
    pupil = TestClient(app=strict_client.app)  # the same IP, no device cookie
    if True:
        for _ in range(10):
            pupil.post(LOGIN, json={"email": teacher.email, "password": "a guess"})
        assert login(pupil, teacher.email)[0] == 429
        # A device cookie the server never issued for this account counts as none.
        pupil.cookies.set(device.name, "made-up")
        assert login(pupil, teacher.email)[0] == 429

    status, _ = login(strict_client, teacher.email)
    assert status == 200


def test_an_admin_unlocks_an_account(db: str, strict_client: Client) -> None:
    teacher = make_user(db)
    admin = make_user(db, role="admin")
    for _ in range(5):
        strict_client.post(LOGIN, json={"email": teacher.email, "password": "a guess"})
    assert login(strict_client, teacher.email)[0] == 429
    admin_client = TestClient(app=strict_client.app)
    if True:
        _, body = login(admin_client, admin.email)
        admin_client.headers["X-CSRF-Token"] = str(body["csrf_token"])
        response = admin_client.post(f"/api/v1/users/{teacher.id}/unlock")
        assert response.status_code == 204, response.text
    assert login(strict_client, teacher.email)[0] == 200
    assert "user.unlocked" in audit_actions(db)


def test_a_successful_login_clears_the_accounts_failures(db: str, strict_client: Client) -> None:
    user = make_user(db)
    for _ in range(2):
        login(strict_client, user.email, "wrong password")
    assert login(strict_client, user.email)[0] == 200
    for _ in range(2):
        assert login(strict_client, user.email, "wrong password")[0] == 401
    assert login(strict_client, user.email)[0] == 200


def test_a_deactivated_user_cannot_sign_in_and_learns_nothing(db: str, client: Client) -> None:
    user = make_user(db, is_active=False)
    status, body = login(client, user.email)
    assert (status, body["code"]) == (401, "invalid_credentials")


def test_a_cookie_post_without_csrf_token_is_refused_but_a_bearer_token_needs_none(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    created = client.post("/api/v1/auth/tokens", json={"name": "skript"})
    assert created.status_code == 201, created.text
    secret = created.json()["token"]
    token_id = created.json()["id"]
    second = client.post("/api/v1/auth/tokens", json={"name": "another"}).json()["id"]

    del client.headers["X-CSRF-Token"]
    refused = client.delete(f"/api/v1/auth/tokens/{second}")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"

    client.cookies.clear()
    accepted = client.delete(
        f"/api/v1/auth/tokens/{second}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert accepted.status_code == 204
    listed = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {secret}"})
    by_id = {t["id"]: t for t in listed.json()}
    assert by_id[second]["revoked_at"] is not None
    assert by_id[token_id]["revoked_at"] is None
    assert by_id[token_id]["last_used_at"] is not None


def test_a_wrong_csrf_token_is_refused(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    client.headers["X-CSRF-Token"] = "not-the-token"
    response = client.post("/api/v1/auth/tokens", json={"name": "x"})
    assert (response.status_code, response.json()["code"]) == (403, "csrf_failed")


def test_a_token_secret_is_shown_once_and_stored_only_as_a_hash(
    db: str, client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("contributor")
    created = client.post("/api/v1/auth/tokens", json={"name": "export"}).json()
    secret = created["token"]
    assert secret.startswith("skt_") and len(secret) > 40
    listed = client.get("/api/v1/auth/tokens").json()
    assert secret not in str(listed)
    assert listed[0]["prefix"] == secret[:12]
    stored = rows(db, "SELECT secret_hash FROM access_tokens")
    assert secret.encode() not in bytes(stored[0][0])  # type: ignore[arg-type]
    assert audit_actions(db) == ["token.created"]


def test_an_expired_token_is_refused(
    db: str, client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    soon = datetime.now(UTC) + timedelta(seconds=30)
    secret = client.post(
        "/api/v1/auth/tokens", json={"name": "short", "expires_at": soon.isoformat()}
    ).json()["token"]
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 200
    with psycopg.connect(db) as conn:
        conn.execute("UPDATE access_tokens SET expires_at = now() - interval '1 second'")
    assert client.get("/api/v1/auth/me", headers=bearer).status_code == 401


def test_a_token_expiry_in_the_past_is_invalid(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    response = client.post(
        "/api/v1/auth/tokens", json={"name": "old", "expires_at": "2020-01-01T00:00:00Z"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expires_at"


def test_a_token_expiry_needs_a_time_zone(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    response = client.post(
        "/api/v1/auth/tokens", json={"name": "x", "expires_at": "2099-01-01T00:00:00"}
    )
    assert response.status_code == 422


def test_parallel_wrong_passwords_cannot_outrun_the_lockout(db: str, strict_client: Client) -> None:
    user = make_user(db)

    def guess(_: int) -> int:
        return strict_client.post(
            LOGIN, json={"email": user.email, "password": "wrong password"}
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(guess, range(6)))
    # After three failures the next try must wait a second: none of the others got through.
    assert sorted(statuses) == [401, 401, 401, 429, 429, 429]


def test_a_revoked_token_is_refused(client: Client, signed_in: Callable[..., TestSession]) -> None:
    signed_in("user")
    created = client.post("/api/v1/auth/tokens", json={"name": "x"}).json()
    assert client.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 204
    client.cookies.clear()
    response = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {created['token']}"}
    )
    assert response.status_code == 401


def test_someone_elses_token_does_not_exist_for_me(
    db: str, client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("admin")
    theirs = client.post("/api/v1/auth/tokens", json={"name": "theirs"}).json()["id"]
    signed_in("superuser")
    response = client.delete(f"/api/v1/auth/tokens/{theirs}")
    assert response.status_code == 404
    assert rows(db, "SELECT revoked_at FROM access_tokens")[0][0] is None


def test_a_bearer_token_cannot_create_tokens_change_the_password_or_log_out(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    secret = client.post("/api/v1/auth/tokens", json={"name": "x"}).json()["token"]
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {secret}"}
    for path, body in (
        ("/api/v1/auth/tokens", {"name": "y"}),
        ("/api/v1/auth/password", {"current_password": PASSWORD, "new_password": "x" * 12}),
        ("/api/v1/auth/logout", None),
    ):
        response = client.post(path, json=body, headers=bearer)
        assert (response.status_code, response.json()["code"]) == (403, "session_required"), path


def test_logout_ends_the_session_and_clears_the_cookie(
    db: str, client: Client, signed_in: Callable[..., TestSession]
) -> None:
    session = signed_in("user")
    response = client.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert "max-age=0" in response.headers["set-cookie"].lower()
    client.cookies.set("skriptoteket_session", session.cookie)
    assert client.get("/api/v1/auth/me").status_code == 401
    assert audit_actions(db) == ["logout"]


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(
    db: str, client: Client
) -> None:
    user = make_user(db)
    other = TestClient(app=client.app)
    with other:
        assert login(other, user.email)[0] == 200
        _, body = login(client, user.email)
        client.headers["X-CSRF-Token"] = str(body["csrf_token"])

        response = client.post(
            "/api/v1/auth/password",
            json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        )

        assert response.status_code == 204, response.text
        assert client.get("/api/v1/auth/me").status_code == 200
        assert other.get("/api/v1/auth/me").status_code == 401
        assert login(other, user.email)[0] == 401
        assert login(other, user.email, "a brand new passphrase")[0] == 200
    assert "password.changed" in audit_actions(db)


def test_changing_the_password_needs_the_current_one_and_a_long_new_one(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    wrong = client.post(
        "/api/v1/auth/password",
        json={"current_password": "not it", "new_password": "a brand new passphrase"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "current_password"
    short = client.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert short.status_code == 422
    assert "10" in short.json()["errors"][0]["message"]


def test_changing_the_password_revokes_my_tokens_unless_i_keep_them(
    db: str, client: Client
) -> None:
    user = make_user(db)
    _, body = login(client, user.email)
    client.headers["X-CSRF-Token"] = str(body["csrf_token"])

    def new_token() -> str:
        response = client.post("/api/v1/auth/tokens", json={"name": "export"})
        assert response.status_code == 201, response.text
        return str(response.json()["token"])

    def works(token: str) -> bool:
        api = TestClient(app=client.app)
        me = api.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        return me.status_code == 200

    kept, lost = new_token(), None
    response = client.post(
        "/api/v1/auth/password",
        json={
            "current_password": PASSWORD,
            "new_password": "second passphrase",
            "keep_tokens": True,
        },
    )
    assert response.status_code == 204
    assert works(kept)
    lost = new_token()
    response = client.post(
        "/api/v1/auth/password",
        json={"current_password": "second passphrase", "new_password": "third passphrase"},
    )
    assert response.status_code == 204
    assert not works(kept) and not works(lost)


def test_a_token_lives_at_most_token_max_days(db: str) -> None:
    user = make_user(db)
    settings = Settings(database_url=db, log_json=False, token_max_days=30)
    with TestClient(app=create_app(settings, configure=fast_hasher)) as c:
        _, body = login(c, user.email)
        c.headers["X-CSRF-Token"] = str(body["csrf_token"])
        later = (datetime.now(UTC) + timedelta(days=31)).isoformat()
        too_far = c.post("/api/v1/auth/tokens", json={"name": "x", "expires_at": later})
        assert too_far.status_code == 422
        assert too_far.json()["errors"][0]["code"] == "too_far"
        created = c.post("/api/v1/auth/tokens", json={"name": "x"})
        assert created.status_code == 201
        expires = datetime.fromisoformat(created.json()["expires_at"])
        assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)
        token = created.json()["token"]
        # A token from before the cap (no expiry, created long ago) stops working too.
        rows(
            db,
            "UPDATE access_tokens SET expires_at = NULL, created_at = now() - interval '31 days' RETURNING id",
        )
        c.cookies.clear()
        me = c.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401


def test_the_production_cookies_get_the_host_prefix(db: str) -> None:
    settings = Settings.from_env({"DATABASE_URL": db, "SKRIPTOTEKET_ENVIRONMENT": "production"})
    assert settings.session_cookie == "__Host-skriptoteket_session"
    assert settings.device_cookie == "__Host-skriptoteket_session_device"
    assert Settings.from_env({}).session_cookie == "skriptoteket_session"
    user = make_user(db)
    with TestClient(
        app=create_app(settings, configure=fast_hasher), base_url="https://testserver.local"
    ) as c:
        response = c.post(LOGIN, json={"email": user.email, "password": PASSWORD})
        assert response.status_code == 200
        cookies = response.headers.get_list("set-cookie")
        assert all(c.startswith("__Host-") for c in cookies), cookies
        assert all("; secure" in c.lower() and "path=/" in c.lower() for c in cookies)
        assert all("domain" not in c.lower() for c in cookies)
        assert c.get("/api/v1/auth/me").status_code == 200
