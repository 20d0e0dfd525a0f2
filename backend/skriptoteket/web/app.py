"""The Litestar app, given how to build its service registry (see entrypoints.asgi)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager

import svcs
from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from skriptoteket import __version__
from skriptoteket.domain.users import Principal
from skriptoteket.infrastructure.settings import Settings

from .auth import provide_principal
from .controllers.health import HealthController
from .controllers.openapi import OpenAPIController
from .correlation import CorrelationIdMiddleware, add_correlation_header
from .openapi_unions import add_discriminators
from .problems import EXCEPTION_HANDLERS
from .routes import API_CONTROLLERS
from .services import provide_container

API_PREFIX = "/api/v1"


def openapi_config(settings: Settings) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Skriptoteket API",
        version=__version__,
        description="The JSON API of Skriptoteket, a script hub for schools.",
        # Litestar's own schema routes live under /api/v1/openapi; the contract path
        # /api/v1/openapi.json is served by OpenAPIController below.
        path=f"{API_PREFIX}/openapi",
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
    settings: Settings,
    *,
    build_registry: Callable[[Settings], svcs.Registry],
    configure: Callable[[svcs.Registry], None] | None = None,
) -> Litestar:
    """Build the app. `configure` runs after the production registrations (test overrides)."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        registry = build_registry(settings)
        if configure is not None:
            configure(registry)
        app.state.svcs_registry = registry
        try:
            yield
        finally:
            await registry.aclose()

    api = Router(
        path=API_PREFIX,
        route_handlers=[*API_CONTROLLERS],
        dependencies={"principal": Provide(provide_principal)},
        signature_namespace={"Principal": Principal},
    )
    app = Litestar(
        route_handlers=[api, HealthController, OpenAPIController],
        lifespan=[lifespan],
        dependencies={"svcs_container": Provide(provide_container)},
        signature_namespace={"svcs": svcs},
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[CorrelationIdMiddleware],
        before_send=[add_correlation_header],
        openapi_config=openapi_config(settings),
        request_max_body_size=settings.max_json_body_bytes,
        debug=False,
    )
    add_discriminators(app.openapi_schema)  # built once here, cached for every render
    return app
