"""Who may call each catalog route: no credentials 401; a role below the minimum 403.

"maintainer" routes are open to the tool's maintainers and to admins; a contributor who does
not maintain a published tool gets 403 (an unpublished one is 404 for them, tested elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from tests.catalog_builders import MAIN_PY, manifest, published_tool_via_api

if TYPE_CHECKING:
    from tests.builders import TestSession

SignIn = Callable[..., "TestSession"]

NOBODY = "00000000-0000-0000-0000-000000000001"
VERSION = {"base_version": 1, "manifest": manifest(), "files": {"main.py": MAIN_PY}}

WORKING_COPY = {"base_version": 1, "manifest": {"usage": "halv"}, "files": {"main.py": ""}}

# (method, path, body, the least role that may call it)
CATALOG_AUTHZ: list[tuple[str, str, Any, str]] = [
    ("GET", "/api/v1/professions", None, "user"),
    ("POST", "/api/v1/professions", {"slug": "ny-roll", "label": "Ny"}, "admin"),
    ("GET", "/api/v1/categories", None, "user"),
    ("POST", "/api/v1/categories", {"slug": "ny-kat", "label": "Ny"}, "admin"),
    ("GET", "/api/v1/tools", None, "user"),
    ("POST", "/api/v1/tools", {"slug": "nytt", "title": "Nytt"}, "contributor"),
    ("GET", "/api/v1/tools/betyg", None, "user"),
    ("PATCH", "/api/v1/tools/betyg", {"title": "Nytt namn"}, "maintainer"),
    ("PUT", "/api/v1/tools/betyg/favorite", None, "user"),
    ("DELETE", "/api/v1/tools/betyg/favorite", None, "user"),
    ("POST", "/api/v1/tools/betyg/depublish", None, "admin"),
    ("POST", "/api/v1/tools/betyg/republish", None, "admin"),
    ("GET", "/api/v1/authoring/tools", None, "contributor"),
    ("GET", "/api/v1/tools/betyg/versions", None, "maintainer"),
    ("POST", "/api/v1/tools/betyg/versions", VERSION, "maintainer"),
    ("GET", "/api/v1/tools/betyg/versions/1", None, "maintainer"),
    ("POST", "/api/v1/tools/betyg/versions/1/submit", None, "maintainer"),
    ("POST", "/api/v1/tools/betyg/versions/1/publish", None, "admin"),
    ("POST", "/api/v1/tools/betyg/versions/1/request-changes", {"note": "x"}, "admin"),
    ("POST", "/api/v1/tools/betyg/versions/1/rollback", None, "superuser"),
    ("GET", "/api/v1/tools/betyg/maintainers", None, "maintainer"),
    ("GET", "/api/v1/tools/betyg/maintainers/candidates?q=exa", None, "maintainer"),
    ("PUT", f"/api/v1/tools/betyg/maintainers/{NOBODY}", None, "maintainer"),
    ("DELETE", f"/api/v1/tools/betyg/maintainers/{NOBODY}", None, "maintainer"),
    ("GET", "/api/v1/tools/betyg/working-copy", None, "maintainer"),
    ("PUT", "/api/v1/tools/betyg/working-copy", WORKING_COPY, "maintainer"),
    ("DELETE", "/api/v1/tools/betyg/working-copy", None, "maintainer"),
    ("GET", "/api/v1/suggestions", None, "user"),
    ("POST", "/api/v1/suggestions", {"title": "Idé", "description": "Beskrivning"}, "user"),
    ("POST", f"/api/v1/suggestions/{NOBODY}/accept", {"slug": "ide"}, "admin"),
    ("POST", f"/api/v1/suggestions/{NOBODY}/decline", {"reason": "x"}, "admin"),
]

BELOW = {
    "contributor": "user",
    "maintainer": "contributor",
    "admin": "contributor",
    "superuser": "admin",
}


def call(client: TestClient, method: str, path: str, body: Any) -> Any:  # type: ignore[type-arg]
    return client.request(method, path, json=body)


@pytest.mark.parametrize(("method", "path", "body", "least"), CATALOG_AUTHZ)
def test_without_credentials_every_route_is_401(
    client: TestClient, method: str, path: str, body: Any, least: str
) -> None:
    assert call(client, method, path, body).status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body", "least"), [r for r in CATALOG_AUTHZ if r[3] != "user"]
)
def test_a_role_below_the_minimum_is_403(
    client: TestClient, signed_in: SignIn, method: str, path: str, body: Any, least: str
) -> None:
    published_tool_via_api(client, signed_in("contributor"), signed_in("admin"), "betyg")
    signed_in(BELOW[least])
    response = call(client, method, path, body)
    assert response.status_code == 403, (method, path, response.text)
