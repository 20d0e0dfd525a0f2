"""Benchmark: a single sign-on round trip against a real OpenID provider, side by side with a
password sign-in in the same run.

A fresh database (DATABASE_URL's server, else an embedded PostgreSQL), a real
`skriptoteket serve` and the real oidc-provider (tests/oidc/provider.mjs), all on 127.0.0.1.
One round trip, as a browser makes it with a fresh cookie jar: GET .../oidc/skola/start, the
provider's authorization endpoint, its login form (POST), its consent form (POST), back to
our callback (code redeemed, ID token checked, userinfo, session created), then
GET /api/v1/auth/me with the new cookie. Reported as p50/p99 of the whole round trip and of
our two endpoints alone (start + callback, as the client times them), and of
POST /api/v1/auth/login (argon2 at production cost) as the peer. Sequential, bounded by count
and time. The last line is one JSON object.

    uv run python tests/bench/oidc_bench.py [--round-trips 60] [--logins 30]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.builders import PASSWORD, make_user  # noqa: E402
from tests.database import test_database  # noqa: E402
from tests.live_server import free_port, live_server  # noqa: E402
from tests.oidc.support import node_provider, sign_in_at_provider  # noqa: E402

TIME_LIMIT_S = 120.0
CLIENT = {"client_id": "bench", "client_secret": "bench-secret-on-loopback"}


def percentiles(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)
    if not ms:
        return {"p50": 0.0, "p99": 0.0, "n": 0}
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return {"p50": round(statistics.median(ms), 1), "p99": round(p99, 1), "n": len(ms)}


def round_trip(base: str) -> tuple[float, float]:
    """One sign-in with a fresh browser: (whole round trip, our endpoints), in seconds."""
    with httpx.Client(base_url=base, timeout=30) as browser:
        began = time.perf_counter()
        start = browser.get("/api/v1/auth/oidc/skola/start", params={"next": "/verktyg"})
        ours = time.perf_counter() - began
        back = sign_in_at_provider(browser, start, "anna")
        before_callback = time.perf_counter()
        done = browser.get(back.headers["location"])
        ours += time.perf_counter() - before_callback
        assert done.headers["location"].startswith("/logga-in?sso=1"), done.headers
        assert browser.get("/api/v1/auth/me").status_code == 200
        return time.perf_counter() - began, ours


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--round-trips", type=int, default=60)
    parser.add_argument("--logins", type=int, default=30)
    args = parser.parse_args()

    app_port, provider_port = free_port(), free_port()
    callback = f"http://127.0.0.1:{app_port}/api/v1/auth/oidc/skola/callback"
    with (
        test_database() as db,
        node_provider(provider_port, [{**CLIENT, "redirect_uris": [callback]}]) as issuer,
    ):
        providers = [{"id": "skola", "name": "Skolkontot", "issuer": issuer, **CLIENT}]
        with live_server(
            db, port=app_port, SKRIPTOTEKET_OIDC_PROVIDERS=json.dumps(providers)
        ) as base:
            teacher = make_user(db, email="larare@skola.test")
            login = {"email": teacher.email, "password": PASSWORD}
            with httpx.Client(base_url=base, timeout=30) as client:
                # the first login rehashes the test's cheap hash at production cost
                assert client.post("/api/v1/auth/login", json=login).status_code == 200
            round_trip(base)  # warm: discovery document, keys, the account created

            deadline = time.monotonic() + TIME_LIMIT_S
            whole: list[float] = []
            ours: list[float] = []
            while len(whole) < args.round_trips and time.monotonic() < deadline:
                total, endpoints = round_trip(base)
                whole.append(total)
                ours.append(endpoints)

            logins: list[float] = []
            with httpx.Client(base_url=base, timeout=30) as client:
                while len(logins) < args.logins and time.monotonic() < deadline + 60:
                    began = time.perf_counter()
                    response = client.post("/api/v1/auth/login", json=login)
                    logins.append(time.perf_counter() - began)
                    assert response.status_code == 200, response.text

    figures = {
        "bench": "oidc",
        "oidc_round_trip_ms": percentiles(whole),
        "oidc_our_endpoints_ms": percentiles(ours),
        "password_login_ms": percentiles(logins),
    }
    print(
        f"OIDC round trip p50 {figures['oidc_round_trip_ms']['p50']} ms, "
        f"our start+callback p50 {figures['oidc_our_endpoints_ms']['p50']} ms, "
        f"password login p50 {figures['password_login_ms']['p50']} ms"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
