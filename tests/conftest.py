"""Shared fixtures: a real PostgreSQL database, the app, and clients signed in per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import svcs
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.security.passwords import Argon2PasswordHasher
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.identity import PasswordHasher

from .builders import TestSession, make_session, make_user
from .database import test_database, truncate_all

ROLES = ("user", "contributor", "admin", "superuser")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with test_database() as url:
        yield url


@pytest.fixture
def db(database_url: str) -> Iterator[str]:
    """A clean database for one test (tables truncated before it runs)."""
    truncate_all(database_url)
    yield database_url


@pytest.fixture
def settings(db: str) -> Settings:
    return Settings(database_url=db, log_json=False)


def fast_hasher(registry: svcs.Registry) -> None:
    registry.register_value(PasswordHasher, Argon2PasswordHasher(time_cost=1, memory_cost=8))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    with TestClient(app=create_app(settings, configure=fast_hasher)) as c:
        yield c


@pytest.fixture
def signed_in(db: str, client: TestClient) -> Callable[..., TestSession]:  # type: ignore[type-arg]
    """Sign `client` in as a new user of `role` (cookie set); returns the session."""

    def sign_in(role: str = "user", **user_fields: object) -> TestSession:
        session = make_session(db, make_user(db, role=role, **user_fields))  # type: ignore[arg-type]
        client.cookies.set("skriptoteket_session", session.cookie)
        client.headers["X-CSRF-Token"] = session.csrf_token
        return session

    return sign_in
