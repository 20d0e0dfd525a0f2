"""The Litestar app, given how to build its service registry (see entrypoints.asgi)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import svcs
from litestar import Litestar, Request, Router
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from skriptoteket import __version__
from skriptoteket.domain.users import Principal

from .auth import provide_principal
from .controllers.health import HealthController
from .controllers.openapi import OpenAPIController
from .edge import EdgeApp
from .idempotency import declare_idempotency_key, idempotency_middleware
from .json_bodies import GuardedRequest
from .openapi_unions import add_discriminators
from .problems import EXCEPTION_HANDLERS, complete_responses
from .request_guard import guard_api_request
from .routes import API_CONTROLLERS
from .scopes import declare_scopes
from .services import keep_process_wide, provide_container
from .settings import WebSettings
from .spa import spa_handler

S = TypeVar("S", bound=WebSettings)  # the settings the registry is built from

API_PREFIX = "/api/v1"
OPENAPI_ROUTER_PATH = f"{API_PREFIX}/openapi"
_SCHEMA_PATHS = {
    OPENAPI_ROUTER_PATH,
    OPENAPI_ROUTER_PATH + "/",
    OPENAPI_ROUTER_PATH + "/openapi.json",
}


async def refuse_unknown_schema_paths(request: Request[Any, Any, Any]) -> None:
    """Litestar answers unknown paths under its schema router with an HTML page; under
    /api/v1 every error is problem+json, so those become our 404."""
    if request.url.path not in _SCHEMA_PATHS:
        raise NotFoundException()


def openapi_config(settings: WebSettings) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Skriptoteket API",
        version=__version__,
        description="The JSON API of Skriptoteket, a script hub for schools.",
        # Litestar's own schema routes live under /api/v1/openapi; the contract path
        # /api/v1/openapi.json is served by OpenAPIController below.
        path=OPENAPI_ROUTER_PATH,
        openapi_router=Router(
            OPENAPI_ROUTER_PATH,
            route_handlers=[],
            include_in_schema=False,
            before_request=refuse_unknown_schema_paths,
        ),
        render_plugins=[JsonRenderPlugin()],
        use_handler_docstrings=False,
        create_examples=False,
        components=Components(
            security_schemes={
                "sessionCookie": SecurityScheme(
                    type="apiKey",
                    name=settings.session_cookie,
                    security_scheme_in="cookie",
                    description="Set by POST /api/v1/auth/login. Unsafe methods also need X-CSRF-Token.",
                ),
                "bearerToken": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="A personal access token from POST /api/v1/auth/tokens.",
                ),
            }
        ),
    )


def build_app(
    settings: S,
    *,
    build_registry: Callable[[S], svcs.Registry],
    configure: Callable[[svcs.Registry], None] | None = None,
    started: Callable[[], None] | None = None,
) -> Litestar:
    """Build the app. `configure` runs after the production registrations (test overrides);
    `started` once the app has started (its pools, its process-wide use cases)."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        registry = build_registry(settings)
        if configure is not None:
            configure(registry)
        app.state.svcs_registry = registry
        app.state.settings = settings
        await keep_process_wide(app.state, registry)
        if started is not None:
            started()
        try:
            yield
        finally:
            await registry.aclose()

    api = Router(
        path=API_PREFIX,
        route_handlers=[*API_CONTROLLERS],
        dependencies={"principal": Provide(provide_principal)},
        signature_namespace={"Principal": Principal},
        before_request=guard_api_request,
        middleware=[idempotency_middleware],
    )
    spa = [spa_handler(settings.spa_dir)] if str(settings.spa_dir) not in ("", ".") else []
    # The correlation id, the language, the security headers and the request metrics are the
    # edge's (web/edge.py), one wrapper around the app instead of middlewares and hooks.
    app = EdgeApp(
        route_handlers=[api, HealthController, OpenAPIController, *spa],
        lifespan=[lifespan],
        dependencies={"svcs_container": Provide(provide_container)},
        signature_namespace={"svcs": svcs},
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(settings),
        request_class=GuardedRequest,
        request_max_body_size=settings.max_json_body_bytes,
        debug=False,
        # None: Litestar's default would replace the root logger's handlers (our JSON lines,
        # SKRIPTOTEKET_LOG_LEVEL) with its own when the app is built.
        logging_config=None,
    )
    app.use_edge(hsts=settings.secure_cookies)
    add_discriminators(app.openapi_schema)  # built once here, cached for every render
    declare_idempotency_key(app.openapi_schema)  # before: its header may be refused (422)
    complete_responses(app.openapi_schema)
    declare_scopes(app.openapi_schema)
    return app
