"""Idempotency-Key on the creating POSTs (those answering 201 or 202), after the IETF draft
"The Idempotency-Key HTTP Header Field":

- the first request with a key does its work; a 2xx answer is kept for 24 h, per caller and
  key, with a fingerprint of the request (method, path, query, body);
- a repeat with the same fingerprint gets that first answer again (`Idempotent-Replayed:
  true`), and does nothing else;
- a repeat with another fingerprint is 422 `idempotency_key_reused`;
- a repeat while the first is still working waits for its answer (concurrent repeats make
  one run); if the first fails, its key is given back and the repeat is 409
  `idempotency_key_in_use`: send it again.

A multipart body's boundary is left out of the fingerprint: clients draw a new one for every
request, and a retry of the same form must match.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from datetime import timedelta
from typing import Any

import svcs
from litestar import Request
from litestar.enums import ParamType, ScopeType
from litestar.openapi.spec import OpenAPI, OpenAPIResponse, OpenAPIType, Parameter, Schema
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from skriptoteket.domain.errors import Conflict, FieldError, InvalidInput
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.idempotency import IdempotencyKeys, StoredAnswer

from .auth import PRINCIPAL_STATE, provide_principal
from .request_guard import guard_unsafe_request
from .services import registry_of

HEADER = b"idempotency-key"
KEEP = timedelta(hours=24)
# A first request that never answered (its process died) frees its key after this long.
STALE = timedelta(minutes=10)
# How long a repeat waits for the first request's answer (POST runs?wait= may take 60 s).
WAIT_FOR_FIRST_S = 75.0
MAX_KEPT_BODY = 1024 * 1024  # bigger answers are not kept (a repeat then works again)
PRUNE_EVERY_S = 600.0
CREATED = frozenset({201, 202})


class BodyFingerprint:
    """SHA-256 of the request, with every occurrence of the multipart boundary removed."""

    def __init__(self, scope: Scope, boundary: bytes) -> None:
        self._hash = hashlib.sha256()
        for part in (scope.get("method", ""), scope["path"], scope.get("query_string", b"")):
            self._hash.update(part if isinstance(part, bytes) else str(part).encode())
            self._hash.update(b"\0")
        self._boundary = boundary
        self._tail = b""

    def update(self, chunk: bytes) -> None:
        if not self._boundary:
            self._hash.update(chunk)
            return
        data, b = self._tail + chunk, self._boundary
        cut = len(data) - (len(b) - 1)  # an occurrence starting at or after cut may go on
        i = 0
        while (j := data.find(b, i)) != -1 and j < cut:
            self._hash.update(data[i:j])
            i = j + len(b)
        if i < cut:
            self._hash.update(data[i:cut])
            i = cut
        self._tail = data[i:]

    def digest(self) -> bytes:
        self._hash.update(self._tail)
        self._tail = b""
        return self._hash.digest()


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _boundary(scope: Scope) -> bytes:
    content_type = _header(scope, b"content-type") or ""
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary":
            return value.strip('"').encode("latin-1")
    return b""


def _valid_key(key: str) -> bool:
    return 1 <= len(key) <= 255 and all(" " <= ch <= "~" for ch in key)


class _State:
    last_prune = 0.0


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    state = _State()

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        raw_key = _header(scope, HEADER) if scope["type"] == ScopeType.HTTP else None
        handler = scope.get("route_handler")
        if raw_key is None or getattr(handler, "status_code", None) not in CREATED:
            await app(scope, receive, send)
            return
        key = raw_key.strip()
        if not _valid_key(key):
            raise InvalidInput(
                [
                    FieldError(
                        "Idempotency-Key",
                        "invalid",
                        "Idempotency-Key ska vara 1 till 255 synliga ASCII-tecken.",
                    )
                ],
                code="invalid_idempotency_key",
            )
        request: Request[Any, Any, Any] = Request(scope, receive)
        await guard_unsafe_request(request)
        registry = registry_of(request.app.state)
        async with svcs.Container(registry) as container:
            principal = await provide_principal(request, container)
            keys, clock = await container.aget_abstract(IdempotencyKeys, Clock)
        scope.setdefault("state", {})[PRINCIPAL_STATE] = principal
        now = clock.now()
        if time.monotonic() - state.last_prune > PRUNE_EVERY_S:
            state.last_prune = time.monotonic()
            await keys.prune(now)
        fingerprint = BodyFingerprint(scope, _boundary(scope))
        if await keys.claim(principal.id, key, now, KEEP, STALE):
            await _first(app, scope, receive, send, keys, principal.id, key, fingerprint)
        else:
            await _repeat(receive, send, keys, principal.id, key, fingerprint)

    return middleware


async def _first(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    keys: IdempotencyKeys,
    owner_id: Any,
    key: str,
    fingerprint: BodyFingerprint,
) -> None:
    status = 0
    media_type = ""
    body = bytearray()
    too_big = False

    async def hashing_receive() -> ReceiveMessage:
        message = await receive()
        if message["type"] == "http.request":
            fingerprint.update(message.get("body", b""))
        return message

    async def capturing_send(message: Message) -> None:
        nonlocal status, media_type, too_big
        if message["type"] == "http.response.start":
            status = message["status"]
            for name, value in message.get("headers", []):
                if bytes(name).lower() == b"content-type":
                    media_type = bytes(value).decode("latin-1")
        elif message["type"] == "http.response.body" and not too_big:
            body.extend(message.get("body", b""))
            too_big = len(body) > MAX_KEPT_BODY
        await send(message)

    kept = False
    try:
        await app(scope, hashing_receive, capturing_send)
        if 200 <= status < 300 and not too_big:
            answer = StoredAnswer(fingerprint.digest(), status, media_type, bytes(body))
            await keys.keep(owner_id, key, answer)
            kept = True
    finally:
        if not kept:
            # Shielded: a client that went away must not leave its key held until STALE.
            await asyncio.shield(keys.release(owner_id, key))


async def _repeat(
    receive: Receive,
    send: Send,
    keys: IdempotencyKeys,
    owner_id: Any,
    key: str,
    fingerprint: BodyFingerprint,
) -> None:
    more = True
    while more:  # the body is only fingerprinted, never stored
        message = await receive()
        if message["type"] != "http.request":
            return  # the client went away
        fingerprint.update(message.get("body", b""))
        more = bool(message.get("more_body", False))
    digest = fingerprint.digest()
    deadline = time.monotonic() + WAIT_FOR_FIRST_S
    pause = 0.02
    while True:
        found = await keys.answer(owner_id, key)
        if isinstance(found, StoredAnswer):
            break
        if found is None or time.monotonic() > deadline:
            raise Conflict(
                "En begäran med samma Idempotency-Key pågår eller misslyckades; skicka den igen.",
                code="idempotency_key_in_use",
            )
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.5)
    if found.fingerprint != digest:
        raise InvalidInput(
            [
                FieldError(
                    "Idempotency-Key",
                    "reused",
                    "Nyckeln användes redan för en annan begäran.",
                )
            ],
            "Samma Idempotency-Key med en annan begäran.",
            code="idempotency_key_reused",
        )
    headers = [(b"idempotent-replayed", b"true")]
    if found.media_type:
        headers.append((b"content-type", found.media_type.encode("latin-1")))
    await send({"type": "http.response.start", "status": found.status, "headers": headers})
    await send({"type": "http.response.body", "body": found.body, "more_body": False})


def declare_idempotency_key(openapi: OpenAPI) -> None:
    """Every creating POST documents the optional Idempotency-Key header."""
    for path_item in (openapi.paths or {}).values():
        operation = path_item.post
        if operation is None or not set(operation.responses or {}) & {"201", "202"}:
            continue
        parameters = list(operation.parameters or [])
        parameters.append(
            Parameter(
                name="Idempotency-Key",
                param_in=ParamType.HEADER,
                required=False,
                schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=255),
                description=(
                    "Retry safely: a repeat with the same key and body within 24 h gets the "
                    "first answer again; the same key with another body is 422."
                ),
            )
        )
        operation.parameters = parameters
        bad_request = (operation.responses or {}).get("400")
        if isinstance(bad_request, OpenAPIResponse) and operation.responses is not None:
            operation.responses.setdefault(
                "409",
                OpenAPIResponse(description="Conflict", content=bad_request.content),
            )
