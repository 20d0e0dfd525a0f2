"""Prometheus metrics of the API: HTTP requests by route template and status, plus whatever
the application registers (logins, queue figures) in the default registry.

They are served by `skriptoteket serve` on SKRIPTOTEKET_METRICS_PORT, never on the app's port
(route names, counts and timings tell an outsider what is used and when)."""

from __future__ import annotations

from litestar.middleware.base import DefineMiddleware
from litestar.plugins.prometheus import PrometheusConfig

_CONFIG = PrometheusConfig(
    app_name="skriptoteket",
    prefix="skriptoteket",
    group_path=True,  # label by route template (/api/v1/runs/{run_id}), not by raw path
    exclude_unhandled_paths=True,  # 404 probes must not grow the label set without bound
    exclude=["/metrics", "/healthz", "/readyz"],
)


def metrics_middleware() -> DefineMiddleware:
    return _CONFIG.middleware
