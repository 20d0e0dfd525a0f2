"""GET /api/v1/limits: the limits table, for any signed-in user."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient

from skriptoteket.contract.limits import DEFAULT_LIMITS, Limits, configure_limits
from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings, SettingsError
from tests.builders import make_session, make_user


def test_limits_need_a_signed_in_user(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/api/v1/limits")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_any_signed_in_user_reads_the_spec_defaults(
    client: TestClient,  # type: ignore[type-arg]
    signed_in: Callable[..., object],
) -> None:
    signed_in("user")
    response = client.get("/api/v1/limits")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["timeout_s"] == 60
    assert body["max_timeout_s"] == 300
    assert body["outputs"] == 50
    assert body["table_rows"] == 1000
    assert body["state_bytes"] == 64 * 1024
    assert body["ui_payload_bytes"] == 512 * 1024


@pytest.fixture
def configured_client(db: str) -> Iterator[TestClient]:  # type: ignore[type-arg]
    env = {
        "DATABASE_URL": db,
        "SKRIPTOTEKET_LOG_JSON": "false",
        "SKRIPTOTEKET_LIMIT_MAX_TIMEOUT_S": "120",
        "SKRIPTOTEKET_LIMIT_TABLE_ROWS": "5000000",
    }
    with TestClient(app=create_app(Settings.from_env(env))) as c:
        yield c


def test_configured_limits_are_served_clamped_to_the_hard_maxima(
    db: str,
    configured_client: TestClient,  # type: ignore[type-arg]
) -> None:
    session = make_session(db, make_user(db, role="user"))
    configured_client.cookies.set("skriptoteket_session", session.cookie)
    body = configured_client.get("/api/v1/limits").json()
    assert body["max_timeout_s"] == 120
    assert body["table_rows"] == 1000  # the contract's default is the most it may be


def test_unknown_or_malformed_limit_variables_are_settings_errors() -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({"SKRIPTOTEKET_LIMIT_NO_SUCH_LIMIT": "1"})
    with pytest.raises(SettingsError):
        Settings.from_env({"SKRIPTOTEKET_LIMIT_OUTPUTS": "many"})


def test_a_lowered_maximum_also_lowers_the_default() -> None:
    limits = configure_limits({"max_timeout_s": 30, "max_memory_mb": 256})
    assert (limits.timeout_s, limits.memory_mb) == (30, 256)
    assert limits.clamp_timeout(1000) == 30
    assert limits.clamp_timeout(None) == 30
    assert configure_limits({"cpus": 9.5}).cpus == 2.0
    assert configure_limits({"outputs": 0}).outputs == 1
    assert Limits() == DEFAULT_LIMITS
