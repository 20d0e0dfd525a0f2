from __future__ import annotations

from typing import Any

from litestar import Request

from skriptoteket.web.client_ip import client_ip


def request_from(peer: str, forwarded: str | None = None) -> Request[Any, Any, Any]:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope: Any = {"type": "http", "client": (peer, 1234), "headers": headers, "path": "/"}
    return Request(scope)


def test_forwarded_for_is_ignored_without_trusted_proxies() -> None:
    assert client_ip(request_from("10.0.0.5", "1.2.3.4"), "") == "10.0.0.5"


def test_forwarded_for_from_an_untrusted_peer_is_ignored() -> None:
    assert client_ip(request_from("203.0.113.9", "1.2.3.4"), "10.0.0.0/8") == "203.0.113.9"


def test_the_rightmost_untrusted_hop_is_the_client() -> None:
    request = request_from("10.0.0.5", "6.6.6.6, 198.51.100.7, 10.0.0.9")
    assert client_ip(request, "10.0.0.0/8") == "198.51.100.7"
