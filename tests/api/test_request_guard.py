"""Unsafe requests from other sites and JSON endpoints given something else than JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from litestar.testing import TestClient

from tests.builders import PASSWORD, TestSession, make_user

Client = TestClient  # type: ignore[type-arg]
LOGIN = "/api/v1/auth/login"


def test_a_text_plain_login_form_is_refused_with_415_and_signs_nobody_in(
    db: str, client: Client
) -> None:
    user = make_user(db)
    # What a foreign page's <form enctype="text/plain"> sends: name and value joined by "=".
    fields = json.dumps({"email": user.email, "password": PASSWORD, "x": ""})
    body = fields[:-2] + '="}'

    response = client.post(LOGIN, content=body, headers={"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "unsupported_media_type"
    assert "JSON" in problem["detail"]
    assert "set-cookie" not in response.headers
    assert client.get("/api/v1/auth/me").status_code == 401


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"],
)
def test_json_endpoints_refuse_every_other_body_type(
    client: Client, signed_in: Callable[..., TestSession], content_type: str
) -> None:
    signed_in("admin")
    response = client.post(
        "/api/v1/users",
        content=b'{"email": "a@b.se"}',
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_json_with_a_charset_or_a_json_suffix_type_is_accepted(db: str, client: Client) -> None:
    user = make_user(db)
    body = json.dumps({"email": user.email, "password": PASSWORD})
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = client.post(LOGIN, content=body, headers={"Content-Type": content_type})
        assert response.status_code == 200, (content_type, response.text)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port on this host: another origin
        {"Origin": "http://127.0.0.2:8000"},
        {"Origin": "http://testserver.evil"},
        {"Origin": "null"},
    ],
)
def test_unsafe_requests_from_another_site_are_refused_login_included(
    db: str, client: Client, headers: dict[str, str]
) -> None:
    user = make_user(db)
    response = client.post(LOGIN, json={"email": user.email, "password": PASSWORD}, headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "cross_site_request"
    assert "set-cookie" not in response.headers


def test_same_origin_requests_and_reads_pass(db: str, client: Client) -> None:
    user = make_user(db)
    same = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver.local"}
    response = client.post(LOGIN, json={"email": user.email, "password": PASSWORD}, headers=same)
    assert response.status_code == 200
    # Safe methods are not checked: a link from another site still opens the app.
    assert (
        client.get("/api/v1/auth/me", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
    )


def test_the_public_url_is_an_allowed_origin(db: str) -> None:
    from skriptoteket.entrypoints.asgi import create_app
    from skriptoteket.infrastructure.settings import Settings
    from tests.conftest import fast_hasher

    user = make_user(db)
    settings = Settings(database_url=db, log_json=False, public_url="https://skriptoteket.skola.se")
    with TestClient(app=create_app(settings, configure=fast_hasher)) as c:
        response = c.post(
            LOGIN,
            json={"email": user.email, "password": PASSWORD},
            headers={"Origin": "https://skriptoteket.skola.se"},
        )
        assert response.status_code == 200


def test_x_forwarded_for_from_an_untrusted_proxy_is_warned_about_once(
    db: str, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    user = make_user(db)
    with caplog.at_level(logging.WARNING, logger="skriptoteket.web.client_ip"):
        for _ in range(3):
            client.post(
                LOGIN,
                json={"email": user.email, "password": PASSWORD},
                headers={"X-Forwarded-For": "10.1.2.3"},
            )
    warnings = [r for r in caplog.records if "SKRIPTOTEKET_TRUSTED_PROXIES" in r.getMessage()]
    assert len(warnings) <= 1  # an earlier test in this process may have warned already
    from skriptoteket.web import client_ip

    assert "testclient" in client_ip._warned
