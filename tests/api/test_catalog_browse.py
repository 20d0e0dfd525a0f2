"""The catalog as users see it: listing, facets, favorites, full-text search."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from tests.builders import make_user
from tests.catalog_builders import insert_published_tool

if TYPE_CHECKING:
    from tests.builders import TestSession

SignIn = Callable[..., "TestSession"]


@pytest.fixture
def catalog(db: str) -> None:
    author = make_user(db, role="contributor")
    tools = [
        (
            "betygsstatistik",
            "Betygsstatistik",
            "Sammanställ betygen per klass och ämne.",
            "Ladda upp betygsexporten.",
            ("larare", "skolledning"),
            ("bedomning-och-betyg", "analys"),
        ),
        (
            "klasslistor",
            "Klasslistor till Word",
            "Gör snygga klasslistor.",
            "Välj en klasslista från SchoolSoft.",
            ("larare", "administration"),
            ("klasslistor", "dokument"),
        ),
        (
            "franvaro",
            "Frånvarorapport",
            "Räkna frånvaro per elev och vecka.",
            "Exportera närvaron först.",
            ("elevhalsa",),
            ("narvaro", "analys"),
        ),
        (
            "veckobrev",
            "Veckobrev",
            "Skriv veckobrev till vårdnadshavare.",
            "",
            ("larare",),
            ("kommunikation",),
        ),
    ]
    for slug, title, summary, usage, professions, categories in tools:
        insert_published_tool(
            db,
            author,
            slug=slug,
            title=title,
            summary=summary,
            usage=usage,
            professions=professions,
            categories=categories,
        )
    insert_published_tool(db, author, slug="dold", title="Dold betygsstatistik", listed=False)


def slugs(client: TestClient, query: str = "") -> list[str]:  # type: ignore[type-arg]
    response = client.get(f"/api/v1/tools{query}")
    assert response.status_code == 200, response.text
    return [t["slug"] for t in response.json()["items"]]


@pytest.mark.usefixtures("catalog")
def test_the_catalog_lists_listed_published_tools_by_title(
    client: TestClient, signed_in: SignIn
) -> None:
    signed_in("user")
    assert slugs(client) == ["betygsstatistik", "franvaro", "klasslistor", "veckobrev"]
    page = client.get("/api/v1/tools?limit=2&offset=1").json()
    assert [t["slug"] for t in page["items"]] == ["franvaro", "klasslistor"]
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 1)
    beyond = client.get("/api/v1/tools?offset=10").json()
    assert beyond["items"] == [] and beyond["total"] == 4


@pytest.mark.usefixtures("catalog")
def test_filters_are_or_within_a_facet_and_and_across(
    client: TestClient, signed_in: SignIn
) -> None:
    signed_in("user")
    assert slugs(client, "?profession=elevhalsa") == ["franvaro"]
    assert slugs(client, "?profession=elevhalsa&profession=administration") == [
        "franvaro",
        "klasslistor",
    ]
    assert slugs(client, "?category=analys") == ["betygsstatistik", "franvaro"]
    assert slugs(client, "?category=analys&profession=larare") == ["betygsstatistik"]
    assert slugs(client, "?category=analys&category=kommunikation&profession=larare") == [
        "betygsstatistik",
        "veckobrev",
    ]
    assert slugs(client, "?profession=studie-och-yrkesvagledare") == []


@pytest.mark.usefixtures("catalog")
def test_favorites_are_mine_and_filterable(client: TestClient, signed_in: SignIn) -> None:
    signed_in("user")
    assert client.put("/api/v1/tools/veckobrev/favorite").status_code == 204
    assert client.put("/api/v1/tools/veckobrev/favorite").status_code == 204  # idempotent
    assert client.put("/api/v1/tools/franvaro/favorite").status_code == 204
    assert slugs(client, "?favorites=true") == ["franvaro", "veckobrev"]
    assert client.get("/api/v1/tools/veckobrev").json()["is_favorite"] is True
    listing = {t["slug"]: t["is_favorite"] for t in client.get("/api/v1/tools").json()["items"]}
    assert listing == {
        "betygsstatistik": False,
        "franvaro": True,
        "klasslistor": False,
        "veckobrev": True,
    }
    assert client.delete("/api/v1/tools/franvaro/favorite").status_code == 204
    assert slugs(client, "?favorites=true") == ["veckobrev"]
    assert client.put("/api/v1/tools/dold/favorite").status_code == 404
    assert client.put("/api/v1/tools/finns-inte/favorite").status_code == 404
    signed_in("user")
    assert slugs(client, "?favorites=true") == []


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("betygen", ["betygsstatistik"]),  # stemmed prefix inside a compound word
        ("Betyg", ["betygsstatistik"]),
        ("klasslista", ["klasslistor"]),  # singular finds plural
        ("klassl", ["klasslistor"]),  # search as you type
        ("frånvaro vecka", ["franvaro"]),  # every word must match
        ("närvaron", ["franvaro"]),  # from the usage text
        ("statistik", ["betygsstatistik"]),  # a compound's tail, by the substring fallback
        ("schoolsoft", ["klasslistor"]),
        ("franvaro", ["franvaro"]),  # typed without å/ä/ö, as on a phone
        ("narvaro", ["franvaro"]),
        ("vardnadshavare", ["veckobrev"]),
        ("FRÅNVARO", ["franvaro"]),
        ("bettyg", ["betygsstatistik"]),  # a typo in a word of 5+ letters
        ("betygstatistik", ["betygsstatistik"]),
        ("klasslsitor", ["klasslistor"]),
        ("frånvaro bettyg", []),  # every word must still match
        ("dold", []),  # unlisted tools are never found
        ("zzzz", []),
        ("&|!:*()'\\%_", ["betygsstatistik", "franvaro", "klasslistor", "veckobrev"]),
    ],
)
def test_search_understands_swedish(
    client: TestClient, signed_in: SignIn, q: str, expected: list[str]
) -> None:
    signed_in("user")
    found = client.get("/api/v1/tools", params={"q": q})
    assert found.status_code == 200, found.text
    assert [t["slug"] for t in found.json()["items"]] == expected


@pytest.mark.usefixtures("catalog")
def test_title_hits_rank_above_usage_hits(client: TestClient, signed_in: SignIn, db: str) -> None:
    author = make_user(db, role="contributor")
    insert_published_tool(db, author, slug="omdome", title="Omdömen", usage="Betygen i tabell.")
    signed_in("user")
    assert slugs(client, "?q=betyg") == ["betygsstatistik", "omdome"]


@pytest.mark.usefixtures("catalog")
def test_a_word_found_as_typed_is_not_widened_to_near_words(
    client: TestClient, signed_in: SignIn, db: str
) -> None:
    author = make_user(db, role="contributor")
    insert_published_tool(db, author, slug="betty", title="Bettyg och annat")
    signed_in("user")
    assert slugs(client, "?q=bettyg") == ["betty"]


@pytest.mark.usefixtures("catalog")
def test_search_combines_with_facets(client: TestClient, signed_in: SignIn) -> None:
    signed_in("user")
    assert slugs(client, "?q=klass&category=analys") == ["betygsstatistik"]


def test_the_catalog_needs_sign_in(client: TestClient) -> None:
    assert client.get("/api/v1/tools").status_code == 401
    assert client.get("/api/v1/professions").status_code == 401


def test_the_seeded_taxonomy_is_swedish(client: TestClient, signed_in: SignIn) -> None:
    signed_in("user")
    professions = {p["slug"]: p["label"] for p in client.get("/api/v1/professions").json()}
    categories = {c["slug"]: c["label"] for c in client.get("/api/v1/categories").json()}
    assert professions["studie-och-yrkesvagledare"] == "Studie- och yrkesvägledare"
    assert {"larare", "speciallarare", "elevhalsa", "skolledning", "administration"} <= set(
        professions
    )
    assert categories["bedomning-och-betyg"] == "Bedömning och betyg"
    assert {"klasslistor", "kommunikation", "planering", "dokument", "narvaro"} <= set(categories)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=120))
def test_any_search_text_is_answered_never_a_server_error(
    client: TestClient, signed_in: SignIn, q: str
) -> None:
    if not client.cookies.get("skriptoteket_session"):
        signed_in("user")
    response = client.get("/api/v1/tools", params={"q": q})
    assert response.status_code in (200, 400, 422), response.text
