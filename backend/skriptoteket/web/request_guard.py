"""Refusals every API request goes through before its handler, its authentication and its
body are looked at (`guard_api_request`, the API router's before-request hook).

- Query values that are huge integers (web/json_bodies.check_query).

- Cross-site requests: a browser says where a request comes from (`Sec-Fetch-Site`, `Origin`).
  An unsafe request another site made (a foreign page's form or script) is refused, the login
  included: that is login CSRF, where a foreign page signs the teacher into an attacker's
  account. Non-browser clients send neither header and pass.
- JSON endpoints take only `application/json` (or `application/*+json`): a form a foreign page
  can send without a preflight (text/plain, urlencoded, multipart) never reaches them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler

from skriptoteket.domain.errors import Forbidden, UnsupportedMediaType

from .json_bodies import check_query
from .settings import WebSettings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# "none": the user started it (a bookmark, the address bar); "same-site" is another origin
# on the same site (another port on this host), which is not us.
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})


async def guard_api_request(request: Request[Any, Any, Any]) -> None:
    """Before every API handler: refusals that need neither the body nor the caller."""
    await guard_unsafe_request(request)
    await check_query(request)


async def guard_unsafe_request(request: Request[Any, Any, Any]) -> None:
    if request.method in SAFE_METHODS:
        return
    settings: WebSettings = request.app.state.settings
    refuse_cross_site(request, settings.public_url)
    if takes_json(request.route_handler):
        require_json(request)


def refuse_cross_site(request: Request[Any, Any, Any], public_url: str) -> None:
    site = request.headers.get("sec-fetch-site")
    if site is not None and site.lower() not in ALLOWED_FETCH_SITES:
        raise Forbidden(
            "Begäran kom från en annan webbplats och avvisades.", code="cross_site_request"
        )
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(origin, request, public_url):
        raise Forbidden(
            "Begäran kom från en annan webbplats och avvisades.", code="cross_site_request"
        )


def _same_origin(origin: str, request: Request[Any, Any, Any], public_url: str) -> bool:
    """The Origin names this app: the host (and port) the request was sent to, or the public
    URL. Schemes are not compared: behind a TLS proxy the app itself sees plain HTTP."""
    if origin == "null":  # sandboxed frames, some redirects: never our own pages
        return False
    sent_to = request.headers.get("host", "").lower()
    allowed = {sent_to, urlsplit(public_url).netloc.lower()} - {""}
    return urlsplit(origin).netloc.lower() in allowed


def takes_json(handler: Any) -> bool:
    """Whether the route's body is declared JSON. Read from the handler each time (two
    attribute reads): a cache keyed by id() answered for a collected handler whose id a new
    one had taken."""
    if not isinstance(handler, HTTPRouteHandler):
        return False
    data = handler.parsed_fn_signature.parameters.get("data")
    kwarg = data.kwarg_definition if data is not None else None
    return getattr(kwarg, "media_type", None) == RequestEncodingType.JSON


def require_json(request: Request[Any, Any, Any]) -> None:
    """A body (or a declared type) must be JSON; an empty body without a type is left to
    the handler's validation."""
    content_type = request.headers.get("content-type")
    has_body = request.headers.get("content-length", "0") not in ("", "0") or (
        "transfer-encoding" in request.headers
    )
    if content_type is None and not has_body:
        return
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    ):
        return
    raise UnsupportedMediaType("Skicka begäran som JSON (Content-Type: application/json).")
