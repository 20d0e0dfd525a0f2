"""Authoring and governance through the API: the issue's must-hold list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import psycopg
from litestar.testing import TestClient

if TYPE_CHECKING:
    from tests.builders import TestSession
from tests.catalog_builders import (
    MAIN_PY,
    act_as,
    create_tool,
    published_tool_via_api,
    save_version,
)

SignIn = Callable[..., "TestSession"]


def audit_actions(db: str) -> list[str]:
    with psycopg.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT action FROM audit_events ORDER BY at, action")]


def test_a_published_tool_is_seen_by_users_with_its_active_manifest(
    client: TestClient, signed_in: SignIn
) -> None:
    admin, contributor = signed_in("admin"), signed_in("contributor")
    published_tool_via_api(client, contributor, admin)
    signed_in("user")

    listing = client.get("/api/v1/tools").json()
    assert [t["slug"] for t in listing["items"]] == ["klasslista"]
    assert listing["items"][0]["professions"] == ["larare"]
    assert listing["total"] == 1

    detail = client.get("/api/v1/tools/klasslista").json()
    assert detail["active_version"] == 1
    assert detail["listed"] is True
    assert detail["manifest"]["entrypoint"] == "main.py:run"
    assert detail["manifest"]["inputs"][0]["name"] == "klass"


def test_users_do_not_see_drafts_or_unlisted_tools(client: TestClient, signed_in: SignIn) -> None:
    admin, contributor = signed_in("admin"), signed_in("contributor")
    published_tool_via_api(client, contributor, admin, "synlig")
    act_as(client, contributor)
    create_tool(client, "utkast", title="Utkast")
    assert save_version(client, "utkast", 0).status_code == 201
    act_as(client, admin)
    assert client.post("/api/v1/tools/synlig/depublish").json()["listed"] is False

    signed_in("user")
    assert client.get("/api/v1/tools").json()["items"] == []
    assert client.get("/api/v1/tools/utkast").status_code == 404
    assert client.get("/api/v1/tools/synlig").status_code == 404

    act_as(client, admin)
    assert client.post("/api/v1/tools/synlig/republish").json()["listed"] is True
    signed_in("user")
    assert [t["slug"] for t in client.get("/api/v1/tools").json()["items"]] == ["synlig"]


def test_maintainers_see_their_draft_tool_and_its_versions(
    client: TestClient, signed_in: SignIn
) -> None:
    contributor = signed_in("contributor")
    create_tool(client, "utkast")
    assert save_version(client, "utkast", 0, summary="Första").status_code == 201
    detail = client.get("/api/v1/tools/utkast").json()
    assert detail["manifest"] is None and detail["active_version"] is None
    versions = client.get("/api/v1/tools/utkast/versions").json()
    assert versions["total"] == 1
    [v1] = versions["items"]
    assert v1["state"] == "draft"
    assert v1["author"] == {
        "id": str(contributor.user.id),
        "display_name": v1["author"]["display_name"],
    }
    assert v1["change_summary"] == "Första"
    full = client.get("/api/v1/tools/utkast/versions/1").json()
    assert full["files"] == {"main.py": MAIN_PY}
    mine = client.get("/api/v1/authoring/tools").json()
    assert [(t["slug"], t["latest_version"]) for t in mine["items"]] == [
        ("utkast", {"number": 1, "state": "draft"})
    ]


def test_a_user_cannot_create_tools(client: TestClient, signed_in: SignIn) -> None:
    signed_in("user")
    response = client.post(
        "/api/v1/tools", json={"slug": "x", "title": "X", "professions": [], "categories": []}
    )
    assert response.status_code == 403


def test_a_contributor_who_is_not_a_maintainer_cannot_edit(
    client: TestClient, signed_in: SignIn
) -> None:
    admin, owner = signed_in("admin"), signed_in("contributor")
    published_tool_via_api(client, owner, admin, "publicerad")
    act_as(client, owner)
    create_tool(client, "hemlig")
    signed_in("contributor")
    # Published: it exists for everyone, so editing is forbidden (403).
    assert client.patch("/api/v1/tools/publicerad", json={"title": "Mitt"}).status_code == 403
    assert save_version(client, "publicerad", 1).status_code == 403
    assert client.get("/api/v1/tools/publicerad/versions").status_code == 403
    # A draft of someone else does not exist for them (404, no existence leak).
    assert client.patch("/api/v1/tools/hemlig", json={"title": "Mitt"}).status_code == 404
    assert save_version(client, "hemlig", 0).status_code == 404


def test_an_admin_requests_changes_with_a_note_the_maintainer_reads(
    client: TestClient, signed_in: SignIn, db: str
) -> None:
    admin, contributor = signed_in("admin"), signed_in("contributor")
    act_as(client, contributor)
    create_tool(client, "betyg")
    save_version(client, "betyg", 0)
    assert client.post("/api/v1/tools/betyg/versions/1/submit").json()["state"] == "in_review"
    act_as(client, admin)
    response = client.post(
        "/api/v1/tools/betyg/versions/1/request-changes", json={"note": "Lägg till hjälptext."}
    )
    assert response.status_code == 200
    assert response.json()["state"] == "changes_requested"
    act_as(client, contributor)
    v1 = client.get("/api/v1/tools/betyg/versions/1").json()
    assert v1["review_note"] == "Lägg till hjälptext."
    # Back to draft by saving a new version on top.
    v2 = save_version(client, "betyg", 1)
    assert v2.status_code == 201 and v2.json()["state"] == "draft"
    assert "version.changes_requested" in audit_actions(db)


def test_after_a_second_publish_the_first_is_archived_and_a_superuser_rolls_back(
    client: TestClient, signed_in: SignIn, db: str
) -> None:
    admin, contributor = signed_in("admin"), signed_in("contributor")
    published_tool_via_api(client, contributor, admin, "betyg")
    act_as(client, contributor)
    v2_files = {"main.py": "# andra\n" + MAIN_PY}
    assert save_version(client, "betyg", 1, files=v2_files).status_code == 201
    client.post("/api/v1/tools/betyg/versions/2/submit")
    act_as(client, admin)
    assert client.post("/api/v1/tools/betyg/versions/2/publish").status_code == 200
    states = {
        v["number"]: v["state"] for v in client.get("/api/v1/tools/betyg/versions").json()["items"]
    }
    assert states == {1: "archived", 2: "published"}

    assert client.post("/api/v1/tools/betyg/versions/1/rollback").status_code == 403
    signed_in("superuser")
    rolled = client.post("/api/v1/tools/betyg/versions/1/rollback")
    assert rolled.status_code == 201, rolled.text
    assert rolled.json()["number"] == 3
    v1 = client.get("/api/v1/tools/betyg/versions/1").json()
    v3 = client.get("/api/v1/tools/betyg/versions/3").json()
    assert v3["files"] == v1["files"] == {"main.py": MAIN_PY}
    assert v3["content_hash"] == v1["content_hash"]
    assert v3["state"] == "published"
    states = {
        v["number"]: v["state"] for v in client.get("/api/v1/tools/betyg/versions").json()["items"]
    }
    assert states == {1: "archived", 2: "archived", 3: "published"}
    assert client.get("/api/v1/tools/betyg").json()["active_version"] == 3
    actions = audit_actions(db)
    for action in (
        "tool.created",
        "version.saved",
        "version.submitted",
        "version.published",
        "version.rolled_back",
    ):
        assert action in actions


def test_an_admin_cannot_publish_a_version_they_wrote(
    client: TestClient, signed_in: SignIn
) -> None:
    signed_in("admin")
    create_tool(client, "egen")
    save_version(client, "egen", 0)
    client.post("/api/v1/tools/egen/versions/1/submit")
    response = client.post("/api/v1/tools/egen/versions/1/publish")
    assert response.status_code == 403
    assert response.json()["code"] == "own_version"


def test_publishing_a_draft_is_an_invalid_state(client: TestClient, signed_in: SignIn) -> None:
    contributor = signed_in("contributor")
    create_tool(client, "betyg")
    save_version(client, "betyg", 0)
    signed_in("admin")
    response = client.post("/api/v1/tools/betyg/versions/1/publish")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_state"
    assert contributor  # the author is not the admin


def test_saving_needs_the_head_as_base_version(client: TestClient, signed_in: SignIn) -> None:
    signed_in("contributor")
    create_tool(client, "betyg")
    assert save_version(client, "betyg", 0).status_code == 201
    stale = save_version(client, "betyg", 0)
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    assert save_version(client, "betyg", 1).json()["number"] == 2


def test_the_slug_can_change_only_before_the_first_publish(
    client: TestClient, signed_in: SignIn
) -> None:
    admin, contributor = signed_in("admin"), signed_in("contributor")
    act_as(client, contributor)
    create_tool(client, "forst")
    renamed = client.patch("/api/v1/tools/forst", json={"slug": "sedan", "title": "Sedan"})
    assert renamed.status_code == 200
    assert renamed.json()["slug"] == "sedan" and renamed.json()["title"] == "Sedan"
    save_version(client, "sedan", 0)
    client.post("/api/v1/tools/sedan/versions/1/submit")
    act_as(client, admin)
    client.post("/api/v1/tools/sedan/versions/1/publish")
    act_as(client, contributor)
    locked = client.patch("/api/v1/tools/sedan", json={"slug": "annat"})
    assert locked.status_code == 409 and locked.json()["code"] == "slug_locked"
    ok = client.patch("/api/v1/tools/sedan", json={"categories": ["analys"], "summary": "Ny"})
    assert ok.json()["categories"] == ["analys"] and ok.json()["summary"] == "Ny"


def test_maintainers_and_admins_manage_maintainers_and_one_always_remains(
    client: TestClient, signed_in: SignIn, db: str
) -> None:
    owner = signed_in("contributor", email="agare@skola.se")
    create_tool(client, "betyg")
    helper = signed_in("contributor", email="hjalpare@skola.se")
    plain = signed_in("user", email="elevassistent@skola.se")
    assert client.get("/api/v1/tools/betyg/maintainers").status_code == 404  # not theirs
    act_as(client, owner)
    listed = client.get("/api/v1/tools/betyg/maintainers").json()["items"]
    assert [m["id"] for m in listed] == [str(owner.user.id)]
    # the search finds contributors only, and wants 3 characters
    found = client.get("/api/v1/tools/betyg/maintainers/candidates", params={"q": "hjalp"})
    assert [m["email"] for m in found.json()["items"]] == ["hjalpare@skola.se"]
    assert (
        client.get("/api/v1/tools/betyg/maintainers/candidates", params={"q": "elevassist"}).json()[
            "items"
        ]
        == []
    )
    short = client.get("/api/v1/tools/betyg/maintainers/candidates", params={"q": "hj"})
    assert short.status_code == 422 and short.json()["errors"][0]["code"] == "too_short"
    added = client.put(f"/api/v1/tools/betyg/maintainers/{helper.user.id}")
    assert added.status_code == 200
    assert {m["id"] for m in added.json()["items"]} == {str(owner.user.id), str(helper.user.id)}
    refused = client.put(f"/api/v1/tools/betyg/maintainers/{plain.user.id}")
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "not_a_contributor"
    assert client.delete(f"/api/v1/tools/betyg/maintainers/{owner.user.id}").status_code == 204
    act_as(client, helper)
    assert client.delete(f"/api/v1/tools/betyg/maintainers/{owner.user.id}").status_code == 404
    last = client.delete(f"/api/v1/tools/betyg/maintainers/{helper.user.id}")
    assert last.status_code == 409 and last.json()["code"] == "last_maintainer"
    assert save_version(client, "betyg", 0).status_code == 201
    act_as(client, owner)
    assert save_version(client, "betyg", 1).status_code == 404
    actions = audit_actions(db)
    assert "tool.maintainer_added" in actions and "tool.maintainer_removed" in actions


def test_the_working_copy_is_kept_per_user_and_shows_a_save_by_someone_else(
    client: TestClient, signed_in: SignIn
) -> None:
    anna = signed_in("contributor")
    create_tool(client, "betyg")
    bo = signed_in("contributor")
    act_as(client, anna)
    client.put(f"/api/v1/tools/betyg/maintainers/{bo.user.id}")
    missing = client.get("/api/v1/tools/betyg/working-copy")
    assert missing.status_code == 200 and missing.json() is None
    half = {"manifest": {"inputs": [{"kind": "enum"}]}, "files": {"main.py": "def run(ctx"}}
    kept = client.put("/api/v1/tools/betyg/working-copy", json={**half, "base_version": 0})
    assert kept.status_code == 200, kept.text
    assert kept.json()["head_version"] == 0
    ahead = client.put("/api/v1/tools/betyg/working-copy", json={**half, "base_version": 3})
    assert ahead.status_code == 422
    act_as(client, bo)
    assert client.get("/api/v1/tools/betyg/working-copy").json() is None  # Anna's only
    assert save_version(client, "betyg", 0).status_code == 201
    act_as(client, anna)
    back = client.get("/api/v1/tools/betyg/working-copy").json()
    assert back["files"] == half["files"] and back["manifest"] == half["manifest"]
    assert (back["base_version"], back["head_version"]) == (0, 1)  # Bo saved meanwhile
    assert save_version(client, "betyg", 0).json()["code"] == "version_conflict"
    assert client.delete("/api/v1/tools/betyg/working-copy").status_code == 204
    assert client.get("/api/v1/tools/betyg/working-copy").json() is None


def test_every_governance_action_is_audited(client: TestClient, signed_in: SignIn, db: str) -> None:
    admin, contributor = signed_in("admin"), signed_in("contributor")
    published_tool_via_api(client, contributor, admin, "betyg")
    act_as(client, admin)
    client.post("/api/v1/tools/betyg/depublish")
    client.post("/api/v1/tools/betyg/republish")
    client.patch("/api/v1/tools/betyg", json={"title": "Betyg 2"})
    client.post("/api/v1/professions", json={"slug": "kurator-test", "label": "Kurator"})
    client.post("/api/v1/categories", json={"slug": "ekonomi-test", "label": "Ekonomi"})
    actions = set(audit_actions(db))
    assert {
        "tool.created",
        "version.saved",
        "version.submitted",
        "version.published",
        "tool.depublished",
        "tool.republished",
        "tool.updated",
        "profession.created",
        "category.created",
    } <= actions
    with psycopg.connect(db) as conn:
        actor, details = conn.execute(
            "SELECT actor_id, details FROM audit_events WHERE action = 'version.published'"
        ).fetchone()  # type: ignore[misc]
    assert actor == admin.user.id
    assert details["slug"] == "betyg" and details["version"] == 1
