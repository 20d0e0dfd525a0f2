"""Integrators through the app (no worker: runs stay queued): service accounts and scopes,
Idempotency-Key on creating POSTs, and the run-creation rate limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession
from tests.conftest import fast_hasher

from .conftest import publish_tool

Client = TestClient  # type: ignore[type-arg]
TOOL = 'def run(ctx):\n    return {"outputs": []}\n'
MANIFEST = {
    "contract": 1,
    "entrypoint": "main.py:run",
    "usage": "Gör inget.",
    "inputs": [{"name": "n", "kind": "integer", "label": "N"}],
}


@pytest.fixture
def client(db: str, data_dir: Path) -> Iterator[Client]:
    settings = Settings(
        database_url=db, log_json=False, data_dir=data_dir, run_rate_per_token_per_minute=3
    )
    with TestClient(app=create_app(settings, configure=fast_hasher)) as c:
        yield c


@pytest.fixture
def as_role(db: str, client: Client) -> Callable[..., TestSession]:
    from tests.builders import make_session, make_user
    from tests.catalog_builders import act_as

    return lambda role="user": act_as(client, make_session(db, make_user(db, role=role)))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def service_token(client: Client, admin: TestSession, scopes: list[str] | None) -> str:
    account = client.post("/api/v1/service-accounts", json={"name": "Elevregistret"})
    assert account.status_code == 201, account.text
    body: dict[str, Any] = {"name": "nattjobb"}
    if scopes is not None:
        body["scopes"] = scopes
    made = client.post(f"/api/v1/service-accounts/{account.json()['id']}/tokens", json=body)
    assert made.status_code == 201, made.text
    return str(made.json()["token"])


def run(client: Client, token: str, n: int = 1, **headers: str) -> Any:
    return client.post(
        "/api/v1/tools/noll/runs",
        json={"inputs": {"n": n}},
        headers={**bearer(token), **headers},
    )


def test_service_account_tokens_act_within_their_scopes(
    client: Client, as_role: Callable[..., TestSession], db: str
) -> None:
    publish_tool(
        client, as_role("contributor"), as_role("admin"), "noll", MANIFEST, {"main.py": TOOL}
    )
    admin = as_role("admin")
    reader = service_token(client, admin, None)  # least by default
    runner = service_token(client, admin, ["runs:write", "runs:read"])
    client.cookies.clear()

    refused = run(client, reader)
    assert refused.status_code == 403
    assert refused.json()["code"] == "insufficient_scope"
    assert client.get("/api/v1/tools", headers=bearer(reader)).status_code == 200
    assert client.get("/api/v1/tools", headers=bearer(runner)).json()["code"] == (
        "insufficient_scope"
    )

    started = run(client, runner)
    assert started.status_code == 202, started.text
    run_id = started.json()["run"]["id"]
    assert client.get(f"/api/v1/runs/{run_id}", headers=bearer(runner)).status_code == 200

    # Visible: scopes, last use, request counts; never the secret.
    act_as_admin = as_role("admin")
    accounts = client.get("/api/v1/service-accounts").json()["items"]
    assert {a["name"] for a in accounts} == {"Elevregistret"}
    counts = {}
    for account in accounts:
        for t in client.get(f"/api/v1/service-accounts/{account['id']}/tokens").json():
            counts[tuple(t["scopes"])] = (t["request_count"], t["last_used_at"] is not None)
    assert counts[("catalog:read",)] == (2, True)
    assert counts[("runs:read", "runs:write")] == (3, True)
    assert act_as_admin  # the accounts are no people: not among the users, cannot sign in
    assert all(
        not u["email"].endswith("service.invalid")
        for u in client.get("/api/v1/users").json()["items"]
    )
    client.cookies.clear()
    login = client.post(
        "/api/v1/auth/login",
        json={"email": f"{accounts[0]['id']}@service.invalid", "password": "!"},
    )
    assert login.status_code == 401


def test_personal_tokens_get_the_least_scope_unless_asked(
    client: Client, as_role: Callable[..., TestSession]
) -> None:
    as_role("user")
    least = client.post("/api/v1/auth/tokens", json={"name": "a"}).json()
    assert least["scopes"] == ["catalog:read"]
    more = client.post("/api/v1/auth/tokens", json={"name": "b", "scopes": ["runs:write", "x"]})
    assert more.status_code == 422
    assert more.json()["code"] == "validation_failed"


def test_idempotency_key_replays_the_first_answer_and_refuses_another_body(
    client: Client, as_role: Callable[..., TestSession]
) -> None:
    publish_tool(
        client, as_role("contributor"), as_role("admin"), "noll", MANIFEST, {"main.py": TOOL}
    )
    token = service_token(client, as_role("admin"), ["runs:write"])
    client.cookies.clear()

    first = run(client, token, 1, **{"Idempotency-Key": "rapport-2026-12-05"})
    again = run(client, token, 1, **{"Idempotency-Key": "rapport-2026-12-05"})
    assert first.status_code == again.status_code == 202
    assert again.json()["run"]["id"] == first.json()["run"]["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers

    other = run(client, token, 2, **{"Idempotency-Key": "rapport-2026-12-05"})
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    bad = run(client, token, 1, **{"Idempotency-Key": "a\tb"})
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_idempotency_key"

    # The replay and the refusals counted no run: two more fill the token's window of 3.
    assert run(client, token, 3).status_code == 202
    assert run(client, token, 4).status_code == 202
    limited = run(client, token, 5)
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["ratelimit-limit"] == "3"
    assert limited.headers["ratelimit-remaining"] == "0"


def test_a_failed_first_request_gives_its_key_back(
    client: Client, as_role: Callable[..., TestSession]
) -> None:
    publish_tool(
        client, as_role("contributor"), as_role("admin"), "noll", MANIFEST, {"main.py": TOOL}
    )
    token = service_token(client, as_role("admin"), ["runs:write"])
    client.cookies.clear()
    key = {"Idempotency-Key": "k1"}
    wrong = client.post(
        "/api/v1/tools/noll/runs", json={"inputs": {"n": "x"}}, headers={**bearer(token), **key}
    )
    assert wrong.status_code == 422
    assert run(client, token, 1, **key).status_code == 202
