"""Builders for catalog tests: API steps for flows, direct SQL for bulk data."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import psycopg
from litestar.testing import TestClient

from skriptoteket.domain.catalog import content_hash

from .builders import TestSession, TestUser

MAIN_PY = "def run(ctx):\n    return {'outputs': []}\n"


def manifest(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "contract": 1,
        "entrypoint": "main.py:run",
        "usage": "Ladda upp en klasslista.",
        "inputs": [{"name": "klass", "kind": "string", "label": "Klass"}],
        "settings": [],
    }
    base.update(overrides)
    return base


def act_as(client: TestClient, session: TestSession) -> TestSession:  # type: ignore[type-arg]
    """Switch `client` to another signed-in user."""
    client.cookies.set("skriptoteket_session", session.cookie)
    client.headers["X-CSRF-Token"] = session.csrf_token
    return session


def create_tool(client: TestClient, slug: str = "klasslista", **fields: Any) -> dict[str, Any]:  # type: ignore[type-arg]
    body = {
        "slug": slug,
        "title": fields.pop("title", "Klasslista"),
        "summary": fields.pop("summary", "Gör en klasslista."),
        "professions": fields.pop("professions", ["larare"]),
        "categories": fields.pop("categories", ["klasslistor"]),
        **fields,
    }
    response = client.post("/api/v1/tools", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def save_version(
    client: TestClient,  # type: ignore[type-arg]
    slug: str,
    base: int,
    *,
    files: dict[str, str] | None = None,
    manifest_: dict[str, Any] | None = None,
    summary: str = "",
) -> Any:
    return client.post(
        f"/api/v1/tools/{slug}/versions",
        json={
            "base_version": base,
            "manifest": manifest_ if manifest_ is not None else manifest(),
            "files": files if files is not None else {"main.py": MAIN_PY},
            "change_summary": summary,
        },
    )


def published_tool_via_api(
    client: TestClient,  # type: ignore[type-arg]
    contributor: TestSession,
    admin: TestSession,
    slug: str = "klasslista",
    **fields: Any,
) -> None:
    """Contributor creates, saves and submits; an admin publishes version 1."""
    act_as(client, contributor)
    create_tool(client, slug, **fields)
    assert save_version(client, slug, 0).status_code == 201
    assert client.post(f"/api/v1/tools/{slug}/versions/1/submit").status_code == 200
    act_as(client, admin)
    response = client.post(f"/api/v1/tools/{slug}/versions/1/publish")
    assert response.status_code == 200, response.text


def insert_published_tool(
    db_url: str,
    author: TestUser,
    *,
    slug: str,
    title: str,
    summary: str = "",
    usage: str = "",
    professions: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    listed: bool = True,
    conn: psycopg.Connection[Any] | None = None,
) -> uuid.UUID:
    """A published tool straight in the database (search tests, benchmark)."""
    own = conn is None
    conn = conn or psycopg.connect(db_url, autocommit=True)
    try:
        tool_id, version_id = uuid.uuid4(), uuid.uuid4()
        now = datetime.now(UTC)
        files = {"main.py": MAIN_PY}
        the_manifest = manifest(usage=usage)
        conn.execute(
            "INSERT INTO tools (id, slug, title, summary, listed, created_at, updated_at, "
            "ever_published, search_usage) VALUES (%s, %s, %s, %s, %s, %s, %s, true, %s)",
            (tool_id, slug, title, summary, listed, now, now, usage),
        )
        conn.execute(
            "INSERT INTO tool_versions (id, tool_id, number, state, manifest, files, content_hash, "
            "author_id, change_summary, created_at) "
            "VALUES (%s, %s, 1, 'published', %s, %s, %s, %s, '', %s)",
            (
                version_id,
                tool_id,
                json.dumps(the_manifest),
                json.dumps(files),
                content_hash(the_manifest, files),
                author.id,
                now,
            ),
        )
        conn.execute("UPDATE tools SET active_version_id = %s WHERE id = %s", (version_id, tool_id))
        for p in professions:
            conn.execute("INSERT INTO tool_professions VALUES (%s, %s)", (tool_id, p))
        for c in categories:
            conn.execute("INSERT INTO tool_categories VALUES (%s, %s)", (tool_id, c))
        return tool_id
    finally:
        if own:
            conn.close()
