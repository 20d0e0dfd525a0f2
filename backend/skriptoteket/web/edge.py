"""The edge of every HTTP request: one wrapper around the whole app, before routing.

It does what three middlewares and two before_send hooks did, each a wrapper or a hook per
ASGI message:
- the correlation id (web/correlation.py), set before anything runs so every log line of the
  request carries it, and said in `X-Correlation-ID`;
- the request's language (web/i18n.py), set before anything runs, said in
  `Content-Language`;
- the security headers and `Cache-Control: no-store` for /api/ (web/security_headers.py);
- the request metrics (web/metrics.py): by route template, only for requests that match a
  route and are not excluded.

Being outside the router, it sees every response, also the 404 and 405 of routing and the
errors the exception handlers answer.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any, cast

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.types import (
    HTTPScope,
    LifeSpanReceive,
    LifeSpanScope,
    LifeSpanSend,
    Receive,
    Scope,
    Send,
)
from litestar.utils import normalize_path

from . import metrics
from .correlation import correlation_id_for
from .i18n import language_of, reset_language, use_language
from .security_headers import NO_STORE, security_headers

_CORRELATION = b"x-correlation-id"
_LANGUAGE = b"content-language"
_CACHE_CONTROL = b"cache-control"
_SET_HERE = (_CORRELATION, _LANGUAGE)


class EdgeApp(Litestar):
    """Litestar, entered through `__call__` below for HTTP requests."""

    def use_edge(self, *, hsts: bool) -> None:
        self._edge_headers = security_headers(hsts=hsts)

    def _route_template(self, scope: HTTPScope) -> str | None:
        """The route the router will take (its cache remembers the lookup for it), or None
        for a path or method that matches no route."""
        path = scope["path"]
        if root_path := scope.get("root_path", ""):
            path = path.split(root_path, maxsplit=1)[-1]
        try:
            found = self.asgi_router.handle_routing(
                path=normalize_path(path), method=scope.get("method")
            )
        except Exception:
            return None  # the router answers it (404, 405)
        return str(found[4])

    async def __call__(
        self,
        scope: Scope | LifeSpanScope,
        receive: Receive | LifeSpanReceive,
        send: Send | LifeSpanSend,
    ) -> None:
        if scope["type"] != ScopeType.HTTP:
            await super().__call__(scope, receive, send)
            return
        await self._http(cast(HTTPScope, scope), receive, cast(Send, send))

    async def _http(self, scope: HTTPScope, receive: Any, send: Send) -> None:
        cid = correlation_id_for(scope).encode()
        language = language_of(scope)
        token = use_language(language)
        path = scope["path"]
        api = path.startswith("/api/")
        method = scope["method"]
        template = None if metrics.EXCLUDED.search(path) else self._route_template(scope)
        security = self._edge_headers
        status = 200
        ended = 0.0

        async def edge_send(message: Any) -> None:  # an ASGI message of this HTTP request
            nonlocal status, ended
            kind = message["type"]
            if kind == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", ()) if h[0].lower() not in _SET_HERE]
                present = {h[0].lower() for h in headers}
                headers.extend(h for h in security if h[0] not in present)
                if api and _CACHE_CONTROL not in present:
                    headers.append((_CACHE_CONTROL, NO_STORE.encode()))
                headers.append((_CORRELATION, cid))
                headers.append((_LANGUAGE, language.encode()))
                message["headers"] = headers
            elif kind == "http.response.body":
                ended = perf_counter()
            await send(message)

        gauge = metrics.started(method, template) if template is not None else None
        started = perf_counter()
        if gauge is not None:
            gauge.inc()
        try:
            await super().__call__(scope, receive, edge_send)
        finally:
            reset_language(token)
            if gauge is not None and template is not None:
                gauge.dec()
                seconds = ended - started if ended else 0.0
                metrics.finished(method, template, status, seconds)
