"""Every response carries the security headers and a CSP without inline script."""

from __future__ import annotations

from litestar.testing import TestClient
from prometheus_client import generate_latest


def test_api_and_error_responses_carry_security_headers(client: TestClient) -> None:  # type: ignore[type-arg]
    for path in ("/healthz", "/api/v1/auth/me", "/api/v1/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in headers  # plain HTTP in development


def test_metrics_count_requests_by_route_template(client: TestClient) -> None:  # type: ignore[type-arg]
    client.get("/api/v1/auth/me")
    text = generate_latest().decode()  # what SKRIPTOTEKET_METRICS_PORT serves
    assert 'path="/api/v1/auth/me"' in text
    assert "skriptoteket_requests_total" in text
