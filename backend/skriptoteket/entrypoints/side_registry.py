"""The worker's registry for the work beside its runs: announcing finished runs to webhooks
(entrypoints/run_webhooks.py) and the background job loop (entrypoints/background_jobs.py).

One registry for both, built on first use, in a thread: it imports most of the app (seconds on
a busy machine), and a worker's runs must not wait for that, nor pay it when nothing needs it.
Its database pools are small: the work is a few short statements beside the runs, and every
worker process's connections count against PostgreSQL's max_connections."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

from skriptoteket.infrastructure.settings import Settings

if TYPE_CHECKING:
    import svcs

SIDE_DB_POOL_SIZE = 2


class SideRegistry:
    def __init__(self, settings: Settings) -> None:
        self._settings = dataclasses.replace(
            settings, db_pool_size=min(settings.db_pool_size, SIDE_DB_POOL_SIZE)
        )
        self._registry: svcs.Registry | None = None
        self._building = asyncio.Lock()

    async def get(self) -> svcs.Registry:
        async with self._building:
            if self._registry is None:
                self._registry = await asyncio.to_thread(_build, self._settings)
            return self._registry

    async def aclose(self) -> None:
        if self._registry is not None:
            await self._registry.aclose()


def _build(settings: Settings) -> svcs.Registry:
    from skriptoteket.bootstrap import build_registry

    return build_registry(settings)
