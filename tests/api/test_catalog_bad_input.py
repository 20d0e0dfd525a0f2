"""The issue's bad-input list: every one a clear error, and nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
from litestar.testing import TestClient

from tests.catalog_builders import MAIN_PY, create_tool, manifest, save_version

if TYPE_CHECKING:
    from tests.builders import TestSession

SignIn = Callable[..., "TestSession"]


def count(db: str, table: str) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def contributor_with_tool(client: TestClient, signed_in: SignIn) -> None:
    signed_in("contributor")
    create_tool(client, "betyg")


def tool_body(**overrides: Any) -> dict[str, Any]:
    return {"slug": "ny-tool", "title": "Nytt", "professions": [], "categories": [], **overrides}


def test_unknown_taxonomy_slugs_are_422_with_their_positions(
    client: TestClient, signed_in: SignIn, db: str
) -> None:
    signed_in("contributor")
    response = client.post(
        "/api/v1/tools",
        json=tool_body(professions=["larare", "astronaut"], categories=["okand"]),
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("$.professions[1]", "unknown_profession"),
        ("$.categories[0]", "unknown_category"),
    ]
    assert count(db, "tools") == 0


def test_a_duplicate_slug_is_409(client: TestClient, signed_in: SignIn, db: str) -> None:
    signed_in("contributor")
    create_tool(client, "betyg")
    response = client.post("/api/v1/tools", json=tool_body(slug="betyg"))
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_slug"
    create_tool(client, "annat")
    renamed = client.patch("/api/v1/tools/annat", json={"slug": "betyg"})
    assert renamed.status_code == 409 and renamed.json()["code"] == "duplicate_slug"
    assert count(db, "tools") == 2


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("admin", "reserved_slug"),
        ("ny", "reserved_slug"),
        ("Betyg", "invalid_slug"),
        ("betyg--x", "invalid_slug"),
        ("-x", "invalid_slug"),
        ("bä", "invalid_slug"),
        ("a/b", "invalid_slug"),
    ],
)
def test_reserved_or_malformed_slugs_are_422(
    client: TestClient, signed_in: SignIn, db: str, slug: str, code: str
) -> None:
    signed_in("contributor")
    response = client.post("/api/v1/tools", json=tool_body(slug=slug))
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "$.slug",
        "code": code,
        "message": response.json()["errors"][0]["message"],
    }
    assert count(db, "tools") == 0


def test_a_too_long_slug_is_422(client: TestClient, signed_in: SignIn) -> None:
    signed_in("contributor")
    assert client.post("/api/v1/tools", json=tool_body(slug="x" * 65)).status_code == 422


@pytest.mark.usefixtures("contributor_with_tool")
def test_an_invalid_manifest_is_422_with_json_paths_and_nothing_is_saved(
    client: TestClient, db: str
) -> None:
    bad = manifest(
        entrypoint="main.py",
        inputs=[
            {"name": "Klass", "kind": "string", "label": "Klass"},
            {"name": "antal", "kind": "integer", "label": "Antal", "min": 5, "max": 1},
        ],
        extra=1,
    )
    response = save_version(client, "betyg", 0, manifest_=bad)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "$.manifest.inputs[0].name" in fields
    assert "$.manifest.inputs[1].min" in fields
    # The rest of the manifest is checked as one struct: its first problem is reported.
    assert fields & {"$.manifest.entrypoint", "$.manifest.extra"}
    assert count(db, "tool_versions") == 0


@pytest.mark.usefixtures("contributor_with_tool")
def test_a_syntax_error_is_422_with_file_line_and_column(client: TestClient, db: str) -> None:
    files = {"main.py": MAIN_PY, "lib/util.py": "def f(:\n    pass\n"}
    response = save_version(client, "betyg", 0, files=files)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == '$.files["lib/util.py"]'
    assert error["code"] == "syntax_error"
    assert error["line"] == 1 and error["column"] >= 1
    assert "lib/util.py, line 1" in error["message"]
    assert count(db, "tool_versions") == 0


@pytest.mark.usefixtures("contributor_with_tool")
def test_a_missing_entrypoint_file_is_422(client: TestClient, db: str) -> None:
    response = save_version(client, "betyg", 0, files={"other.py": MAIN_PY})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "$.manifest.entrypoint"
    assert count(db, "tool_versions") == 0


@pytest.mark.usefixtures("contributor_with_tool")
def test_huge_source_files_are_413_and_nothing_is_saved(client: TestClient, db: str) -> None:
    big = "#" * (600 * 1024) + "\n"
    response = save_version(client, "betyg", 0, files={"main.py": MAIN_PY, "data.txt": big})
    assert response.status_code == 413
    assert response.json()["code"] == "sources_too_large"
    huger = "#" * (4 * 1024 * 1024)
    assert save_version(client, "betyg", 0, files={"main.py": huger}).status_code == 413
    assert count(db, "tool_versions") == 0


@pytest.mark.usefixtures("contributor_with_tool")
def test_non_utf8_source_is_refused(client: TestClient, db: str) -> None:
    # Raw bytes that are not UTF-8 cannot even be JSON: a malformed body.
    raw = (
        b'{"base_version": 0, "manifest": {"contract": 1, "entrypoint": "main.py:run"}, '
        b'"files": {"main.py": "x = \'\xff\xfe\'"}, "change_summary": ""}'
    )
    response = client.post(
        "/api/v1/tools/betyg/versions", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    # A lone surrogate escape is valid JSON but not text.
    escaped = (
        b'{"base_version": 0, "manifest": {"contract": 1, "entrypoint": "main.py:run"}, '
        b'"files": {"main.py": "x = \'\\ud800\'"}, "change_summary": ""}'
    )
    response = client.post(
        "/api/v1/tools/betyg/versions",
        content=escaped,
        headers={"content-type": "application/json"},
    )
    assert response.status_code in (400, 422)
    assert count(db, "tool_versions") == 0


@pytest.mark.usefixtures("contributor_with_tool")
@pytest.mark.parametrize("name", ["../escape.py", "/abs.py", "bin/run.sh", ".env.txt"])
def test_unsafe_file_names_are_422(client: TestClient, db: str, name: str) -> None:
    response = save_version(client, "betyg", 0, files={"main.py": MAIN_PY, name: "x = 1\n"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] in ("invalid_path", "file_type_not_allowed")
    assert count(db, "tool_versions") == 0


@pytest.mark.usefixtures("contributor_with_tool")
def test_a_manifest_with_10000_fields_is_a_short_clear_422(client: TestClient, db: str) -> None:
    fields = [{"name": f"f{i}", "kind": "string", "label": f"F{i}"} for i in range(10_000)]
    response = save_version(client, "betyg", 0, manifest_=manifest(inputs=fields))
    assert response.status_code in (413, 422)
    if response.status_code == 422:
        errors = response.json()["errors"]
        assert len(errors) <= 101
        assert errors[0]["field"] == "$.manifest.inputs"
    broken = [{"name": f"F{i}", "kind": "nope"} for i in range(10_000)]
    response = save_version(client, "betyg", 0, manifest_=manifest(inputs=broken))
    assert response.status_code in (413, 422)
    if response.status_code == 422:
        assert len(response.json()["errors"]) <= 101
    assert count(db, "tool_versions") == 0


@pytest.mark.usefixtures("contributor_with_tool")
def test_a_negative_base_version_or_wrong_shape_is_422(client: TestClient) -> None:
    assert save_version(client, "betyg", -1).status_code == 422
    response = client.post(
        "/api/v1/tools/betyg/versions",
        json={"base_version": 0, "manifest": [], "files": {"main.py": MAIN_PY}},
    )
    assert response.status_code == 422


def test_taxonomy_additions_are_admin_only_and_unique(
    client: TestClient, signed_in: SignIn
) -> None:
    signed_in("contributor")
    body = {"slug": "slojdlarare", "label": "Slöjdlärare"}
    assert client.post("/api/v1/professions", json=body).status_code == 403
    signed_in("admin")
    assert client.post("/api/v1/professions", json=body).status_code == 201
    again = client.post("/api/v1/professions", json=body)
    assert again.status_code == 409 and again.json()["code"] == "duplicate_slug"
    assert (
        client.post("/api/v1/categories", json={"slug": "Bad Slug", "label": "x"}).status_code
        == 422
    )
    assert (
        client.post("/api/v1/categories", json={"slug": "ok-slug", "label": "  "}).status_code
        == 422
    )
    signed_in("user")
    labels = {p["slug"]: p["label"] for p in client.get("/api/v1/professions").json()}
    assert labels["slojdlarare"] == "Slöjdlärare"
    assert labels["larare"] == "Lärare"


def test_unknown_filter_slugs_are_422(client: TestClient, signed_in: SignIn) -> None:
    signed_in("user")
    response = client.get("/api/v1/tools?profession=larare&profession=trollkarl")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "unknown_profession"


def test_empty_notes_and_reasons_are_422(client: TestClient, signed_in: SignIn) -> None:
    signed_in("contributor")
    create_tool(client, "betyg")
    save_version(client, "betyg", 0)
    client.post("/api/v1/tools/betyg/versions/1/submit")
    signed_in("admin")
    response = client.post("/api/v1/tools/betyg/versions/1/request-changes", json={"note": "  "})
    assert response.status_code == 422
    assert client.post("/api/v1/tools/betyg/versions/9/publish").status_code == 404
