"""Security headers on every response, and a Content-Security-Policy the SPA satisfies.

The SPA ships no inline script, so scripts come from our origin only. Styles allow inline
because CodeMirror injects its theme as <style> elements. Tool HTML output is drawn in an
iframe with an empty sandbox attribute, which needs nothing from this policy.

Every /api/ response is `Cache-Control: no-store` unless its route says otherwise (event
streams are `no-cache`): runs carry pupil data, /auth/me the CSRF token, artifacts pupils'
files; none of it may stay in a shared or browser cache.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

HSTS = "max-age=31536000; includeSubDomains"
NO_STORE = "no-store"


def security_headers_hook(*, hsts: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """HSTS only where cookies are Secure: over plain HTTP it would lock users out."""

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in HEADERS.items():
            if name not in headers:
                headers[name] = value
        if str(scope.get("path", "")).startswith("/api/") and "cache-control" not in headers:
            headers["cache-control"] = NO_STORE
        if hsts:
            headers["strict-transport-security"] = HSTS

    return add_security_headers
