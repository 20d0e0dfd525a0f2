"""The app factory: the web edge wired to the composition root.

`uvicorn --factory skriptoteket.entrypoints.asgi:create_app` serves it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import svcs
from litestar import Litestar

from skriptoteket.bootstrap import build_registry
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.web.app import build_app


def create_app(
    settings: Settings | None = None,
    *,
    configure: Callable[[svcs.Registry], None] | None = None,
) -> Litestar:
    return build_app(
        settings or Settings.from_env(), build_registry=build_registry, configure=configure
    )


def render_openapi() -> str:
    """The OpenAPI document as committed in openapi/openapi.json (generated, never edited)."""
    # The document does not depend on the database: the app is built but never started.
    app = create_app(Settings(database_url="postgresql://openapi@localhost/openapi"))
    schema = app.openapi_schema.to_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
