"""Live run status for the API: one listener per process (started by the first stream),
closed with the registry."""

from __future__ import annotations

import svcs

from skriptoteket.application.runs.stream_run_events import StreamRunEvents
from skriptoteket.infrastructure.db.read_pool import libpq_conninfo
from skriptoteket.infrastructure.queue.run_status import PgRunStatusListener
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.run_events import RunChanges


def register_run_events(registry: svcs.Registry, settings: Settings) -> None:
    listener = PgRunStatusListener(libpq_conninfo(settings.database_url))

    async def stream_run_events(c: svcs.Container) -> StreamRunEvents:
        return StreamRunEvents(
            await c.aget_abstract(RunChanges), keepalive_s=settings.sse_keepalive_ms / 1000
        )

    registry.register_value(RunChanges, listener, on_registry_close=listener.aclose)
    registry.register_factory(StreamRunEvents, stream_run_events)
