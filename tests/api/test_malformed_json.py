"""Every JSON route (from the committed OpenAPI document) answers a deep, huge or broken body with
400 `malformed_body`, and no JSON body or query value ever causes a 500."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from skriptoteket.web.json_bodies import MAX_DEPTH, MalformedBody, check_json
from tests.builders import TestSession

Client = TestClient  # type: ignore[type-arg]
OPENAPI = json.loads((Path(__file__).parents[2] / "openapi" / "openapi.json").read_text())


def json_routes() -> list[tuple[str, str]]:
    """(method, path with its parameters filled in) of every operation that takes JSON."""
    routes = []
    for path, item in OPENAPI["paths"].items():
        for method, operation in item.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                filled = path.replace("{slug}", "ett-verktyg").replace("{number}", "1")
                for name in ("token_id", "user_id", "suggestion_id", "session_id", "run_id"):
                    filled = filled.replace("{" + name + "}", str(uuid.uuid4()))
                routes.append((method.upper(), filled))
    return routes


ROUTES = json_routes()
HOSTILE = {
    "50k levels": b"[" * 50_000 + b"]" * 50_000,
    "65 levels in a field": b'{"name": ' + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1) + b"}",
    "5000 digits": b'{"name": ' + b"9" * 5000 + b"}",
    "21 digits": b'{"name": -' + b"1" * 21 + b"}",
    "truncated": b'{"name": "a',
    "not utf-8": b'{"name": "\xff"}',
}


def test_the_json_routes_are_found() -> None:
    assert ("POST", "/api/v1/auth/login") in ROUTES and len(ROUTES) >= 15


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_hostile_bodies_are_400_malformed_body_on_every_json_route(
    client: Client, signed_in: Callable[..., TestSession], method: str, path: str
) -> None:
    signed_in("superuser")
    for what, body in HOSTILE.items():
        response = client.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )
        # A route may refuse the request before reading the body (an unknown tool: 404).
        assert response.status_code in (400, 404), f"{what}: {response.text}"
        problem = response.json()
        assert problem["code"] in ("malformed_body", "not_found"), (what, problem)
        if response.status_code == 400:
            assert problem["code"] == "malformed_body", (what, problem)


def test_login_answers_a_deep_body_without_signing_in(client: Client) -> None:
    response = client.post(
        "/api/v1/auth/login",
        content=HOSTILE["50k levels"],
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["code"] == "malformed_body"


def test_a_huge_integer_in_a_query_is_400_malformed_body(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("admin")
    for url in ("/api/v1/users?limit=" + "9" * 5000, "/api/v1/users?offset=-" + "1" * 30):
        response = client.get(url)
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "malformed_body"


def test_the_guard_leaves_strings_and_shallow_json_alone() -> None:
    check_json(json.dumps({"a": "[" * 10_000 + "9" * 50, "b": [[[[1]]]]}).encode())
    check_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    with pytest.raises(MalformedBody):
        check_json(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))
    with pytest.raises(MalformedBody):
        check_json(b'{"a": "\\"", "b": 1234567890123456789012}')


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**19, max_value=10**60)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


def nested(value: Any, depth: int) -> bytes:
    return b"[" * depth + json.dumps(value).encode() + b"]" * depth


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    value=json_values,
    depth=st.sampled_from([0, 0, 3, MAX_DEPTH - 1, MAX_DEPTH + 1, 2000]),
    raw=st.binary(max_size=40),
)
def test_no_json_body_on_any_route_causes_a_500(
    client: Client,
    signed_in: Callable[..., TestSession],
    route: tuple[str, str],
    value: Any,
    depth: int,
    raw: bytes,
) -> None:
    signed_in("superuser")
    method, path = route
    text = nested(value, depth)
    for body in (text, raw, b'{"name": ' + text + b"}"):
        response = client.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code < 500, response.text
        assert response.headers["content-type"].startswith("application/problem+json") or (
            response.status_code < 300
        ), response.text
