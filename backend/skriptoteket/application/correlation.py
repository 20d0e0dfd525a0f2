"""The correlation id of the request being handled: the web layer sets it (web/correlation.py),
every log line carries it (infrastructure/logs.py)."""

from __future__ import annotations

from contextvars import ContextVar

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
