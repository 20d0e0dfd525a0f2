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
errors the exception handlers answer. It also answers the hot reads itself (web/hot_reads.py).
"""

from __future__ import annotations

from time import perf_counter
from typing import Any, cast

from litestar import Litestar
from litestar._asgi.utils import is_valid_host  # the router's own check of the Host header
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
from .hot_reads import HOT_READS, encoded, response_start
from .i18n import language_of, reset_language, use_language
from .request_guard import guard_api_request
from .security_headers import NO_STORE, security_headers

_CORRELATION = b"x-correlation-id"
_LANGUAGE = b"content-language"
_CACHE_CONTROL = b"cache-control"
_SET_HERE = (_CORRELATION, _LANGUAGE)


class EdgeApp(Litestar):
    """Litestar, entered through `__call__` below for HTTP requests."""

    def use_edge(self, *, hsts: bool) -> None:
        self._edge_headers = security_headers(hsts=hsts)

    def _route(self, scope: HTTPScope) -> tuple[Any, ...] | None:
        """The route the router will take (its cache remembers the lookup for it): its
        handler, path parameters and template; None for a path or method that matches no
        route."""
        path = scope["path"]
        if root_path := scope.get("root_path", ""):
            path = path.split(root_path, maxsplit=1)[-1]
        try:
            _, handler, _, params, template = self.asgi_router.handle_routing(
                path=normalize_path(path), method=scope.get("method")
            )
        except Exception:
            return None  # the router answers it (404, 405)
        return handler, params, str(template)

    async def _answered_hot(
        self, route: tuple[Any, ...], scope: HTTPScope, receive: Any, send: Send
    ) -> bool:
        """A hot read answered here (web/hot_reads.py), or False: Litestar answers it."""
        handler, params, template = route
        read = HOT_READS.get(template)
        if read is None or scope["method"] != "GET" or scope["query_string"]:
            return False
        host = next((value for name, value in scope["headers"] if name == b"host"), None)
        if host is not None and not is_valid_host(host):
            return False
        # What Litestar's app and router put in the scope before a handler runs.
        scope["app"] = scope["litestar_app"] = self
        scope.setdefault("state", {})
        scope["route_handler"] = handler
        scope["path_params"] = params
        scope["path_template"] = template
        request = handler.resolve_request_class()(scope=scope, receive=receive, send=send)
        try:
            await guard_api_request(request)
        except Exception:
            return False  # the router's guard refuses it again, in Litestar
        body = await encoded(read, request)
        if body is None:
            return False
        await send(response_start(body))  # type: ignore[arg-type]
        await send({"type": "http.response.body", "body": body, "more_body": False})
        return True

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
        route = None if metrics.EXCLUDED.search(path) else self._route(scope)
        template = None if route is None else route[2]
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
            if route is None or not await self._answered_hot(route, scope, receive, edge_send):
                await super().__call__(scope, receive, edge_send)
        finally:
            reset_language(token)
            if gauge is not None and template is not None:
                gauge.dec()
                seconds = ended - started if ended else 0.0
                metrics.finished(method, template, status, seconds)
