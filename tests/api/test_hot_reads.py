"""The hot reads' lane at the edge (web/hot_reads.py): every answer is byte for byte the one
Litestar gives without the lane, errors included, and a read the lane hands to Litestar does
nothing twice."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from skriptoteket.web import edge
from tests.builders import TestUser, make_session, make_token, make_user
from tests.queue_support import enqueue, finished_run

Client = TestClient  # type: ignore[type-arg]


def cookie(db: str, user: TestUser) -> dict[str, str]:
    return {"Cookie": f"skriptoteket_session={make_session(db, user).cookie}"}


def token(db: str, user: TestUser, scopes: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(db, user, scopes)}"}


def finished(db: str, user: TestUser) -> uuid.UUID:
    with psycopg.connect(db, autocommit=True) as conn:
        return finished_run(conn, user.id)


def queued_run(db: str, user: TestUser) -> uuid.UUID:
    with psycopg.connect(db, autocommit=True) as conn:
        return enqueue(conn, user.id)


def audited_reads(db: str, run_id: uuid.UUID) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'run.read' AND subject_id = %s",
            (str(run_id),),
        ).fetchone()
    assert row is not None
    return int(row[0])


class Lane:
    """Whether the edge answered each request itself."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answered: list[bool] = []
        original = edge.EdgeApp._answered_hot

        async def recorded(app: Any, *args: Any) -> bool:
            answered = await original(app, *args)
            self.answered.append(answered)
            return answered

        monkeypatch.setattr(edge.EdgeApp, "_answered_hot", recorded)


def answer(client: Client, path: str, headers: dict[str, str]) -> tuple[int, bytes, list[Any]]:
    """Status, body and headers, under one correlation id (it is in every problem's body)."""
    response = client.get(path, headers=headers | {"X-Correlation-ID": "hot-read-test"})
    return response.status_code, response.content, list(response.headers.items())


def test_the_lane_answers_exactly_what_litestar_answers(
    db: str, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, other = make_user(db), make_user(db)
    admin = make_user(db, role="admin")
    renewing = make_user(db)
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("UPDATE users SET must_change_password = true WHERE id = %s", (renewing.id,))
    done, waiting = finished(db, owner), queued_run(db, owner)
    me, run = "/api/v1/auth/me", f"/api/v1/runs/{done}"
    cases: list[tuple[str, dict[str, str], int, bool]] = [
        (me, cookie(db, owner), 200, True),
        (me, token(db, owner, "{catalog:read}"), 200, True),
        (me, token(db, owner, "{runs:read}"), 403, False),  # /auth/me needs catalog:read
        (me, cookie(db, renewing), 200, True),  # allowed before the password change
        (me, {}, 401, False),
        (me, {"Authorization": "Bearer skt_nope"}, 401, False),
        (me, {"Authorization": "Basic eDp5"}, 401, False),
        (me + "?lang=en", cookie(db, owner), 200, False),  # a query string: Litestar's
        (run, cookie(db, owner), 200, True),
        (f"/api/v1/runs/{waiting}", cookie(db, owner), 200, True),  # with its queue position
        (run, cookie(db, admin), 200, True),
        (run, token(db, owner, "{runs:read}"), 200, True),
        (run, token(db, owner, "{catalog:read}"), 403, False),  # the scope is missing
        (run, cookie(db, other), 404, False),
        (run, cookie(db, renewing), 403, False),  # password_change_required
        (run, {}, 401, False),
        (f"/api/v1/runs/{uuid.uuid4()}", cookie(db, owner), 404, False),
        ("/api/v1/runs/not-a-uuid", cookie(db, owner), 404, False),  # no route: no lane
    ]
    lane = Lane(monkeypatch)
    for path, headers, status, answered in cases:
        lane.answered.clear()
        via_lane = answer(client, path, headers)
        assert via_lane[0] == status, (path, headers, via_lane)
        assert any(lane.answered) is answered, (path, headers)
        with monkeypatch.context() as without:
            without.setattr(edge, "HOT_READS", {})
            via_litestar = answer(client, path, headers)
        assert via_lane == via_litestar, (path, headers)
    # The admin's two reads of someone else's run, one by each path: each audited once.
    assert audited_reads(db, done) == 2


def test_a_read_handed_to_litestar_counts_a_token_once_and_audits_once(
    db: str, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = make_user(db)
    done = finished(db, owner)
    lane = Lane(monkeypatch)
    narrow = token(db, owner, "{catalog:read}")
    refused = client.get(f"/api/v1/runs/{done}", headers=narrow)
    assert refused.status_code == 403 and refused.json()["code"] == "insufficient_scope"
    assert lane.answered == [False]
    # The listing writes the counts kept in memory first (TokenUses): exactly one use.
    tokens = client.get("/api/v1/auth/tokens", headers=cookie(db, owner)).json()
    assert [t["request_count"] for t in tokens] == [1]

    # A read the lane answers writes once too: an admin's read of someone else's run.
    admin = make_user(db, role="admin")
    lane.answered.clear()
    assert client.get(f"/api/v1/runs/{done}", headers=cookie(db, admin)).status_code == 200
    assert lane.answered == [True]
    assert audited_reads(db, done) == 1
