"""The caller's language: Swedish unless the request asks for English.

`Accept-Language` decides (the SPA sends the user's chosen language); `?lang=sv|en` overrides
it where a client cannot set headers (a browser's EventSource). The language is kept for the
request in a context variable, so the error handlers and the response structs word their
sentences (domain/messages.py) without threading it through every call.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from urllib.parse import parse_qs

from litestar.types import Scope

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
    raw = scope.get("query_string", b"")
    query = parse_qs(raw.decode("latin-1")).get("lang") if b"lang=" in raw else None
    if query and query[0] in LANGUAGES:
        return "en" if query[0] == "en" else "sv"
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            return parse_accept_language(value.decode("latin-1"))
    return DEFAULT


def use_language(language: Language) -> Token[Language]:
    """The request's language from here on (web/edge.py sets it before anything runs)."""
    return _language.set(language)


def reset_language(token: Token[Language]) -> None:
    _language.reset(token)
