"""X-Correlation-ID: accepted from the client (when well-formed) or generated, then kept
in the ASGI scope so the middleware, the error handlers and the final response agree."""

from __future__ import annotations

import re
import uuid
from typing import Any, cast

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from skriptoteket.application.correlation import correlation_id

HEADER = "x-correlation-id"
_SCOPE_KEY = "skriptoteket.correlation_id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def correlation_id_for(scope: Scope) -> str:
    state = cast(dict[str, Any], scope)  # our own key beside the ASGI ones
    existing = state.get(_SCOPE_KEY)
    if isinstance(existing, str):
        return existing
    cid = None
    for name, value in state.get("headers", []):
        if name == HEADER.encode():
            candidate = value.decode("latin-1")
            if _VALID.match(candidate):
                cid = candidate
            break
    cid = cid or uuid.uuid4().hex
    state[_SCOPE_KEY] = cid
    correlation_id.set(cid)
    return cid


async def add_correlation_header(message: Message, scope: Scope) -> None:
    """before_send hook: every HTTP response carries the id, errors from routing included."""
    if message["type"] == "http.response.start":
        headers = MutableScopeHeaders.from_message(message)
        headers[HEADER] = correlation_id_for(scope)


class CorrelationIdMiddleware:
    """Sets the id before the handler runs, so every log line of the request carries it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            correlation_id_for(scope)
        await self.app(scope, receive, send)
