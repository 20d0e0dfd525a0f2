"""Issue 2's bad-input list on the catalog's routes (tools, versions, suggestions, taxonomy,
limits): malformed JSON, wrong types, unknown fields, oversized bodies, NUL bytes and
non-UTF-8 are 400/413/422 problem+json, never a 500, and nothing is written. Also the
parameters that once reached PostgreSQL unbounded (found by schemathesis)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import psycopg
import pytest
from litestar.testing import TestClient

from tests.api.test_bad_input import assert_problem, bad_bodies
from tests.catalog_builders import MAIN_PY, act_as, manifest, published_tool_via_api

if TYPE_CHECKING:
    from tests.builders import TestSession

Client = TestClient  # type: ignore[type-arg]
SignIn = Callable[..., "TestSession"]

TABLES = (
    "tools",
    "tool_versions",
    "tool_professions",
    "tool_categories",
    "tool_maintainers",
    "suggestions",
    "professions",
    "categories",
    "favorites",
    "audit_events",
)

# (method, path, a valid body); the slug `klasslista` names a published tool, version 1.
ROUTES: list[tuple[str, str, dict[str, object]]] = [
    ("POST", "/api/v1/tools", {"slug": "ny", "title": "Ny", "professions": [], "categories": []}),
    ("PATCH", "/api/v1/tools/klasslista", {"title": "Nytt namn"}),
    (
        "POST",
        "/api/v1/tools/klasslista/versions",
        {"base_version": 1, "manifest": manifest(), "files": {"main.py": MAIN_PY}},
    ),
    ("POST", "/api/v1/tools/klasslista/versions/1/request-changes", {"note": "Mer hjälptext."}),
    ("POST", "/api/v1/suggestions", {"title": "Idé", "description": "Ett verktyg för närvaro."}),
    ("POST", "/api/v1/categories", {"slug": "ny-kategori", "label": "Ny kategori"}),
    ("POST", "/api/v1/professions", {"slug": "ny-yrke", "label": "Nytt yrke"}),
]


def snapshot(db: str) -> dict[str, int]:
    with psycopg.connect(db) as conn:
        counts = {}
        for table in TABLES:
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert row is not None
            counts[table] = int(row[0])
        return counts


@pytest.fixture
def superuser_with_tool(client: Client, signed_in: SignIn) -> TestSession:
    contributor, admin = signed_in("contributor"), signed_in("admin")
    published_tool_via_api(client, contributor, admin, "klasslista")
    return act_as(client, signed_in("superuser"))


def send(client: Client, method: str, path: str, body: bytes) -> object:
    return client.request(method, path, content=body, headers={"content-type": "application/json"})


@pytest.mark.parametrize(
    ("method", "path", "valid"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_bad_bodies_are_problems_and_write_nothing(
    db: str,
    client: Client,
    superuser_with_tool: TestSession,
    method: str,
    path: str,
    valid: dict[str, object],
) -> None:
    before = snapshot(db)
    for what, body in bad_bodies(valid):
        assert_problem(send(client, method, path, body), (400, 422), f"{method} {path} {what}")
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("method", "path", "valid"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_an_oversized_body_is_413_and_writes_nothing(
    db: str,
    client: Client,
    superuser_with_tool: TestSession,
    method: str,
    path: str,
    valid: dict[str, object],
) -> None:
    before = snapshot(db)
    huge = json.dumps({**valid, "padding": "x" * (16 * 1024 * 1024)}).encode()
    response = send(client, method, path, huge)
    assert_problem(response, (413,), f"{method} {path}")
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tools?offset=99999999999999999999",
        "/api/v1/tools?limit=201",
        "/api/v1/tools?category=%00",
        "/api/v1/tools?profession=larare&profession=" + "x" * 65,
        "/api/v1/authoring/tools?offset=9223372036854775808",
        "/api/v1/suggestions?offset=99999999999999999999",
        "/api/v1/users?offset=99999999999999999999",
        "/api/v1/audit-events?offset=99999999999999999999",
        "/api/v1/audit-events?since=81936",
        "/api/v1/audit-events?until=2026-03-01T08:00:00",
        "/api/v1/audit-events?since=2026-13-45T08:00:00Z",
        "/api/v1/tools/klasslista/versions?offset=99999999999999999999",
        "/api/v1/tools/klasslista/versions/64300089257",
        "/api/v1/tools/klasslista/versions/0",
        "/api/v1/tools/" + "x" * 65,
    ],
)
def test_out_of_range_parameters_are_422_not_500(
    client: Client, superuser_with_tool: TestSession, url: str
) -> None:
    assert_problem(client.get(url), (400, 422), url)


def test_a_huge_version_number_in_an_unsafe_request_is_422(
    client: Client, superuser_with_tool: TestSession
) -> None:
    for action in ("submit", "publish", "rollback"):
        url = f"/api/v1/tools/klasslista/versions/64300089257/{action}"
        assert_problem(client.post(url), (422,), url)


def test_rfc3339_times_with_an_offset_filter_the_audit_log(
    client: Client, superuser_with_tool: TestSession
) -> None:
    for since in ("2020-01-01T00:00:00Z", "2020-01-01T01:00:00%2B01:00", "2020-01-01t00:00:00z"):
        response = client.get(f"/api/v1/audit-events?since={since}")
        assert response.status_code == 200, response.text
        assert response.json()["total"] > 0
    future = client.get("/api/v1/audit-events?since=2999-01-01T00:00:00Z")
    assert future.status_code == 200
    assert future.json()["total"] == 0
