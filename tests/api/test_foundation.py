"""The walking skeleton: health, errors as problem+json, correlation ids, auth basics."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.builders import make_session, make_user


def test_healthz_answers_ok_with_a_correlation_id(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(response.headers["x-correlation-id"]) >= 16


def test_readyz_reports_the_migrated_database(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ready"] is True
    assert all(v == "ok" for v in body["checks"].values())


def test_a_client_correlation_id_is_echoed_in_the_problem(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/api/v1/no-such-thing", headers={"X-Correlation-ID": "abc-123"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["x-correlation-id"] == "abc-123"
    body = response.json()
    assert body["code"] == "not_found"
    assert body["correlation_id"] == "abc-123"
    assert body["status"] == 404


def test_a_malformed_correlation_id_is_replaced(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/healthz", headers={"X-Correlation-ID": "bad id\twith spaces"})
    assert response.headers["x-correlation-id"] != "bad id\twith spaces"


def test_wrong_method_is_a_405_problem(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.delete("/api/v1/auth/me")
    assert response.status_code == 405
    body = response.json()
    assert body["code"] == "method_not_allowed"
    assert body["correlation_id"] == response.headers["x-correlation-id"]


def test_me_without_credentials_is_401(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_me_with_a_session_cookie_answers_user_and_csrf_token(
    db: str,
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    session = make_session(db, make_user(db, role="contributor"))
    client.cookies.set("skriptoteket_session", session.cookie)
    body = client.get("/api/v1/auth/me").json()
    assert body["user"]["email"] == session.user.email
    assert body["user"]["role"] == "contributor"
    assert body["csrf_token"] == session.csrf_token


def test_a_session_of_a_deactivated_user_is_refused(db: str, client: TestClient) -> None:  # type: ignore[type-arg]
    session = make_session(db, make_user(db, is_active=False))
    client.cookies.set("skriptoteket_session", session.cookie)
    assert client.get("/api/v1/auth/me").status_code == 401
