"""A token's uses through the app: counted in memory per process and written in batches
(infrastructure/db/token_uses.py), yet exact for whoever reads them through the same process,
and written when the app stops."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
import svcs
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.db.read_pool import ReadPool
from skriptoteket.infrastructure.db.token_uses import TokenUses
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession, make_session, make_user
from tests.conftest import fast_hasher
from tests.privacy_support import archive

Client = TestClient  # type: ignore[type-arg]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def new_token(client: Client, name: str) -> tuple[str, str]:
    created = client.post("/api/v1/auth/tokens", json={"name": name})
    assert created.status_code == 201, created.text
    return created.json()["id"], created.json()["token"]


def listed(client: Client) -> dict[str, Any]:
    """The caller's tokens by id, listed with the session cookie (a use of no token)."""
    response = client.get("/api/v1/auth/tokens")
    assert response.status_code == 200, response.text
    return {t["id"]: t for t in response.json()}


def use(client: Client, secret: str, times: int) -> None:
    for _ in range(times):
        assert client.get("/api/v1/auth/me", headers=bearer(secret)).status_code == 200


def test_the_listing_counts_every_request_made_with_each_token_exactly(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    first, first_secret = new_token(client, "first")
    second, second_secret = new_token(client, "second")
    use(client, first_secret, 2)
    before = listed(client)
    assert before[first]["request_count"] == 2 and before[second]["request_count"] == 0

    use(client, first_secret, 7)
    use(client, second_secret, 3)
    after = listed(client)

    assert after[first]["request_count"] == 9
    assert after[second]["request_count"] == 3
    assert after[first]["last_used_at"] > before[first]["last_used_at"]
    assert after[second]["last_used_at"] is not None
    # A refused token is not counted: a revoked one stays where it was.
    assert client.delete(f"/api/v1/auth/tokens/{second}").status_code == 204
    assert client.get("/api/v1/auth/me", headers=bearer(second_secret)).status_code == 401
    assert listed(client)[second]["request_count"] == 3


def test_the_export_shows_the_last_use_of_a_token_just_used(
    client: Client, signed_in: Callable[..., TestSession]
) -> None:
    signed_in("user")
    token_id, secret = new_token(client, "export")
    use(client, secret, 1)
    response = client.get("/api/v1/me/export")
    assert response.status_code == 200, response.text
    tokens = json.loads(archive(response.content)["tokens.json"])
    assert [t["id"] for t in tokens] == [token_id]
    assert tokens[0]["last_used_at"] is not None


def slow_flushes(registry: svcs.Registry) -> None:
    """Uses written only by a reader or at shutdown, never by the periodic task."""
    fast_hasher(registry)
    uses = TokenUses(svcs.Container(registry).get(ReadPool), every=3600)
    registry.register_value(TokenUses, uses, on_registry_close=uses.close)


def test_the_uses_pending_when_the_app_stops_are_written(db: str, settings: Settings) -> None:
    session = make_session(db, make_user(db))
    with TestClient(app=create_app(settings, configure=slow_flushes)) as client:
        client.cookies.set("skriptoteket_session", session.cookie)
        client.headers["X-CSRF-Token"] = session.csrf_token
        token_id, secret = new_token(client, "stopping")
        use(client, secret, 4)
        with psycopg.connect(db) as conn:
            row = conn.execute(
                "SELECT request_count FROM access_tokens WHERE id = %s", (token_id,)
            ).fetchone()
        assert row == (0,)  # pending in the process

    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT request_count, last_used_at IS NOT NULL FROM access_tokens WHERE id = %s",
            (token_id,),
        ).fetchone()
    assert row == (4, True)
