"""Security headers on every response, and a Content-Security-Policy the SPA satisfies.

The SPA ships no inline script, so scripts come from our origin only. Styles allow inline
because CodeMirror injects its theme as <style> elements. Tool HTML output is drawn in an
iframe with an empty sandbox attribute, which needs nothing from this policy.

Every /api/ response is `Cache-Control: no-store` unless its route says otherwise (event
streams are `no-cache`): runs carry pupil data, /auth/me the CSRF token, artifacts pupils'
files; none of it may stay in a shared or browser cache.
"""

from __future__ import annotations

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


def security_headers(*, hsts: bool) -> tuple[tuple[bytes, bytes], ...]:
    """What every response carries unless it says otherwise (web/edge.py adds them); HSTS
    only where cookies are Secure: over plain HTTP it would lock users out."""
    pairs = [(name.encode(), value.encode()) for name, value in HEADERS.items()]
    if hsts:
        pairs.append((b"strict-transport-security", HSTS.encode()))
    return tuple(pairs)
