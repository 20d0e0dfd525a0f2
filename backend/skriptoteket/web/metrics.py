"""Prometheus metrics of the API: HTTP requests by route template and status, plus whatever
the application registers (logins, queue figures) in the default registry.

The request metrics keep the names and labels Litestar's Prometheus middleware gave them
(method, path = the route template, status_code, app_name), but are recorded by the edge of
the app (web/edge.py) instead of a middleware of their own: one wrapper per request, and
each label set's metric children looked up once per process.

They are served by `skriptoteket serve` on SKRIPTOTEKET_METRICS_PORT, never on the app's port
(route names, counts and timings tell an outsider what is used and when)."""

from __future__ import annotations

import re
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

APP_NAME = "skriptoteket"
_LABELS = ("method", "path", "status_code", "app_name")

REQUESTS = Counter("skriptoteket_requests_total", "Total requests", _LABELS)
DURATION = Histogram(
    "skriptoteket_request_duration_seconds", "Request duration, in seconds", _LABELS
)
IN_PROGRESS = Gauge(
    "skriptoteket_requests_in_progress",
    "Total requests currently in progress",
    _LABELS,
    multiprocess_mode="livesum",
)
ERRORS = Counter("skriptoteket_requests_error_total", "Total errors in requests", _LABELS)

# Never measured (matched anywhere in the path, as Litestar's `exclude` did). Requests that
# match no route are not measured either: 404 probes must not grow the label set.
EXCLUDED = re.compile("/metrics|/healthz|/readyz")

_in_progress: dict[tuple[str, str], Any] = {}
_done: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}


def started(method: str, template: str) -> Any:
    """The in-progress gauge of a route (its status label is 200, as Litestar's was)."""
    gauge = _in_progress.get((method, template))
    if gauge is None:
        gauge = _in_progress[(method, template)] = IN_PROGRESS.labels(
            method, template, 200, APP_NAME
        )
    return gauge


def finished(method: str, template: str, status: int, seconds: float) -> None:
    children = _done.get((method, template, status))
    if children is None:
        labels = (method, template, status, APP_NAME)
        children = _done[(method, template, status)] = (
            REQUESTS.labels(*labels),
            DURATION.labels(*labels),
            ERRORS.labels(*labels) if status >= 500 else None,
        )
    count, duration, errors = children
    if errors is not None:
        errors.inc()
    count.inc()
    duration.observe(seconds)
