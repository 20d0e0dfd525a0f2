"""Webhooks: endpoints that hear about runs and versions, and the deliveries made to them.

Signed the Standard Webhooks way: `webhook-id`, `webhook-timestamp` and `webhook-signature:
v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the endpoint's secret, shown once at
registration as `whsec_<base64 key>`."""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from .errors import FieldError, InvalidInput

EVENTS = ("run.finished", "run.failed", "version.submitted", "version.published")
SECRET_PREFIX = "whsec_"  # noqa: S105 - a label, not a secret


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILING = "failing"  # every attempt failed: sent no more unless sent again


@dataclass(frozen=True, slots=True)
class Webhook:
    id: UUID
    url: str
    events: tuple[str, ...]
    tool_slug: str | None  # only events of this tool; None: every tool
    created_at: datetime
    created_by: UUID | None
    failing_since: datetime | None  # the last delivery gave up


@dataclass(frozen=True, slots=True)
class Delivery:
    id: UUID  # also the message's webhook-id: the same for every attempt and "send again"
    webhook_id: UUID
    event: str
    body: bytes
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None


def check_events(events: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(events))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown or not chosen:
        raise InvalidInput(
            [
                FieldError(
                    "events",
                    "unknown_event" if unknown else "empty",
                    f"Välj bland {', '.join(EVENTS)}.",
                )
            ]
        )
    return chosen


def check_url(url: str) -> tuple[str, int]:
    """The host and port of an http(s) URL, or a 422."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(
            [FieldError("url", "scheme", "Adressen måste börja med http:// eller https://.")]
        )
    if parts.username or parts.password:
        raise InvalidInput(
            [FieldError("url", "userinfo", "Adressen får inte innehålla inloggning.")]
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InvalidInput([FieldError("url", "port", "Ogiltig port.")]) from None
    return parts.hostname, port


def address_allowed(
    address: str, allow: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> bool:
    """Public addresses are; private, loopback, link-local and other special ones only when
    an operator listed them (SKRIPTOTEKET_WEBHOOK_ALLOW)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in allow):
        return True
    return ip.is_global and not ip.is_multicast


def new_secret(random: bytes) -> str:
    return SECRET_PREFIX + base64.b64encode(random).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def message_id(delivery_id: UUID) -> str:
    return f"msg_{delivery_id.hex}"
