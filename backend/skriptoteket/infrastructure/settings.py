"""The one typed settings object, read from the environment.

`DATABASE_URL` plus variables prefixed `SKRIPTOTEKET_` (the field name in upper case).
The limits of the tool contract come from `SKRIPTOTEKET_LIMIT_<NAME>` (see contract/limits.py).
docs/operations.md lists every setting (tests/contract/test_docs_current.py checks it).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_type_hints

from skriptoteket.contract.limits import Limits, limits_from_env

PREFIX = "SKRIPTOTEKET_"
HOST_PREFIX = "__Host-"


class SettingsError(ValueError):
    """A setting from the environment has a value we cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    # Where the data lives. An empty database_url means: start an embedded PostgreSQL
    # under data_dir (make run / make test on a machine without one).
    database_url: str = ""
    data_dir: Path = Path(".data")

    # A deployment's first superuser (`skriptoteket bootstrap`; compose's bootstrap service).
    admin_email: str = ""
    admin_password: str = ""

    # HTTP
    host: str = "127.0.0.1"
    port: int = 8000
    # API processes of `skriptoteket serve` (each its own event loop and pool); 0 = one per CPU.
    web_workers: int = 0
    # Connections each API process keeps open to PostgreSQL (a fixed pool, no overflow).
    db_pool_size: int = 10
    environment: str = "development"  # "production" turns on Secure cookies
    secure_cookies: bool = False
    max_json_body_bytes: int = 1024 * 1024
    # Proxies whose X-Forwarded-For we believe (comma-separated IPs or CIDRs); empty: none.
    trusted_proxies: str = ""
    log_level: str = "INFO"
    log_json: bool = True

    # Sign-in sessions and login protection. In production (with Secure cookies) the default
    # cookie name gets the __Host- prefix: only this exact host may set it, over HTTPS.
    session_cookie: str = "skriptoteket_session"
    session_idle_timeout_s: int = 8 * 3600
    session_absolute_timeout_s: int = 7 * 24 * 3600
    # Failures of one (account, client) before that client must wait between tries; the
    # wait doubles with each further failure up to login_lockout_s; failures are remembered
    # for login_window_s.
    login_max_failures: int = 5
    login_lockout_s: int = 300
    login_window_s: int = 3600
    # Personal access tokens live at most this many days (also those created without expiry).
    token_max_days: int = 365

    # Where users reach the app (https://skriptoteket.skola.se); empty: the request's origin.
    # Links in e-mails and the OpenID redirect URI are built from it, and unsafe requests may
    # come from this origin besides the request's own Host.
    public_url: str = ""
    # Self-registration: e-mail domains (comma-separated, `skola.example.se`) whose addresses
    # may create an account themselves after confirming the address; empty: off.
    signup_domains: str = ""
    # Single sign-on: a JSON list of OpenID providers (docs/sso.md); empty: none.
    oidc_providers: str = ""

    # Where the SPA's built files are served from (empty: no SPA).
    spa_dir: Path = field(default_factory=lambda: Path("frontend/dist"))

    # What executes tools (docs/runners.md): "docker" (the runner image on a container engine
    # reached over the Docker Engine API; docker_host empty = DOCKER_HOST or the default),
    # "bwrap" (a bubblewrap sandbox; its venv and staged runs under sandbox_dir, empty =
    # <data_dir>/sandbox), "auto" (docker when an engine answers, else bwrap) or "noop" (runs
    # nothing: tests only).
    runner: str = "auto"
    docker_host: str = ""
    sandbox_dir: str = ""
    # Where uploads and artifacts live (docs/file-store.md): "local" (<data_dir>/files, one
    # host or a shared disk) or "postgres" (the database: API and workers on any host).
    file_store: str = "local"
    runner_image: str = "skriptoteket-runner:latest"
    # The Docker runner's container runtime for sandbox runs of unreviewed code (e.g. "runsc",
    # gVisor); empty: the engine's default, as for published tools. docs/security.md.
    sandbox_runtime: str = ""

    # The limits table of the tool contract (each clamped to its hard maximum).
    limits: Limits = field(default_factory=Limits)

    # The run queue and the worker (times in milliseconds, so tests can make them small)
    # Runs one worker executes at once; 0: from the machine (CPU count and memory).
    worker_concurrency: int = 0
    # Each worker's pool of idle sandboxes, started ahead of runs (docs/runners.md "The pool"):
    # how many wait, how many are made at once, after how long without a run it is drained,
    # and the modules each imports while it waits (comma-separated).
    runner_pool_size: int = 2
    runner_pool_refill: int = 1
    runner_pool_idle_s: int = 900
    runner_pool_preload: str = "openpyxl,pandas,matplotlib.pyplot,docx"
    worker_metrics_port: int = 0  # Prometheus /metrics of `skriptoteket worker`; 0 = off
    worker_health_port: int = 0  # GET /healthz of `skriptoteket worker` (on host); 0 = off
    # Prometheus /metrics of `skriptoteket serve`, on its own port (on `host`), never on the
    # app's port; 0 = off.
    metrics_port: int = 0
    # CPU-heavy request steps (compiling a version's sources, checking its manifest) run in a
    # pool of this many processes, each step at most cpu_timeout_ms (then 422 too_complex).
    cpu_workers: int = 2
    cpu_timeout_ms: int = 10_000
    # Per-user limits per minute (429 with Retry-After past them); 0 = no limit.
    save_rate_per_minute: int = 30
    sandbox_run_rate_per_minute: int = 30
    # Runs (first runs and actions) per minute, per user and per access token; 0 = no limit.
    run_rate_per_user_per_minute: int = 60
    run_rate_per_token_per_minute: int = 60
    # Webhooks (docs/api.md#webhooks): addresses (IPs or CIDRs, comma-separated) that may be
    # called although private, loopback or link-local; a delivery's total time; how many
    # attempts before a delivery is marked failing (the background job backoff between them).
    webhook_allow: str = ""
    webhook_timeout_ms: int = 10_000
    webhook_max_attempts: int = 6
    worker_grace_ms: int = 30_000  # on SIGTERM, how long running jobs may take to finish
    # Each worker refreshes its row in worker_heartbeats this often; the API counts a worker
    # alive while its heartbeat is younger than worker_alive_s.
    worker_heartbeat_ms: int = 5_000
    worker_alive_s: int = 30
    # /readyz fails unless a worker has heartbeated within this many seconds; 0 = it does not
    # ask (an API replica stays ready, and shows the no-worker banner, while workers are down).
    ready_worker_within_s: int = 0
    queue_lease_ms: int = 30_000
    queue_heartbeat_ms: int = 10_000
    queue_reap_interval_ms: int = 5_000
    queue_poll_ms: int = 5_000  # claim even without a NOTIFY this often
    queue_retry_backoff_ms: int = 2_000  # times the attempt, before a reaped job runs again
    queue_max_attempts: int = 2
    queue_user_running_cap: int = 2  # one user's runs executing at the same time
    queue_user_queued_cap: int = 20  # one user's runs waiting; more is 429
    # Uploads: each chunk must arrive within upload_idle_ms, the whole body within
    # upload_total_ms (slow clients must not hold a connection and a partial file forever).
    upload_idle_ms: int = 30_000
    upload_total_ms: int = 600_000
    noop_runner_sleep_ms: int = 0
    noop_runner_log: str = ""  # a file the noop runner appends its events to (tests)

    # Retention (the worker): a pass this often deletes expired session files, sessions and
    # artifacts (their expiry comes from the limits table) and job rows finished this long ago.
    retention_interval_ms: int = 300_000
    retention_finished_jobs_age_s: int = 24 * 3600
    retention_batch: int = 500
    # A run's content (inputs, result, logs, error message, files) is deleted this many days
    # after it ended; a tool's manifest may ask for fewer. 0: at the first pass after its
    # owner received the finished run (a day after it ended if nobody ever fetched it).
    retention_run_content_days: int = 30

    # Background jobs (docs/architecture.md#background-jobs): each worker runs up to
    # background_job_concurrency at once, beside its runs; an attempt may take
    # background_job_timeout_s; a failed one waits background_job_backoff_ms, doubling after
    # each (at most an hour), until background_job_max_attempts, then the job is `failed`.
    # Finished jobs are deleted background_job_keep_days after they ended.
    background_job_concurrency: int = 4
    background_job_timeout_s: int = 60
    background_job_backoff_ms: int = 30_000
    background_job_max_attempts: int = 8
    background_job_keep_days: int = 7

    # Mail (a background job): smtp://host:port (plain, a local relay), smtp+starttls://,
    # smtps://, with an optional user:password@; empty: no mail is sent (the jobs fail).
    smtp_url: str = ""
    mail_from: str = ""

    # Live run status (SSE): a comment this often keeps proxies from closing a quiet stream.
    sse_keepalive_ms: int = 15_000
    # Open event streams at once, per user and per API process (429 past either).
    sse_max_streams_per_user: int = 10
    sse_max_streams: int = 1000
    # A stopping `serve` lets requests finish this long (whole seconds, at least 1), then
    # cuts what is still open (event streams of unfinished runs; their clients reconnect).
    shutdown_grace_ms: int = 15_000

    @property
    def sqlalchemy_url(self) -> str:
        """The URL in SQLAlchemy's spelling for psycopg 3."""
        url = self.database_url
        for scheme in ("postgresql://", "postgres://"):
            if url.startswith(scheme):
                return "postgresql+psycopg://" + url[len(scheme) :]
        return url

    def with_database_url(self, url: str) -> Settings:
        return dataclasses.replace(self, database_url=url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        hints = get_type_hints(cls)
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            if f.name == "limits":
                continue
            key = "DATABASE_URL" if f.name == "database_url" else PREFIX + f.name.upper()
            raw = env.get(key)
            if raw is None:
                continue
            values[f.name] = _parse(key, raw, hints[f.name])
        try:
            values["limits"] = limits_from_env(env)
        except ValueError as exc:
            raise SettingsError(str(exc)) from exc
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.retention_run_content_days < 0:
            raise SettingsError("SKRIPTOTEKET_RETENTION_RUN_CONTENT_DAYS must be 0 or more")
        if settings.environment == "production" and "SKRIPTOTEKET_SECURE_COOKIES" not in env:
            settings = dataclasses.replace(settings, secure_cookies=True)
        if (
            settings.environment == "production"
            and settings.secure_cookies
            and "SKRIPTOTEKET_SESSION_COOKIE" not in env
        ):
            settings = dataclasses.replace(
                settings, session_cookie=HOST_PREFIX + settings.session_cookie
            )
        return settings

    @property
    def mail_base_url(self) -> str:
        """The start of links in e-mails: public_url, else where `serve` listens. Never the
        request's Host: a forged Host would send someone's reset link to another site."""
        return self.public_url or f"http://{self.host}:{self.port}"

    @property
    def device_cookie(self) -> str:
        """The long-lived cookie that tells a browser which signed in before (login throttling
        keys on it); named after the session cookie, so it gets the same prefix."""
        return self.session_cookie + "_device"


def _parse(key: str, raw: str, kind: object) -> object:
    try:
        if kind is bool:
            lowered = raw.strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        if kind is int:
            return int(raw)
        if kind is Path:
            return Path(raw)
        return raw
    except ValueError as exc:
        raise SettingsError(
            f"{key}={raw!r} is not a valid {getattr(kind, '__name__', kind)}"
        ) from exc
