"""The app factory: the web edge wired to the composition root.

`skriptoteket serve` serves `serve_app` (granian, one or more processes).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import svcs
from litestar import Litestar

from skriptoteket.bootstrap import build_registry
from skriptoteket.entrypoints.heap import freeze_heap
from skriptoteket.infrastructure.logs import configure_logging
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.web.app import build_app


def create_app(
    settings: Settings | None = None,
    *,
    configure: Callable[[svcs.Registry], None] | None = None,
    started: Callable[[], None] | None = None,
) -> Litestar:
    return build_app(
        settings or Settings.from_env(),
        build_registry=build_registry,
        configure=configure,
        started=started,
    )


def serve_app() -> Litestar:
    """The app of one `skriptoteket serve` process: its logging first, as the settings say;
    its start-up heap frozen once it has started (entrypoints/heap.py)."""
    settings = Settings.from_env()
    configure_logging(settings.log_level, as_json=settings.log_json)
    return create_app(settings, started=freeze_heap)


def render_openapi() -> str:
    """The OpenAPI document as committed in openapi/openapi.json (generated, never edited)."""
    # The document does not depend on the database: the app is built but never started.
    app = create_app(Settings(database_url="postgresql://openapi@localhost/openapi"))
    schema = app.openapi_schema.to_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
