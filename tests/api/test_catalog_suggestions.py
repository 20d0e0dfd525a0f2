"""Suggestions: anyone proposes, admins accept (a draft tool) or decline (with a reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import psycopg
from litestar.testing import TestClient

from tests.catalog_builders import act_as, save_version

if TYPE_CHECKING:
    from tests.builders import TestSession

SignIn = Callable[..., "TestSession"]


def propose(client: TestClient, title: str = "Närvarokoll") -> str:  # type: ignore[type-arg]
    response = client.post(
        "/api/v1/suggestions",
        json={"title": title, "description": "Ett verktyg som räknar frånvaro per vecka."},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "pending"
    return str(body["id"])


def test_a_user_proposes_and_sees_the_decline_reason(
    client: TestClient, signed_in: SignIn, db: str
) -> None:
    user = signed_in("user")
    idea = propose(client)
    other = signed_in("user")
    propose(client, "Annan idé")
    assert [s["title"] for s in client.get("/api/v1/suggestions").json()["items"]] == ["Annan idé"]
    assert (
        client.post(f"/api/v1/suggestions/{idea}/decline", json={"reason": "Nej"}).status_code
        == 403
    )

    admin = signed_in("admin")
    everyone = client.get("/api/v1/suggestions").json()
    assert everyone["total"] == 2
    declined = client.post(f"/api/v1/suggestions/{idea}/decline", json={"reason": "Finns redan."})
    assert declined.status_code == 200
    assert (
        client.post(f"/api/v1/suggestions/{idea}/decline", json={"reason": "Igen"}).status_code
        == 409
    )
    assert client.get("/api/v1/suggestions?status=pending").json()["total"] == 1

    act_as(client, user)
    [mine] = client.get("/api/v1/suggestions").json()["items"]
    assert mine["status"] == "declined"
    assert mine["decision_reason"] == "Finns redan."
    assert mine["decided_at"] is not None
    assert other and admin
    with psycopg.connect(db) as conn:
        actions = {r[0] for r in conn.execute("SELECT action FROM audit_events")}
    assert {"suggestion.created", "suggestion.declined"} <= actions


def test_accepting_a_contributors_idea_creates_a_draft_they_maintain(
    client: TestClient, signed_in: SignIn
) -> None:
    contributor = signed_in("contributor")
    idea = propose(client)
    signed_in("admin")
    accepted = client.post(
        f"/api/v1/suggestions/{idea}/accept",
        json={"slug": "narvarokoll", "professions": ["elevhalsa"], "categories": ["narvaro"]},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["tool_slug"] == "narvarokoll"
    tool = client.get("/api/v1/tools/narvarokoll").json()
    assert tool["title"] == "Närvarokoll"
    assert tool["active_version"] is None
    maintainers = client.get("/api/v1/tools/narvarokoll/maintainers").json()["items"]
    assert [m["id"] for m in maintainers] == [str(contributor.user.id)]

    act_as(client, contributor)
    assert save_version(client, "narvarokoll", 0).status_code == 201
    [mine] = client.get("/api/v1/suggestions").json()["items"]
    assert mine["tool_slug"] == "narvarokoll"


def test_a_plain_users_idea_gets_the_maintainer_the_admin_names(
    client: TestClient, signed_in: SignIn
) -> None:
    plain = signed_in("user")
    idea = propose(client)
    contributor = signed_in("contributor")
    signed_in("admin")
    refused = client.post(
        f"/api/v1/suggestions/{idea}/accept",
        json={"slug": "narvarokoll", "maintainer_id": str(plain.user.id)},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "not_a_contributor"
    response = client.post(
        f"/api/v1/suggestions/{idea}/accept",
        json={"slug": "narvarokoll", "maintainer_id": str(contributor.user.id)},
    )
    assert response.status_code == 200
    maintainers = client.get("/api/v1/tools/narvarokoll/maintainers").json()["items"]
    assert [m["id"] for m in maintainers] == [str(contributor.user.id)]


def test_accepting_with_a_taken_slug_changes_nothing(client: TestClient, signed_in: SignIn) -> None:
    signed_in("contributor")
    client.post("/api/v1/tools", json={"slug": "narvarokoll", "title": "Finns"})
    idea = propose(client)
    signed_in("admin")
    response = client.post(f"/api/v1/suggestions/{idea}/accept", json={"slug": "narvarokoll"})
    assert response.status_code == 409
    assert client.get("/api/v1/suggestions?status=pending").json()["total"] == 1


def test_suggestions_need_a_title_and_a_description(client: TestClient, signed_in: SignIn) -> None:
    signed_in("user")
    assert (
        client.post("/api/v1/suggestions", json={"title": "", "description": "x"}).status_code
        == 422
    )
    assert (
        client.post("/api/v1/suggestions", json={"title": "x", "description": "  "}).status_code
        == 422
    )
    assert client.post("/api/v1/suggestions", json={"title": "x"}).status_code == 422
    signed_in("admin")
    missing = "00000000-0000-0000-0000-000000000000"
    assert (
        client.post(f"/api/v1/suggestions/{missing}/decline", json={"reason": "x"}).status_code
        == 404
    )
