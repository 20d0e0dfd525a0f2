"""The client's IP address, believing X-Forwarded-For only from configured proxies."""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache
from typing import Any

from litestar import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
log = logging.getLogger(__name__)
# Peers already warned about: one line per untrusted proxy, at the first request it sends.
_warned: set[str] = set()


@lru_cache(maxsize=8)
def parse_trusted(spec: str) -> tuple[Network, ...]:
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip()
    )


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request: Request[Any, Any, Any], trusted_proxies: str) -> str:
    """Walk X-Forwarded-For from the right, skipping trusted proxies; the first other
    address is the client. A header from an untrusted peer is ignored (it is spoofable)."""
    peer = request.client.host if request.client else "unknown"
    networks = parse_trusted(trusted_proxies)
    if not networks or not _trusted(peer, networks):
        if "x-forwarded-for" in request.headers:
            _warn_untrusted_proxy(peer)
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop[:64]
    return peer


def _warn_untrusted_proxy(peer: str) -> None:
    """Behind a proxy that is not trusted, every user shares the proxy's address: login
    throttling and the audit log see one client. Said once per proxy, at the first request."""
    if peer in _warned or len(_warned) > 100:
        return
    _warned.add(peer)
    log.warning(
        "requests arrive with X-Forwarded-For from %s, which is not in "
        "SKRIPTOTEKET_TRUSTED_PROXIES: the header is ignored and all its users share that "
        "address; list the proxy there if it is yours",
        peer,
    )
