"""An embedded PostgreSQL for `make run` and `make test` on a machine without one.

The `pgserver` wheel ships the server binaries; the data directory persists under
the given folder, so a second `make run` finds its data again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

# pgserver narrates every pg_ctl call at INFO, also from its exit hook after our output.
logging.getLogger("pgserver").setLevel(logging.WARNING)


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, *, keep_running: bool = False) -> None:
        self.data_dir = data_dir
        self._keep_running = keep_running
        self._server: Any = None

    def start(self) -> str:
        """Start (or reuse) the server and return a libpq URL for database `postgres`."""
        import pgserver  # imported lazily: only needed when no DATABASE_URL is given

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._server = pgserver.get_server(  # type: ignore[attr-defined]
            self.data_dir, cleanup_mode=None if self._keep_running else "stop"
        )
        uri: str = self._server.get_uri()
        return uri

    def stop(self) -> None:
        if self._server is not None and not self._keep_running:
            self._server.cleanup()
            self._server = None
