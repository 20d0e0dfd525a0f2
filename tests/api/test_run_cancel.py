"""POST /api/v1/runs/{run_id}/cancel."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import psycopg
from litestar.testing import TestClient

from tests.builders import TestSession as SignedIn
from tests.builders import make_user
from tests.queue_support import enqueue, run_states


def queued_run(db: str, user_id: uuid.UUID) -> uuid.UUID:
    with psycopg.connect(db, autocommit=True) as conn:
        return enqueue(conn, user_id)


def test_the_owner_cancels_a_queued_run(
    db: str,
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., SignedIn],
) -> None:
    session = signed_in("user")
    run_id = queued_run(db, session.user.id)
    response = client.post(f"/api/v1/runs/{run_id}/cancel")
    assert response.status_code == 204, response.text
    assert run_states(db)[run_id] == ("cancelled", None)


def test_an_admin_cancels_someone_elses_run(
    db: str,
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., SignedIn],
) -> None:
    run_id = queued_run(db, make_user(db).id)
    signed_in("admin")
    assert client.post(f"/api/v1/runs/{run_id}/cancel").status_code == 204
    assert run_states(db)[run_id] == ("cancelled", None)


def test_someone_elses_run_is_404_and_stays_queued(
    db: str,
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., SignedIn],
) -> None:
    run_id = queued_run(db, make_user(db).id)
    signed_in("contributor")
    response = client.post(f"/api/v1/runs/{run_id}/cancel")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert run_states(db)[run_id] == ("queued", None)


def test_cancelling_needs_a_signed_in_user_and_the_csrf_token(
    db: str,
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., SignedIn],
) -> None:
    run_id = queued_run(db, make_user(db).id)
    assert client.post(f"/api/v1/runs/{run_id}/cancel").status_code == 401
    session = signed_in("user")
    own = queued_run(db, session.user.id)
    del client.headers["X-CSRF-Token"]
    assert client.post(f"/api/v1/runs/{own}/cancel").status_code == 403
    assert run_states(db)[own] == ("queued", None)


def test_a_malformed_run_id_is_a_404_problem(
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., SignedIn],
) -> None:
    signed_in("user")
    response = client.post("/api/v1/runs/not-a-uuid/cancel")
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.status_code == 404
