"""OpenID providers for the single sign-on tests, all on 127.0.0.1.

- `node_provider`: the real, certified `oidc-provider` (npm) run by provider.mjs; its
  development login and consent forms are driven with `sign_in_at_provider`.
- `StubProvider`: a few lines of HTTP that answer what a test tells them (an ID token signed
  with the wrong key, expired, for another audience...), to prove each is refused.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

HERE = Path(__file__).resolve().parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

ACCOUNTS = {
    "anna": {
        "email": "Anna.Andersson@skola.test",
        "email_verified": True,
        "name": "Anna Andersson",
        "groups": ["personal", "larare-programmering"],
    },
    "bo": {"email": "bo@skola.test", "email_verified": True, "name": "Bo Berg", "groups": []},
    "eve": {"email": "eve@skola.test", "email_verified": False, "name": "Eve"},
}


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true and the OpenID provider cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def install_node_provider() -> None:
    """`npm ci` once (package-lock.json pins oidc-provider)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        _unavailable("node and npm are needed for the oidc-provider tests")
    if not (HERE / "node_modules" / "oidc-provider").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True
        )


@contextmanager
def node_provider(
    port: int, clients: list[dict[str, Any]], accounts: dict[str, Any] | None = None
) -> Iterator[str]:
    """Run oidc-provider on 127.0.0.1:`port`; yields its issuer."""
    install_node_provider()
    config = {"port": port, "clients": clients, "accounts": accounts or ACCOUNTS}
    process = subprocess.Popen(
        ["node", str(HERE / "provider.mjs"), json.dumps(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # its development-mode warnings
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("ready "):
            raise RuntimeError(f"oidc-provider did not start: {line!r}")
        yield line.removeprefix("ready ")
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in_at_provider(
    browser: httpx.Client, response: httpx.Response, login: str
) -> httpx.Response:
    """Follow a redirect to the provider through its development login and consent forms (as
    a person would: type the login, any password, then "Continue") until it redirects back to
    us; returns that redirect (not followed)."""
    while response.status_code in {302, 303} or "<form" in response.text:
        if response.status_code in {302, 303}:
            location = urljoin(str(response.url), response.headers["location"])
            if "/api/v1/auth/oidc/" in location and "/callback" in location:
                return response
            response = browser.get(location)
            continue
        action = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert action is not None, response.text[:2000]
        prompt = re.search(r'name="prompt" value="([^"]+)"', response.text)
        assert prompt is not None, response.text[:2000]
        fields = {"prompt": prompt.group(1)}
        if fields["prompt"] == "login":
            fields |= {"login": login, "password": "any password works here"}
        response = browser.post(urljoin(str(response.url), action.group(1)), data=fields)
    raise AssertionError(
        f"the provider did not send us back: {response.status_code} {response.text[:500]}"
    )


class StubProvider:
    """Discovery, keys, token and userinfo endpoints whose answers a test sets:
    `id_token(nonce) -> str` makes the token endpoint's ID token, `userinfo` its claims."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1"}, private=True)
        self.published = [self.key]
        self.id_token: Callable[[], str] = lambda: ""
        self.userinfo: dict[str, Any] = {}
        self.token_error: str | None = None
        self.jwks_fetches = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> StubProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def sign(self, claims: dict[str, Any], key: RSAKey | None = None, alg: str = "RS256") -> str:
        key = key or self.key
        return jwt.encode({"alg": alg, "kid": key.kid}, claims, key)

    def claims(self, nonce: str, client_id: str, /, **changes: Any) -> dict[str, Any]:
        """The claims of a good ID token; `changes` spoil them (None removes a claim)."""
        now = int(time.time())
        good = {
            "iss": self.issuer,
            "sub": "stub-subject",
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        }
        merged = good | changes
        return {k: v for k, v in merged.items() if v is not None}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == "/.well-known/openid-configuration":
                    self._json(
                        200,
                        {
                            "issuer": stub.issuer,
                            "authorization_endpoint": stub.issuer + "/authorize",
                            "token_endpoint": stub.issuer + "/token",
                            "jwks_uri": stub.issuer + "/jwks",
                            "userinfo_endpoint": stub.issuer + "/userinfo",
                            "id_token_signing_alg_values_supported": ["RS256"],
                        },
                    )
                elif path == "/jwks":
                    stub.jwks_fetches += 1
                    self._json(200, {"keys": [k.as_dict(private=False) for k in stub.published]})
                elif path == "/userinfo":
                    self._json(200, stub.userinfo)
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parse_qs(self.rfile.read(length).decode())
                if urlsplit(self.path).path != "/token":
                    self._json(404, {"error": "not_found"})
                elif stub.token_error:
                    self._json(400, {"error": stub.token_error})
                else:
                    self._json(
                        200,
                        {
                            "access_token": "stub-access-token",
                            "token_type": "Bearer",
                            "expires_in": 300,
                            "id_token": stub.id_token(),
                        },
                    )

        return Handler
