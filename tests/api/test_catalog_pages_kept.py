"""An API process keeps the catalog pages it answered (application/catalog/browse.py,
CatalogPages) only while the catalog version they were read under is current: every change
a page shows is seen by the very next request, whoever made it and through whatever path."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import psycopg
from litestar.testing import TestClient

from skriptoteket.infrastructure.db.catalog_search import CATALOG_SEARCH
from tests.builders import make_user
from tests.catalog_builders import insert_published_tool

if TYPE_CHECKING:
    from tests.builders import TestSession

SignIn = Callable[..., "TestSession"]


def titles(client: TestClient) -> dict[str, tuple[str, bool]]:  # type: ignore[type-arg]
    response = client.get("/api/v1/tools")
    assert response.status_code == 200, response.text
    return {t["slug"]: (t["title"], t["is_favorite"]) for t in response.json()["items"]}


def test_a_kept_page_is_never_served_after_a_change(
    client: TestClient,  # type: ignore[type-arg]
    signed_in: SignIn,
    db: str,
) -> None:
    author = make_user(db, role="contributor")
    insert_published_tool(db, author, slug="betyg", title="Betyg", categories=("analys",))
    signed_in("user")
    assert titles(client) == {"betyg": ("Betyg", False)}
    assert titles(client) == {"betyg": ("Betyg", False)}  # kept

    # Changes behind the API's back (another process), then through it.
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("UPDATE tools SET title = 'Betygen' WHERE slug = 'betyg'")
    assert titles(client) == {"betyg": ("Betygen", False)}
    insert_published_tool(db, author, slug="schema", title="Schema")
    assert titles(client) == {"betyg": ("Betygen", False), "schema": ("Schema", False)}
    assert client.put("/api/v1/tools/schema/favorite").status_code == 204
    assert titles(client)["schema"] == ("Schema", True)
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("DELETE FROM tool_categories")
        assert client.get("/api/v1/tools?category=analys").json()["items"] == []
        conn.execute("UPDATE tools SET listed = false WHERE slug = 'schema'")
    assert titles(client) == {"betyg": ("Betygen", False)}


def test_every_table_the_catalog_search_reads_moves_the_catalog_version(db: str) -> None:
    """A table the search reads without the trigger (migration 0042) would let a kept page
    outlive a change: add the trigger with the table."""
    sql = CATALOG_SEARCH.text
    ctes = set(re.findall(r"(\w+)\s+AS\s*\(", sql, re.IGNORECASE))
    read = set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", sql, re.IGNORECASE)) - ctes
    assert {"tools", "favorites"} <= read
    with psycopg.connect(db) as conn:
        triggered = {
            r[0]
            for r in conn.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'bump_catalog_version'"
            )
        }
    assert read <= triggered, read - triggered
