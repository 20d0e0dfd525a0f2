"""Outbound webhook requests, restricted: http(s) only; the host resolved and every address
checked (private, loopback, link-local and other special addresses refused unless listed in
SKRIPTOTEKET_WEBHOOK_ALLOW) at registration and again at each delivery; the request sent to the
checked address itself (Host and TLS name kept), so a DNS answer that changes in between
cannot redirect it; no redirects followed; a total timeout; the answer's body read only up to
a cap."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlsplit, urlunsplit

import httpx

from skriptoteket.domain.errors import FieldError, InvalidInput
from skriptoteket.domain.webhooks import address_allowed, check_url
from skriptoteket.protocols.webhooks import SendResult

Resolve = Callable[[str, int], Awaitable[list[str]]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_ANSWER_BYTES = 4096


async def resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_allow(raw: str) -> list[Network]:
    return [ipaddress.ip_network(p.strip(), strict=False) for p in raw.split(",") if p.strip()]


class AddressRefused(Exception):
    pass


class HttpWebhookSender:
    def __init__(self, allow: list[Network], timeout_s: float, resolver: Resolve = resolve) -> None:
        self._allow = allow
        self._timeout_s = timeout_s
        self._resolve = resolver

    async def _address(self, url: str) -> str:
        host, port = check_url(url)
        try:
            addresses = await self._resolve(host, port)
        except OSError as exc:
            raise AddressRefused("unresolvable") from exc
        if not addresses or not all(address_allowed(a, self._allow) for a in addresses):
            raise AddressRefused("address_refused")
        return addresses[0]

    async def check(self, url: str) -> None:
        try:
            await self._address(url)
        except AddressRefused as exc:
            message = (
                "Adressen går inte att slå upp."
                if str(exc) == "unresolvable"
                else "Adressen pekar på ett privat eller otillåtet nät."
            )
            raise InvalidInput([FieldError("url", str(exc), message)]) from None

    async def send(self, url: str, headers: Mapping[str, str], body: bytes) -> SendResult:
        try:
            address = await self._address(url)
        except AddressRefused as exc:
            return SendResult(None, str(exc))
        parts = urlsplit(url)
        literal = f"[{address}]" if ":" in address else address
        netloc = f"{literal}:{parts.port}" if parts.port else literal
        pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        sent_headers = {**headers, "host": parts.netloc}
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        try:
            async with asyncio.timeout(self._timeout_s):
                async with httpx.AsyncClient(
                    follow_redirects=False, timeout=self._timeout_s, trust_env=False
                ) as client:
                    request = client.build_request(
                        "POST", pinned, headers=sent_headers, content=body, extensions=extensions
                    )
                    response = await client.send(request, stream=True)
                    try:
                        read = 0
                        async for chunk in response.aiter_raw():
                            read += len(chunk)
                            if read >= MAX_ANSWER_BYTES:
                                break  # the answer's body is not needed beyond its start
                    finally:
                        await response.aclose()
        except TimeoutError:
            return SendResult(None, "timeout")
        except httpx.HTTPError as exc:
            return SendResult(None, f"connection: {type(exc).__name__}")
        if response.is_redirect:
            return SendResult(response.status_code, "redirect_refused")
        return SendResult(response.status_code, None if response.is_success else "status")
