"""The worker's Prometheus metrics."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector

QUEUE_DEPTH = Gauge("skriptoteket_queue_depth", "Jobs waiting in the queue")
CLAIM_LATENCY = Histogram(
    "skriptoteket_queue_claim_seconds",
    "Time one claim statement took",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
JOBS_CLAIMED = Counter("skriptoteket_queue_jobs_claimed_total", "Jobs claimed by this worker")
RUN_DURATION = Histogram(
    "skriptoteket_run_duration_seconds",
    "From claim to stored verdict, by terminal status",
    ["status"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
LEASES_REAPED = Counter(
    "skriptoteket_queue_leases_reaped_total", "Expired leases reaped", ["outcome"]
)
for _outcome in ("requeued", "failed"):
    LEASES_REAPED.labels(outcome=_outcome)  # present (at 0) before the first reap

RETENTION_REMOVED = Counter(
    "skriptoteket_retention_removed_total",
    "What retention deleted: run content (runs blanked), expired session files, sessions, "
    "artifacts, their stored blobs, and finished job rows",
    ["kind"],
)
for _kind in ("run_content", "session_files", "sessions", "artifacts", "blobs", "jobs"):
    RETENTION_REMOVED.labels(kind=_kind)


RETENTION_PASS = Histogram(
    "skriptoteket_retention_pass_seconds",
    "How long one retention pass took",
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300),
)


class PrometheusRetentionMetrics:
    def removed(self, kind: str, count: int) -> None:
        if count:
            RETENTION_REMOVED.labels(kind=kind).inc(count)

    def pass_took(self, seconds: float) -> None:
        RETENTION_PASS.observe(seconds)


class PrometheusWorkerMetrics:
    def claimed(self, seconds: float, count: int) -> None:
        CLAIM_LATENCY.observe(seconds)
        JOBS_CLAIMED.inc(count)

    def finished(self, status: str, seconds: float) -> None:
        RUN_DURATION.labels(status=status).observe(seconds)

    def reaped(self, requeued: int, failed: int) -> None:
        LEASES_REAPED.labels(outcome="requeued").inc(requeued)
        LEASES_REAPED.labels(outcome="failed").inc(failed)

    def queue_depth(self, depth: int) -> None:
        QUEUE_DEPTH.set(depth)


def serve_metrics(port: int, host: str = "127.0.0.1", *, multiprocess: bool = False) -> None:
    """Expose /metrics on `port` (a daemon thread); 0 turns it off. `multiprocess`: the sum of
    every process writing to PROMETHEUS_MULTIPROC_DIR (the API's worker processes)."""
    if port <= 0:
        return
    if multiprocess:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        start_http_server(port, addr=host, registry=registry)
    else:
        start_http_server(port, addr=host)
