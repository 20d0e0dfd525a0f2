"""Every route of the app x every role (and anonymous) against tests/authz_table.py."""

from __future__ import annotations

import re
import uuid

import pytest
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings
from tests.authz_table import ANONYMOUS, AUTHZ, OWNER, ROLES, SPECIAL, Rule
from tests.builders import make_session, make_user

Client = TestClient  # type: ignore[type-arg]
IGNORED_METHODS = {"OPTIONS", "HEAD"}


def app_routes() -> list[tuple[str, str]]:
    """(method, path) of every route the app serves; building the app needs no database."""
    app = create_app(Settings(database_url="postgresql://authz@localhost/authz"))
    found = set()
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for method in route.methods - IGNORED_METHODS:
                found.add((method, route.path))
    return sorted(found)


ROUTES = app_routes()


def test_every_route_has_a_row_in_the_authz_table() -> None:
    missing = [r for r in ROUTES if r not in AUTHZ]
    assert not missing, f"add these routes to tests/authz_table.py: {missing}"


def test_every_row_of_the_authz_table_is_a_route() -> None:
    stale = [r for r in AUTHZ if r not in ROUTES]
    assert not stale, f"these rows of tests/authz_table.py match no route: {stale}"


def concrete(path: str) -> str:
    """A cheap URL for a route: unknown ids, so allowed callers get at worst a 404."""

    def fill(match: re.Match[str]) -> str:
        kind = match.group(2)
        if kind == "uuid":
            return str(uuid.uuid4())
        if kind == "int":
            return "999999"
        return "no-such-thing"

    return re.sub(r"\{(\w+):(\w+)\}", fill, path)


def allowed(rule: Rule, role: str) -> bool:
    if rule.who in (ANONYMOUS, OWNER, SPECIAL):
        return True
    return ROLES.index(role) >= ROLES.index(rule.who)


def call(client: Client, method: str, url: str, headers: dict[str, str]) -> tuple[int, str]:
    body = {} if method in ("POST", "PUT", "PATCH") else None
    response = client.request(method, url, json=body, headers=headers)
    code = response.json().get("code", "") if response.status_code >= 400 else ""
    return response.status_code, code


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_the_route_answers_each_role_as_the_table_says(
    db: str, client: Client, method: str, path: str
) -> None:
    rule = AUTHZ.get((method, path))
    assert rule is not None, f"{method} {path} has no row in tests/authz_table.py"
    url = concrete(path)

    client.cookies.clear()
    status, code = call(client, method, url, {})
    if rule.who == ANONYMOUS:
        assert status not in (401, 403), f"anonymous {method} {url}: {status} {code}"
    else:
        assert (status, code) == (401, "unauthenticated"), f"anonymous {method} {url}"

    for role in ROLES:
        session = make_session(db, make_user(db, role=role))
        client.cookies.clear()
        client.cookies.set("skriptoteket_session", session.cookie)
        status, code = call(client, method, url, {"X-CSRF-Token": session.csrf_token})
        where = f"{role} {method} {url}: {status} {code}"
        if allowed(rule, role):
            assert status not in (401, 403), where
        else:
            assert status == 403, where
            assert code == "forbidden", where
