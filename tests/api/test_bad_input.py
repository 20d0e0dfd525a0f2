"""Whatever a client sends, the answer is a problem+json 4xx (never a 500) and nothing is written."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from tests.builders import PASSWORD, TestSession

Client = TestClient  # type: ignore[type-arg]
SignIn = Callable[..., TestSession]

TABLES = ("users", "auth_sessions", "access_tokens", "login_attempts", "audit_events")
VALID_BODIES: dict[str, dict[str, object]] = {
    "/api/v1/auth/login": {"email": "larare@skola.se", "password": PASSWORD},
    "/api/v1/auth/password": {"current_password": PASSWORD, "new_password": "a new passphrase"},
    "/api/v1/auth/tokens": {"name": "export"},
    "/api/v1/users": {
        "email": "ny@skola.se",
        "display_name": "Ny",
        "password": "ten chars!!",
        "role": "user",
    },
    "PATCH": {"display_name": "Nytt namn"},
}


def snapshot(db: str) -> dict[str, int]:
    with psycopg.connect(db) as conn:
        return {
            t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in TABLES
        }


def bad_bodies(valid: dict[str, object]) -> list[tuple[str, bytes]]:
    """(what, raw body) pairs that no endpoint may accept."""
    fields = list(valid)
    first = fields[0]
    out: list[tuple[str, bytes]] = [
        ("malformed", b'{"' + first.encode() + b'": '),
        ("not json", b"hello"),
        ("array", b"[]"),
        ("string", b'"x"'),
        ("null", b"null"),
        ("non-utf-8", b'{"' + first.encode() + b'": "\xff\xfe"}'),
        ("unknown field", json.dumps({**valid, "is_superuser": True}).encode()),
    ]
    for name in fields:
        out.append((f"{name} wrong type", json.dumps({**valid, name: [1]}).encode()))
        out.append((f"{name} 10 kB", json.dumps({**valid, name: "a@" + "x" * 10_000}).encode()))
        out.append((f"{name} NUL", json.dumps({**valid, name: "a\u0000b@c"}).encode()))
    if "email" in valid:
        out.append(
            ("10 kB email", json.dumps({**valid, "email": "x" * 10_000 + "@skola.se"}).encode())
        )
    return out


def send(client: Client, path: str, body: bytes, me: uuid.UUID) -> tuple[str, object]:
    if path == "PATCH":
        return "PATCH", client.patch(
            f"/api/v1/users/{me}", content=body, headers={"content-type": "application/json"}
        )
    return "POST", client.post(path, content=body, headers={"content-type": "application/json"})


def assert_problem(response: object, allowed: tuple[int, ...], what: str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status in allowed, f"{what}: {status} {response.text}"  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/problem+json"), what  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] and body["correlation_id"] == response.headers["x-correlation-id"], what  # type: ignore[attr-defined]
    assert "Traceback" not in response.text  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", list(VALID_BODIES))
def test_bad_bodies_are_400_or_422_problems_and_write_nothing(
    db: str, client: Client, signed_in: SignIn, path: str
) -> None:
    me = signed_in("superuser")
    before = snapshot(db)
    for what, body in bad_bodies(VALID_BODIES[path]):
        _, response = send(client, path, body, me.user.id)
        assert_problem(response, (400, 422), f"{path} {what}")
    assert snapshot(db) == before


@pytest.mark.parametrize("path", list(VALID_BODIES))
def test_an_oversized_body_is_413(db: str, client: Client, signed_in: SignIn, path: str) -> None:
    me = signed_in("superuser")
    before = snapshot(db)
    huge = json.dumps({"email": "a@b", "password": "x" * (2 * 1024 * 1024)}).encode()
    _, response = send(client, path, huge, me.user.id)
    assert_problem(response, (413,), path)
    assert response.json()["code"] == "payload_too_large"  # type: ignore[attr-defined]
    assert snapshot(db) == before


def test_a_body_of_the_wrong_media_type_is_a_problem(client: Client) -> None:
    response = client.post(
        "/api/v1/auth/login", content=b"email=a&password=b", headers={"content-type": "text/plain"}
    )
    assert_problem(response, (400, 415, 422), "text/plain")


def test_bad_query_and_path_parameters_are_problems(client: Client, signed_in: SignIn) -> None:
    signed_in("admin")
    for url in (
        "/api/v1/users?limit=abc",
        "/api/v1/users?limit=0",
        "/api/v1/users?offset=-1",
        "/api/v1/users?role=king",
        "/api/v1/users?is_active=maybe",
        "/api/v1/users?q=%00",
        "/api/v1/users?q=" + "x" * 10_000,
        "/api/v1/audit-events?actor_id=nope",
        "/api/v1/audit-events?since=yesterday",
        "/api/v1/audit-events?action=%00",
    ):
        assert_problem(client.get(url), (400, 422), url)
    assert_problem(client.get("/api/v1/users/not-a-uuid"), (400, 404, 422), "path")


def test_unknown_paths_and_wrong_methods_are_problems(client: Client) -> None:
    assert_problem(client.get("/api/v1/nothing/here"), (404,), "404")
    assert_problem(client.get("/api/v1/openapi/nothing"), (404,), "schema 404")
    assert_problem(client.put("/api/v1/auth/login"), (405,), "405")
    assert client.put("/api/v1/auth/login").headers.get("allow")


def test_a_malformed_authorization_header_is_401(client: Client) -> None:
    for header in ("Basic abc", "Bearer", "Bearer \u00e5\u00e4\u00f6", "Bearer " + "x" * 10_000):
        response = client.get("/api/v1/auth/me", headers={"Authorization": header.encode()})
        assert_problem(response, (401,), header[:20])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=12,
)
objects = st.dictionaries(
    st.sampled_from(
        [
            "email",
            "password",
            "name",
            "role",
            "display_name",
            "is_active",
            "new_password",
            "current_password",
            "expires_at",
            "x",
        ]
    ),
    json_values,
    max_size=5,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(list(VALID_BODIES)), body=objects | json_values, raw=st.binary(max_size=64)
)
def test_no_body_ever_causes_a_500(
    client: Client, signed_in: SignIn, path: str, body: object, raw: bytes
) -> None:
    me = signed_in("superuser")
    for payload in (json.dumps(body).encode(), raw):
        _, response = send(client, path, payload, me.user.id)
        assert response.status_code < 500, response.text  # type: ignore[attr-defined]
        if response.status_code >= 400:  # type: ignore[attr-defined]
            assert_problem(response, (response.status_code,), path)  # type: ignore[attr-defined]
