"""Recent tools, everyone's runs, usage statistics, the review queue, the audit log's filters
and export, and the API answering in the caller's language."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import psycopg
import pytest
from litestar.testing import TestClient

from tests.builders import make_user
from tests.catalog_builders import insert_published_tool

if TYPE_CHECKING:
    from tests.builders import TestSession, TestUser

SignIn = Callable[..., "TestSession"]
NOW = datetime.now(UTC)


def insert_run(
    db: str,
    user: TestUser,
    tool_id: uuid.UUID,
    *,
    status: str = "succeeded",
    env: str = "production",
    error_code: str | None = None,
    error_message: str | None = None,
    queued_at: datetime = NOW,
    seconds: float = 1.0,
) -> uuid.UUID:
    run_id = uuid.uuid4()
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO runs (id, user_id, tool_id, tool_version_id, tool_slug, version_number, "
            "mode, env, status, error_code, error_message, request, logs, queued_at, started_at, "
            "finished_at) SELECT %s, %s, t.id, t.active_version_id, t.slug, 1, 'initial', %s, %s, "
            "%s, %s, '{}'::jsonb, %s::jsonb, %s, %s, %s FROM tools t WHERE t.id = %s",
            (
                run_id,
                user.id,
                env,
                status,
                error_code,
                error_message,
                '{"stdout": "", "stderr": "Traceback: boom"}',
                queued_at,
                queued_at,
                queued_at + timedelta(seconds=seconds),
                tool_id,
            ),
        )
    return run_id


@pytest.fixture
def tools(db: str) -> dict[str, uuid.UUID]:
    author = make_user(db, role="contributor")
    return {
        slug: insert_published_tool(db, author, slug=slug, title=title)
        for slug, title in (("namnlista", "Namnlista"), ("franvaro", "Frånvarorapport"))
    }


def test_recent_tools_are_mine_newest_first_without_sandbox_runs(
    client: TestClient, signed_in: SignIn, db: str, tools: dict[str, uuid.UUID]
) -> None:
    me = signed_in("user").user
    other = make_user(db)
    insert_run(db, me, tools["namnlista"], queued_at=NOW - timedelta(days=2))
    insert_run(db, me, tools["franvaro"], queued_at=NOW - timedelta(days=1))
    insert_run(db, me, tools["namnlista"], env="sandbox", queued_at=NOW)  # a draft's test
    insert_run(db, other, tools["namnlista"], queued_at=NOW)
    found = client.get("/api/v1/me/recent-tools").json()["items"]
    assert [(t["slug"], t["runs"]) for t in found] == [("franvaro", 1), ("namnlista", 1)]


def test_popular_tools_are_by_people_not_runs_lately_and_open_to_every_user(
    client: TestClient, signed_in: SignIn, db: str, tools: dict[str, uuid.UUID]
) -> None:
    me = signed_in("user").user
    others = [make_user(db) for _ in range(2)]
    for _ in range(5):  # one keen user's many runs count once
        insert_run(db, me, tools["namnlista"])
    for user in others:
        insert_run(db, user, tools["franvaro"])
    insert_run(db, me, tools["namnlista"], env="sandbox")  # a draft's test is no use
    for user in [make_user(db) for _ in range(3)]:  # last year's use has faded
        insert_run(db, user, tools["namnlista"], queued_at=NOW - timedelta(days=200))
    found = client.get("/api/v1/popular-tools").json()["items"]
    assert [t["slug"] for t in found] == ["franvaro", "namnlista"]
    assert set(found[0]) == {"slug", "title", "summary", "is_favorite"}  # no one's figures
    assert client.get("/api/v1/popular-tools", params={"limit": 1}).json()["items"] == found[:1]
    assert client.get("/api/v1/popular-tools", params={"limit": 99}).status_code == 422


def test_an_admin_sees_everyones_runs_failures_first_and_opening_one_is_audited(
    client: TestClient, signed_in: SignIn, db: str, tools: dict[str, uuid.UUID]
) -> None:
    teacher = make_user(db, display_name="Lärare Lena")
    insert_run(db, teacher, tools["namnlista"], queued_at=NOW)
    failed = insert_run(
        db,
        teacher,
        tools["franvaro"],
        status="failed",
        error_code="exception",
        error_message="Kolumnen Datum saknas.",
        queued_at=NOW - timedelta(hours=1),
    )
    signed_in("user")
    assert client.get("/api/v1/runs", params={"scope": "all"}).status_code == 403

    signed_in("admin")
    page = client.get("/api/v1/runs", params={"scope": "all"}).json()
    assert page["total"] == 2
    first = page["items"][0]
    assert (first["id"], first["status"], first["error"]["message"]) == (
        str(failed),
        "failed",
        "Kolumnen Datum saknas.",
    )
    assert first["user"]["display_name"] == "Lärare Lena"
    filtered = client.get(
        "/api/v1/runs",
        params={
            "scope": "all",
            "tool": "namnlista",
            "user_id": str(teacher.id),
            "since": (NOW - timedelta(minutes=5)).isoformat(),
        },
    ).json()
    assert [r["tool"]["slug"] for r in filtered["items"]] == ["namnlista"]

    opened = client.get(f"/api/v1/runs/{failed}").json()
    assert opened["error"]["message"] == "Kolumnen Datum saknas."
    assert "Traceback: boom" in opened["logs"]["stderr"]
    actions = [
        e["action"]
        for e in client.get("/api/v1/audit-events", params={"action_prefix": "run."}).json()[
            "items"
        ]
    ]
    assert actions == ["run.read", "run.list", "run.list"]


def test_platform_run_errors_are_worded_in_the_callers_language(
    client: TestClient, signed_in: SignIn, db: str, tools: dict[str, uuid.UUID]
) -> None:
    me = signed_in("user").user
    run = insert_run(
        db,
        me,
        tools["namnlista"],
        status="timed_out",
        error_message="The run took longer than allowed.",
    )
    sv = client.get(f"/api/v1/runs/{run}").json()["error"]
    en = client.get(f"/api/v1/runs/{run}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert (sv["code"], sv["message"]) == ("timed_out", "Körningen tog längre tid än tillåtet.")
    assert en.json()["error"]["message"] == "The run took longer than allowed."
    assert en.headers["content-language"] == "en"


def test_problems_answer_in_swedish_unless_english_is_asked_for(
    client: TestClient, signed_in: SignIn
) -> None:
    signed_in("user")
    sv = client.get("/api/v1/tools/finns-inte").json()
    assert (sv["title"], sv["detail"]) == ("Hittades inte", "Verktyget finns inte.")
    en = client.get("/api/v1/tools/finns-inte", headers={"Accept-Language": "en"}).json()
    assert (en["title"], en["detail"]) == ("Not found", "No such tool.")
    bad = client.get("/api/v1/tools", params={"limit": "0"}).json()
    assert bad["detail"] == "Några fält är inte rätt ifyllda."
    assert bad["errors"][0]["message"] == "Värdet måste vara minst 1"
    typed = client.post("/api/v1/auth/password", json={"current_password": 1}).json()
    assert "`str`" in typed["errors"][0]["message"] and "väntade" in typed["errors"][0]["message"]


def test_usage_counts_runs_users_failures_and_durations_per_tool_and_week(
    client: TestClient, signed_in: SignIn, db: str, tools: dict[str, uuid.UUID]
) -> None:
    a, b = make_user(db), make_user(db)
    for seconds in (1, 2, 3):
        insert_run(db, a, tools["namnlista"], seconds=seconds)
    insert_run(db, b, tools["namnlista"], status="failed", error_code="exception", seconds=4)
    insert_run(db, b, tools["namnlista"], env="sandbox")
    signed_in("user")
    assert client.get("/api/v1/stats/usage").status_code == 403
    signed_in("admin")
    usage = client.get("/api/v1/stats/usage").json()
    [tool] = usage["tools"]
    assert (tool["tool_slug"], tool["runs"], tool["users"], tool["failed"]) == (
        "namnlista",
        4,
        2,
        1,
    )
    assert tool["failure_rate"] == 0.25 and tool["p50_ms"] == 2500
    assert sum(w["runs"] for w in usage["weeks"]) == 4 and usage["users"] == 2
    backwards = {"since": NOW.isoformat(), "until": (NOW - timedelta(days=1)).isoformat()}
    assert client.get("/api/v1/stats/usage", params=backwards).status_code == 422


def test_the_review_queue_lists_submitted_versions_for_admins(
    client: TestClient, signed_in: SignIn, db: str, tools: dict[str, uuid.UUID]
) -> None:
    author = make_user(db, role="contributor", display_name="Kalle")
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO tool_versions (id, tool_id, number, state, manifest, files, content_hash, "
            "author_id, change_summary, created_at) SELECT gen_random_uuid(), id, 2, 'in_review', "
            "'{}'::jsonb, '{}'::jsonb, '', %s, 'Ny kolumn', now() FROM tools WHERE slug = 'namnlista'",
            (author.id,),
        )
    signed_in("contributor")
    assert client.get("/api/v1/reviews").status_code == 403
    signed_in("admin")
    page = client.get("/api/v1/reviews").json()
    assert page["total"] == 1
    item = page["items"][0]
    assert (item["tool_slug"], item["number"], item["active_version"]) == ("namnlista", 2, 1)
    assert (item["author"]["display_name"], item["change_summary"]) == ("Kalle", "Ny kolumn")


def test_the_audit_log_has_names_prefix_filters_and_a_csv_export(
    client: TestClient, signed_in: SignIn
) -> None:
    admin = signed_in("admin", display_name="Åsa Admin")
    client.post(
        "/api/v1/users",
        json={
            "email": "ny@skola.example",
            "display_name": "=Ny",
            "role": "user",
            "password": "ett långt lösenord",
        },
    )
    page = client.get("/api/v1/audit-events", params={"action_prefix": "user."}).json()
    assert [(e["action"], e["actor_name"]) for e in page["items"]] == [
        ("user.created", "Åsa Admin")
    ]
    assert (
        client.get("/api/v1/audit-events", params={"action_prefix": "tool."}).json()["total"] == 0
    )
    exported = client.get(
        "/api/v1/audit-events/export",
        params={"actor_id": str(admin.user.id), "since": (NOW - timedelta(hours=1)).isoformat()},
    )
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["at", "action", "actor_id", "actor_name"]
    assert [r[1] for r in rows[1:]] == ["user.created"] and rows[1][3] == "Åsa Admin"
