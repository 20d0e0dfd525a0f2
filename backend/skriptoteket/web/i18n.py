"""The caller's language: Swedish unless the request asks for English.

`Accept-Language` decides (the SPA sends the user's chosen language); `?lang=sv|en` overrides
it where a client cannot set headers (a browser's EventSource). The language is kept for the
request in a context variable, so the error handlers and the response structs word their
sentences (domain/messages.py) without threading it through every call.
"""

from __future__ import annotations

from contextvars import ContextVar
from urllib.parse import parse_qs

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from skriptoteket.domain.messages import LANGUAGES, Language, translate

DEFAULT: Language = "sv"
_language: ContextVar[Language] = ContextVar("language", default=DEFAULT)


def current_language() -> Language:
    return _language.get()


def say(message: str) -> str:
    """`message` in the caller's language."""
    return translate(message, _language.get())


def parse_accept_language(header: str) -> Language:
    """The supported language the client prefers most (q-values honoured), else Swedish."""
    best: tuple[float, int, Language] | None = None
    for position, item in enumerate(header.split(",")[:20]):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        if primary not in LANGUAGES:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                continue
        if q <= 0:
            continue
        candidate: tuple[float, int, Language] = (-q, position, "en" if primary == "en" else "sv")
        if best is None or candidate < best:
            best = candidate
    return best[2] if best is not None else DEFAULT


def language_of(scope: Scope) -> Language:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang")
    if query and query[0] in LANGUAGES:
        return "en" if query[0] == "en" else "sv"
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            return parse_accept_language(value.decode("latin-1"))
    return DEFAULT


class LanguageMiddleware:
    """Sets the request's language before anything runs, and says it in Content-Language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        language = language_of(scope)
        token = _language.set(language)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message)["content-language"] = language
            await send(message)

        try:
            await self.app(scope, receive, send_with_language)
        finally:
            _language.reset(token)
