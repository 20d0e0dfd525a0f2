"""Export and erasure through the API, checked in the database and the file store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg
from litestar.testing import TestClient

from skriptoteket.infrastructure.settings import Settings
from tests.builders import PASSWORD, TestSession, make_session, make_user
from tests.catalog_builders import act_as, published_tool_via_api
from tests.privacy_support import (
    all_text,
    archive,
    database_text,
    file_store_text,
    finished_run_with_artifact,
)

Client = TestClient  # type: ignore[type-arg]


def erase(client: Client, user_id: object, confirm: str) -> object:
    return client.post(f"/api/v1/users/{user_id}/erase", json={"confirm": confirm})


def test_export_holds_my_runs_inputs_and_artifacts_and_nothing_of_anyone_else(
    db: str, runs_settings: Settings, runs_client: Client, as_role: Callable[..., TestSession]
) -> None:
    store = runs_settings.data_dir / "files"
    admin = as_role("admin")
    other = as_role("user")
    other_run = finished_run_with_artifact(db, store, other.user.id, "ANNAN-ELEV-b81")
    me = as_role("user")
    mine = finished_run_with_artifact(db, store, me.user.id, "MIN-ELEV-4c2")

    response = runs_client.get("/api/v1/me/export")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    members = archive(response.content)
    assert "README.txt" in members and "SVENSKA" in members["README.txt"].decode()
    assert json.loads(members["profile.json"])["user"]["email"] == me.user.email
    run = json.loads(members[f"runs/{mine}/run.json"])
    assert run["request"]["payload"]["inputs"] == {"namn": "MIN-ELEV-4c2"}
    assert run["content_expired"] is False and run["status"] == "succeeded"
    artifact = run["artifacts"][0]["file"]
    assert members[artifact] == b"Rapport om MIN-ELEV-4c2\n"
    text = all_text(members)
    assert "ANNAN-ELEV-b81" not in text and str(other_run) not in text

    # An admin exports the other user: audited, and only theirs.
    act_as(runs_client, admin)
    theirs = archive(runs_client.get(f"/api/v1/users/{other.user.id}/export").content)
    assert "ANNAN-ELEV-b81" in all_text(theirs) and "MIN-ELEV-4c2" not in all_text(theirs)
    events = runs_client.get("/api/v1/audit-events", params={"action": "user.exported"}).json()
    assert {(e["actor_id"], e["subject_id"]) for e in events["items"]} >= {
        (str(admin.user.id), str(other.user.id))
    }
    # Nobody else may; an unknown user is 404.
    act_as(runs_client, me)
    assert runs_client.get(f"/api/v1/users/{other.user.id}/export").status_code == 403
    act_as(runs_client, admin)
    unknown = runs_client.get("/api/v1/users/00000000-0000-4000-8000-000000000001/export")
    assert unknown.status_code == 404


def test_erasure_leaves_no_email_name_or_content_and_keeps_the_tools_they_wrote(
    db: str, runs_settings: Settings, runs_client: Client, as_role: Callable[..., TestSession]
) -> None:
    store = runs_settings.data_dir / "files"
    admin = as_role("admin")
    email = "karin.lindqvist-7d1@skola.example"
    author_user = make_user(db, role="contributor", email=email, display_name="Karin Lindqvist")
    author = make_session(db, author_user)
    published_tool_via_api(runs_client, author, admin, slug="narvarolista", title="Närvarolista")
    act_as(runs_client, author)
    assert runs_client.put("/api/v1/tools/narvarolista/favorite").status_code == 204
    token = runs_client.post("/api/v1/auth/tokens", json={"name": "Karins skript"})
    assert token.status_code == 201, token.text
    run = finished_run_with_artifact(db, store, author_user.id, "ELEVNAMN-KANARIE-55")
    runs_client.cookies.clear()
    right = runs_client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert right.status_code == 200, right.text  # the browser is now known for the account
    runs_client.cookies.clear()
    wrong = runs_client.post("/api/v1/auth/login", json={"email": email, "password": "fel" * 5})
    assert wrong.status_code == 401  # a failed login: the e-mail is in the audit log now
    assert email in database_text(db)

    act_as(runs_client, admin)
    response = erase(runs_client, author_user.id, "Karin Lindqvist")

    assert response.status_code == 200, response.text
    removed = response.json()["removed"]
    assert removed["tokens"] == 1 and removed["favorites"] == 1 and removed["runs_blanked"] == 1
    assert removed["known_devices"] == 1 and removed["sign_in_sessions"] == 2
    everything = database_text(db)
    for personal in (email, "Karin Lindqvist", "Karins skript", "ELEVNAMN-KANARIE-55"):
        assert personal not in everything, personal
    assert b"ELEVNAMN-KANARIE-55" not in file_store_text(store)
    # The tool they wrote still lists, under a stable name.
    listed = runs_client.get("/api/v1/tools", params={"limit": 50}).json()["items"]
    assert "narvarolista" in {t["slug"] for t in listed}
    versions = runs_client.get("/api/v1/tools/narvarolista/versions").json()
    assert versions["items"][0]["author"]["display_name"] == "Borttagen användare"
    # The run's facts stay; its content says it is gone.
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT status, content_expired_at IS NOT NULL FROM runs WHERE id = %s", (run,)
        ).fetchone()
    assert row == ("succeeded", True)
    # They are signed out everywhere, and the erasure is audited by id only.
    act_as(runs_client, author)
    assert runs_client.get("/api/v1/auth/me").status_code == 401
    act_as(runs_client, admin)
    events = runs_client.get("/api/v1/audit-events", params={"action": "user.erased"}).json()
    assert events["items"][0]["subject_id"] == str(author_user.id)
    assert events["items"][0]["actor_id"] == str(admin.user.id)


def test_erasing_yourself_the_last_superuser_an_unknown_id_or_with_a_wrong_name_is_refused(
    db: str, runs_client: Client, as_role: Callable[..., TestSession]
) -> None:
    user = as_role("user")
    admin = as_role("admin")
    refused = erase(runs_client, admin.user.id, admin.user.email.split("@")[0])
    assert refused.status_code == 409 and refused.json()["code"] == "erase_self"
    unknown = erase(runs_client, "00000000-0000-4000-8000-000000000002", "x")
    assert unknown.status_code == 404
    typo = erase(runs_client, user.user.id, "någon annan")
    assert typo.status_code == 422 and typo.json()["errors"][0]["field"] == "confirm"
    superuser = make_user(db, role="superuser", display_name="Ensam Super")
    last = erase(runs_client, superuser.id, "Ensam Super")
    assert last.status_code == 409 and last.json()["code"] == "last_superuser"
    act_as(runs_client, make_session(db, superuser))
    assert erase(runs_client, superuser.id, "Ensam Super").json()["code"] == "last_superuser"
    # With a second superuser, admins still may not; one superuser may erase the other.
    second = make_user(db, role="superuser", display_name="Andra Super")
    act_as(runs_client, admin)
    assert erase(runs_client, second.id, "Andra Super").status_code == 403
    act_as(runs_client, make_session(db, superuser))
    assert erase(runs_client, superuser.id, "Ensam Super").json()["code"] == "erase_self"
    assert erase(runs_client, second.id, "Andra Super").status_code == 200
    act_as(runs_client, admin)
    assert erase(runs_client, user.user.id, user.user.email.split("@")[0]).status_code == 200
    assert erase(runs_client, user.user.id, "Borttagen användare").status_code == 409


def test_a_user_asks_to_be_erased_and_an_admin_sees_and_confirms_it(
    db: str, runs_client: Client, as_role: Callable[..., TestSession]
) -> None:
    me = as_role("user")
    asked = runs_client.post("/api/v1/me/erasure-request")
    assert asked.status_code == 201
    assert runs_client.get("/api/v1/erasure-requests").status_code == 403
    admin = as_role("admin")
    pending = runs_client.get("/api/v1/erasure-requests").json()
    assert [r["user_id"] for r in pending] == [str(me.user.id)]
    name = pending[0]["display_name"]
    assert erase(runs_client, me.user.id, name).status_code == 200
    assert runs_client.get("/api/v1/erasure-requests").json() == []
    assert admin.user.email in database_text(db)  # only the erased person went


def test_the_retention_in_force_is_listed(
    runs_client: Client, as_role: Callable[..., TestSession]
) -> None:
    as_role("user")
    body = runs_client.get("/api/v1/privacy/retention").json()
    assert body["run_content_days"] == 30 and body["artifact_days"] == 7
    assert body["tool_session_hours"] == 24


def test_export_of_an_erased_user_holds_no_content(
    db: str, runs_settings: Settings, runs_client: Client, as_role: Callable[..., TestSession]
) -> None:
    store: Path = runs_settings.data_dir / "files"
    user = as_role("user")
    finished_run_with_artifact(db, store, user.user.id, "BORTA-11")
    as_role("admin")
    assert erase(runs_client, user.user.id, user.user.email.split("@")[0]).status_code == 200
    members = archive(runs_client.get(f"/api/v1/users/{user.user.id}/export").content)
    assert "BORTA-11" not in all_text(members)
    assert json.loads(members["profile.json"])["user"]["display_name"] == "Borttagen användare"
