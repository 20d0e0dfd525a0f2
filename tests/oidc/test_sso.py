"""Single sign-on end to end: a real `skriptoteket serve`, the real oidc-provider (its login
and consent forms filled in like a person would), and a stub provider for ID tokens no real
provider would send (wrong key, expired, another audience...). Everything on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest
from joserfc.jwk import OctKey, RSAKey

from tests.builders import PASSWORD, make_session, make_user
from tests.live_server import free_port, live_server

from .support import StubProvider, node_provider, sign_in_at_provider

CLIENT_ID = "skriptoteket"
CLIENT_SECRET = "a-client-secret-for-tests-only"
STUB_CLIENT = "stub-client"
SIGNED_IN = "/logga-in?sso=1&next=%2Fverktyg"


@dataclass
class Stack:
    base: str
    issuer: str
    stub: StubProvider

    def browser(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=30)


@pytest.fixture(scope="module")
def stack(database_url: str) -> Iterator[Stack]:
    app_port, provider_port, down_port = free_port(), free_port(), free_port()
    callback = f"http://127.0.0.1:{app_port}/api/v1/auth/oidc/skola/callback"
    clients = [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [callback]}
    ]
    with StubProvider() as stub, node_provider(provider_port, clients) as issuer:
        providers = [
            {
                "id": "skola",
                "name": "Skolkontot",
                "issuer": issuer,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "role_claim": "groups",
                "role_map": {"larare-programmering": "contributor"},
            },
            {
                "id": "stub",
                "name": "Stubben",
                "issuer": stub.issuer,
                "client_id": STUB_CLIENT,
                "client_secret": "stub-secret",
            },
            # Nothing listens there: a provider that is down.
            {
                "id": "nere",
                "name": "Nere",
                "issuer": f"http://127.0.0.1:{down_port}",
                "client_id": "c",
                "client_secret": "s",
            },
        ]
        with live_server(
            database_url, port=app_port, SKRIPTOTEKET_OIDC_PROVIDERS=json.dumps(providers)
        ) as base:
            yield Stack(base, issuer, stub)


def query(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def round_trip(browser: httpx.Client, login: str, next_path: str = "/verktyg") -> str:
    """Start at the sign-in button's URL, sign in at the provider; the callback URL it sends
    the browser back to (not yet visited)."""
    start = browser.get("/api/v1/auth/oidc/skola/start", params={"next": next_path})
    assert start.status_code == 302, start.text
    back = sign_in_at_provider(browser, start, login)
    return str(back.headers["location"])


def rows(db: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def failures(db: str) -> list[str]:
    found = rows(db, "SELECT details->>'reason' FROM audit_events WHERE action = 'login.failed'")
    return [r[0] for r in found]


def no_session_cookie(response: httpx.Response) -> bool:
    return "skriptoteket_session=" not in response.headers.get("set-cookie", "")


# --- the real provider -------------------------------------------------------------------


def test_providers_are_listed_for_the_sign_in_page(stack: Stack) -> None:
    listed = httpx.get(stack.base + "/api/v1/auth/oidc/providers", timeout=30).json()
    assert [(p["id"], p["name"]) for p in listed] == [
        ("skola", "Skolkontot"),
        ("stub", "Stubben"),
        ("nere", "Nere"),
    ]
    assert listed[0]["start_url"] == "/api/v1/auth/oidc/skola/start"
    assert "client_secret" not in json.dumps(listed)


def test_a_first_sign_in_creates_the_user_with_the_mapped_role(stack: Stack, db: str) -> None:
    with stack.browser() as browser:
        start = browser.get("/api/v1/auth/oidc/skola/start", params={"next": "/verktyg"})
        sent = query(start.headers["location"])
        assert start.headers["location"].startswith(stack.issuer + "/auth?")
        assert sent["response_type"] == "code"
        assert sent["code_challenge_method"] == "S256" and len(sent["code_challenge"]) == 43
        assert sent["state"] and sent["nonce"] and "code_verifier" not in sent
        assert sent["redirect_uri"] == f"{stack.base}/api/v1/auth/oidc/skola/callback"
        assert "openid" in sent["scope"].split()

        callback = sign_in_at_provider(browser, start, "anna").headers["location"]
        done = browser.get(callback)
        assert done.status_code == 302
        assert done.headers["location"] == SIGNED_IN

        # the same session as a password sign-in: cookie, then the CSRF token for unsafe requests
        me = browser.get("/api/v1/auth/me")
        assert me.status_code == 200, me.text
        user = me.json()["user"]
        assert (user["email"], user["role"], user["display_name"]) == (
            "anna.andersson@skola.test",
            "contributor",
            "Anna Andersson",
        )
        assert browser.post("/api/v1/auth/logout").status_code == 403  # no CSRF token
        csrf = me.json()["csrf_token"]
        assert (
            browser.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
        )

    (created,) = rows(
        db, "SELECT actor_id, details FROM audit_events WHERE action = 'user.created'"
    )
    assert created[0] is None and created[1]["via"] == "oidc:skola"
    (login,) = rows(db, "SELECT details FROM audit_events WHERE action = 'login.succeeded'")
    assert login[0]["method"] == "oidc" and login[0]["provider"] == "skola"


def test_an_existing_account_is_matched_by_verified_email_and_keeps_its_role(
    stack: Stack, db: str
) -> None:
    bo = make_user(db, role="admin", email="BO@skola.test")
    with stack.browser() as browser:
        done = browser.get(round_trip(browser, "bo"))
        assert done.headers["location"] == SIGNED_IN
        me = browser.get("/api/v1/auth/me").json()["user"]
    assert (me["id"], me["role"]) == (str(bo.id), "admin")
    assert rows(db, "SELECT count(*) FROM users")[0][0] == 1


def test_a_replayed_callback_or_code_signs_nobody_in(stack: Stack, db: str) -> None:
    with stack.browser() as browser:
        callback = round_trip(browser, "anna")
        assert browser.get(callback).headers["location"] == SIGNED_IN
        browser.cookies.delete("skriptoteket_session")

        # the same callback again: its state was used
        again = browser.get(callback)
        assert again.headers["location"] == "/logga-in?sso_error=invalid_state"
        assert no_session_cookie(again)

        # the used code with a fresh state of this browser: the provider refuses the code
        fresh = query(browser.get("/api/v1/auth/oidc/skola/start").headers["location"])["state"]
        code = query(callback)["code"]
        replay = browser.get(
            "/api/v1/auth/oidc/skola/callback", params={"code": code, "state": fresh}
        )
        assert replay.headers["location"] == "/logga-in?sso_error=code_rejected"
        assert no_session_cookie(replay)
        assert browser.get("/api/v1/auth/me").status_code == 401
    assert failures(db) == ["invalid_state", "code_rejected"]


def test_a_callback_in_another_browser_or_with_a_wrong_state_is_refused(stack: Stack) -> None:
    with stack.browser() as victim, stack.browser() as attacker:
        # login CSRF through SSO: the attacker's callback URL opened in the victim's browser
        callback = round_trip(attacker, "anna")
        forced = victim.get(callback)
        assert forced.headers["location"] == "/logga-in?sso_error=invalid_state"
        assert no_session_cookie(forced)

        callback = round_trip(victim, "anna")
        wrong = callback.replace("state=", "state=x")
        refused = victim.get(wrong)
        assert refused.headers["location"] == "/logga-in?sso_error=invalid_state"
        missing = victim.get("/api/v1/auth/oidc/skola/callback", params={"code": "c"})
        assert missing.headers["location"] == "/logga-in?sso_error=invalid_state"
        assert victim.get("/api/v1/auth/me").status_code == 401


def test_an_unverified_email_signs_nobody_in(stack: Stack, db: str) -> None:
    with stack.browser() as browser:
        done = browser.get(round_trip(browser, "eve"))
        assert done.headers["location"] == "/logga-in?sso_error=email_unverified"
        assert no_session_cookie(done)
    assert rows(db, "SELECT count(*) FROM users")[0][0] == 0


def test_a_deactivated_account_is_refused(stack: Stack, db: str) -> None:
    make_user(db, email="bo@skola.test", is_active=False)
    with stack.browser() as browser:
        done = browser.get(round_trip(browser, "bo"))
    assert done.headers["location"] == "/logga-in?sso_error=account_disabled"
    assert no_session_cookie(done)
    assert failures(db) == ["account_disabled"]  # audited, though refused mid-transaction
    assert rows(db, "SELECT count(*) FROM auth_sessions")[0][0] == 0


def test_an_unknown_provider_and_a_provider_that_is_down(stack: Stack) -> None:
    with stack.browser() as browser:
        for path in ("/api/v1/auth/oidc/okand/start", "/api/v1/auth/oidc/okand/callback"):
            assert browser.get(path).headers["location"] == "/logga-in?sso_error=unknown_provider"
        down = browser.get("/api/v1/auth/oidc/nere/start")
        assert down.headers["location"] == "/logga-in?sso_error=provider_unavailable"


def test_a_domain_that_requires_sso_cannot_use_passwords(stack: Stack, db: str) -> None:
    admin = make_session(db, make_user(db, role="admin"))
    bo = make_user(db, email="bo@skola.test")
    with stack.browser() as api:
        api.cookies.set("skriptoteket_session", admin.cookie)
        api.headers["X-CSRF-Token"] = admin.csrf_token
        unknown = api.put("/api/v1/sso-domains/skola.test", json={"provider_id": "okand"})
        assert unknown.status_code == 422
        bound = api.put("/api/v1/sso-domains/Skola.Test", json={"provider_id": "skola"})
        assert bound.status_code == 200, bound.text
        assert bound.json()["domain"] == "skola.test"
        assert [d["domain"] for d in api.get("/api/v1/sso-domains").json()] == ["skola.test"]

        login = {"email": bo.email, "password": PASSWORD}
        refused = httpx.post(stack.base + "/api/v1/auth/login", json=login, timeout=30)
        assert refused.status_code == 403 and refused.json()["code"] == "sso_required"

        # the bound provider still signs the domain in; another one does not
        with stack.browser() as browser:
            assert browser.get(round_trip(browser, "bo")).headers["location"] == SIGNED_IN
        userinfo = {"email": "sam@skola.test", "email_verified": True}
        assert stub_sign_in(stack, userinfo=userinfo) == "/logga-in?sso_error=other_provider"

        assert api.delete("/api/v1/sso-domains/skola.test").status_code == 204
        assert api.delete("/api/v1/sso-domains/skola.test").status_code == 404
        assert (
            httpx.post(stack.base + "/api/v1/auth/login", json=login, timeout=30).status_code == 200
        )

        as_user = make_session(db, make_user(db))
        api.cookies.set("skriptoteket_session", as_user.cookie)
        api.headers["X-CSRF-Token"] = as_user.csrf_token
        assert api.get("/api/v1/sso-domains").status_code == 403


# --- ID tokens no real provider sends: the stub ------------------------------------------


def stub_sign_in(
    stack: Stack,
    spoil: dict[str, Any] | None = None,
    key: RSAKey | OctKey | None = None,
    alg: str = "RS256",
    userinfo: dict[str, Any] | None = None,
    error: str | None = None,
) -> str:
    """A sign-in with the stub: the ID token is made from good claims with `spoil` applied
    and signed with `key`; returns where the callback redirects."""
    stub = stack.stub
    with stack.browser() as browser:
        sent = query(browser.get("/api/v1/auth/oidc/stub/start").headers["location"])
        claims = stub.claims(sent["nonce"], STUB_CLIENT, **(spoil or {}))
        stub.id_token = lambda: stub.sign(claims, key, alg)  # type: ignore[arg-type]
        stub.userinfo = {"sub": claims.get("sub", "stub-subject")} | (
            userinfo or {"email": "sam@stub.test", "email_verified": True}
        )
        params = {"code": "stub-code", "state": sent["state"]}
        if error:
            params["error"] = error
        done = browser.get("/api/v1/auth/oidc/stub/callback", params=params)
        assert done.status_code == 302
        signed_in = "skriptoteket_session=" in done.headers.get("set-cookie", "")
        assert signed_in == done.headers["location"].startswith("/logga-in?sso=1")
        return str(done.headers["location"])


def test_a_good_stub_token_signs_in(stack: Stack) -> None:
    assert stub_sign_in(stack).startswith("/logga-in?sso=1")


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, id="expired"
        ),
        pytest.param({"aud": "another-client"}, id="another-audience"),
        pytest.param({"iss": "http://127.0.0.1:9/"}, id="another-issuer"),
        pytest.param({"nonce": "not-the-nonce"}, id="wrong-nonce"),
        pytest.param({"nonce": None}, id="no-nonce"),
    ],
)
def test_a_spoiled_id_token_is_refused(stack: Stack, db: str, spoil: dict[str, Any]) -> None:
    assert stub_sign_in(stack, spoil) == "/logga-in?sso_error=invalid_id_token"
    assert rows(db, "SELECT count(*) FROM users")[0][0] == 0


def test_an_id_token_signed_with_a_wrong_key_is_refused(stack: Stack, db: str) -> None:
    # a forger's key that claims to be the provider's key-1
    forged = RSAKey.generate_key(2048, parameters={"kid": "key-1"}, private=True)
    assert stub_sign_in(stack, key=forged) == "/logga-in?sso_error=invalid_id_token"
    # a key id the provider never published (not even after fetching its keys again)
    unknown = RSAKey.generate_key(2048, parameters={"kid": "key-x"}, private=True)
    assert stub_sign_in(stack, key=unknown) == "/logga-in?sso_error=invalid_id_token"
    # a token "signed" with the client secret (HS256) instead of the provider's key
    shared = OctKey.import_key("stub-secret-stub-secret-stub-secret!", {"kid": "key-1"})
    assert stub_sign_in(stack, key=shared, alg="HS256") == "/logga-in?sso_error=invalid_id_token"
    assert rows(db, "SELECT count(*) FROM users")[0][0] == 0
    assert failures(db) == ["invalid_id_token"] * 3


def test_rotated_keys_are_fetched_again(stack: Stack) -> None:
    stub = stack.stub
    assert stub_sign_in(stack).startswith("/logga-in?sso=1")  # key-1 is known now
    fetched = stub.jwks_fetches
    rotated = RSAKey.generate_key(2048, parameters={"kid": "key-2"}, private=True)
    old = stub.key
    stub.published = [old, rotated]
    try:
        assert stub_sign_in(stack, key=rotated).startswith("/logga-in?sso=1")
        assert stub.jwks_fetches == fetched + 1
    finally:
        stub.published = [old]


def test_refusals_of_the_provider_sign_nobody_in(stack: Stack) -> None:
    assert stub_sign_in(stack, error="access_denied") == "/logga-in?sso_error=provider_refused"
    stack.stub.token_error = "invalid_grant"
    try:
        assert stub_sign_in(stack) == "/logga-in?sso_error=code_rejected"
    finally:
        stack.stub.token_error = None
    unverified = {"email": "sam@stub.test", "email_verified": False}
    assert stub_sign_in(stack, userinfo=unverified) == "/logga-in?sso_error=email_unverified"
    no_email = {"name": "Sam"}
    assert stub_sign_in(stack, userinfo=no_email) == "/logga-in?sso_error=email_unverified"


def test_junk_in_the_urls_is_refused_clearly(stack: Stack) -> None:
    with stack.browser() as browser:
        huge = browser.get(
            "/api/v1/auth/oidc/skola/callback",
            params={"state": "s" * 10_000, "code": "c" * 10_000, "error": "e" * 5_000},
        )
        assert huge.headers["location"] == "/logga-in?sso_error=invalid_state"
        malformed = browser.get("/api/v1/auth/oidc/NOT%20AN%20ID/start")
        assert malformed.status_code == 422
        assert malformed.headers["content-type"].startswith("application/problem+json")
        # after signing in, only a path of this site: never another site
        for foreign in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
            callback = round_trip(browser, "anna", next_path=foreign)
            assert browser.get(callback).headers["location"] == "/logga-in?sso=1&next=%2F"
