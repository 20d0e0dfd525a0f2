"""The `skriptoteket` command."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from skriptoteket.infrastructure.logs import configure_logging
from skriptoteket.infrastructure.settings import Settings

OPENAPI_PATH = Path("openapi/openapi.json")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="skriptoteket", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="migrate the database to the newest schema")

    boot = sub.add_parser("bootstrap-superuser", help="create the first superuser (idempotent)")
    boot.add_argument("--email", required=True)
    boot.add_argument("--password", required=True)
    boot.add_argument("--display-name", default="Administratör")

    sub.add_parser(
        "bootstrap",
        help="a deployment's first start (idempotent): the superuser from "
        "SKRIPTOTEKET_ADMIN_EMAIL and SKRIPTOTEKET_ADMIN_PASSWORD, then the script bank",
    )
    reset = sub.add_parser(
        "reset-password", help="print a one-time link (valid one hour) to set a user's password"
    )
    reset.add_argument("--email", required=True)

    serve = sub.add_parser("serve", help="serve the API (and the built SPA)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers", type=int, help="API processes (default: SKRIPTOTEKET_WEB_WORKERS, else CPUs)"
    )

    openapi = sub.add_parser("openapi", help="write openapi/openapi.json from the app")
    openapi.add_argument("--check", action="store_true", help="fail if the committed file is stale")

    worker = sub.add_parser("worker", help="execute queued runs")
    worker.add_argument("--concurrency", type=int, help="runs at the same time (default: settings)")

    seed = sub.add_parser(
        "seed-script-bank",
        help="publish backend/script_bank's tools through catalog governance (idempotent)",
    )
    seed.add_argument("--bank", type=Path, help="the script bank folder (default: the checkout's)")

    sub.add_parser("up", help="the whole app for `make run`: database, migrations, API, worker")

    args = parser.parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings.log_level, as_json=settings.log_json)

    match args.command:
        case "migrate":
            return _migrate(settings)
        case "bootstrap-superuser":
            return asyncio.run(_bootstrap(settings, args.email, args.password, args.display_name))
        case "bootstrap":
            return _bootstrap_deployment(settings)
        case "reset-password":
            return asyncio.run(_reset_password(settings, args.email))
        case "serve":
            return _serve(settings, args.host, args.port, args.workers)
        case "openapi":
            return _openapi(args.check)
        case "worker":
            return _worker(settings, args.concurrency)
        case "seed-script-bank":
            return asyncio.run(_seed_script_bank(settings, args.bank))
        case "up":
            return _up(settings)
    return 2


def _migrate(settings: Settings) -> int:
    from skriptoteket.infrastructure.db.migrate import upgrade_to_head

    _require_database(settings)
    upgrade_to_head(settings.sqlalchemy_url)
    print("database migrated to head")
    return 0


async def _bootstrap(settings: Settings, email: str, password: str, display_name: str) -> int:
    import svcs

    from skriptoteket.application.identity.bootstrap_superuser import BootstrapSuperuser
    from skriptoteket.bootstrap import build_registry

    _require_database(settings)
    registry = build_registry(settings)
    try:
        async with svcs.Container(registry) as container:
            handler = await container.aget(BootstrapSuperuser)
            outcome = await handler(email, password, display_name)
    finally:
        await registry.aclose()
    state = "created" if outcome.created else "already exists"
    print(f"superuser {outcome.user.email} {state}")
    return 0


def _bootstrap_deployment(settings: Settings) -> int:
    if not (settings.admin_email and settings.admin_password):
        sys.exit(
            "Set SKRIPTOTEKET_ADMIN_EMAIL and SKRIPTOTEKET_ADMIN_PASSWORD: the first superuser "
            "signs in with them (an existing user with that address is left as it is)."
        )
    asyncio.run(
        _bootstrap(settings, settings.admin_email, settings.admin_password, "Administratör")
    )
    return asyncio.run(_seed_script_bank(settings, None))


async def _reset_password(settings: Settings, email: str) -> int:
    import svcs

    from skriptoteket.application.identity.password_reset import IssuePasswordReset
    from skriptoteket.bootstrap import build_registry
    from skriptoteket.domain.errors import NotFound

    _require_database(settings)
    registry = build_registry(settings)
    try:
        async with svcs.Container(registry) as container:
            issue = await container.aget(IssuePasswordReset)
            try:
                link = await issue.by_email(email)
            except NotFound:
                print(f"no user has the e-mail address {email}", file=sys.stderr)
                return 1
    finally:
        await registry.aclose()
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    print(link.url(base))
    print(f"valid once, until {link.expires_at:%Y-%m-%d %H:%M} UTC", file=sys.stderr)
    return 0


async def _seed_script_bank(settings: Settings, bank: Path | None) -> int:
    import svcs

    from skriptoteket.application.script_bank.seed import SeedScriptBank
    from skriptoteket.bootstrap import build_registry
    from skriptoteket.infrastructure.script_bank import DEFAULT_BANK, load_bank

    _require_database(settings)
    tools = load_bank(bank or DEFAULT_BANK)
    registry = build_registry(settings)
    try:
        async with svcs.Container(registry) as container:
            seeder = await container.aget(SeedScriptBank)
            outcomes = await seeder(tools)
    finally:
        await registry.aclose()
    for outcome in outcomes:
        version = f" v{outcome.version}" if outcome.version is not None else ""
        print(f"script bank: {outcome.slug}{version} {outcome.result.value}")
    return 0


def _serve(settings: Settings, host: str | None, port: int | None, workers: int | None) -> int:
    from granian.constants import Interfaces, Loops
    from granian.log import LogLevels
    from granian.server import Server

    _require_database(settings)
    processes = workers or settings.web_workers or os.cpu_count() or 1
    _serve_metrics(settings)
    Server(
        # Each process builds its app (and its logging, pools, CPU pool) from the environment.
        "skriptoteket.entrypoints.asgi:serve_app",
        factory=True,
        interface=Interfaces.ASGI,
        workers=processes,
        loop=Loops.uvloop,
        address=host or settings.host,
        port=port or settings.port,
        # Granian's own lines go through our handlers (JSON, our level), not its stdout ones.
        log_level=LogLevels(settings.log_level.lower()),
        log_dictconfig={
            "loggers": {
                name: {"handlers": [], "propagate": True} for name in ("_granian", "granian.access")
            }
        },
        log_access=False,
        # Open event streams would hold a stopping server forever (a queued run may wait
        # long): after the grace period they are cut, and clients resume with Last-Event-ID.
        workers_kill_timeout=max(1, round(settings.shutdown_grace_ms / 1000)),
    ).serve()
    return 0


def _serve_metrics(settings: Settings) -> None:
    """/metrics on its own port, served by the supervising process: the sum of what the app's
    processes (granian's workers, even one) write to a directory of prometheus_client's
    multiprocess mode."""
    if settings.metrics_port <= 0:
        return
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        # Set before prometheus_client is imported here, and inherited by the processes.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="skriptoteket-metrics-")
    from skriptoteket.infrastructure.queue.metrics import serve_metrics

    serve_metrics(settings.metrics_port, settings.host, multiprocess=True)


def _worker(settings: Settings, concurrency: int | None) -> int:
    from skriptoteket.entrypoints.worker import run_worker

    _require_database(settings)
    return run_worker(settings, concurrency)


def _openapi(check: bool) -> int:
    from skriptoteket.entrypoints.asgi import render_openapi

    document = render_openapi()
    if check:
        current = OPENAPI_PATH.read_text(encoding="utf-8") if OPENAPI_PATH.exists() else ""
        if current != document:
            print(f"{OPENAPI_PATH} is stale: run `skriptoteket openapi`", file=sys.stderr)
            return 1
        print(f"{OPENAPI_PATH} is current")
        return 0
    OPENAPI_PATH.parent.mkdir(parents=True, exist_ok=True)
    OPENAPI_PATH.write_text(document, encoding="utf-8")
    print(f"wrote {OPENAPI_PATH}")
    return 0


def _require_database(settings: Settings) -> None:
    if not settings.database_url:
        sys.exit(
            "DATABASE_URL is not set. Set it to a PostgreSQL URL, or use `skriptoteket up` "
            "(make run), which starts an embedded PostgreSQL under .data/."
        )


DEMO_EMAIL = "admin@skriptoteket.local"


def _up(settings: Settings) -> int:
    """Start everything `make run` promises, in child processes sharing one database."""
    from skriptoteket.infrastructure.embedded_postgres import EmbeddedPostgres

    embedded = None
    if not settings.database_url:
        embedded = EmbeddedPostgres(settings.data_dir / "postgres")
        settings = settings.with_database_url(embedded.start())
        print(f"embedded PostgreSQL running under {settings.data_dir / 'postgres'}")
    # Tools run in containers when this machine can (see bootstrap/runner.py "auto").
    env = {"SKRIPTOTEKET_RUNNER": "auto", **os.environ, "DATABASE_URL": settings.database_url}
    try:
        _build_spa(settings.spa_dir)
        _migrate(settings)
        _demo_superuser(settings)
        asyncio.run(_seed_script_bank(settings, None))
        children = [
            subprocess.Popen([sys.executable, "-m", "skriptoteket", "serve"], env=env),
            subprocess.Popen([sys.executable, "-m", "skriptoteket", "worker"], env=env),
        ]
        print(f"Skriptoteket: http://{settings.host}:{settings.port}/  (Ctrl+C stops)")
        return _supervise(children)
    finally:
        if embedded is not None:
            embedded.stop()


FRONTEND_DIR = Path("frontend")
_FRONTEND_INPUTS = ("src", "index.html", "package.json", "package-lock.json", "vite.config.ts")


def _newest_mtime(paths: Sequence[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def spa_build_needed(frontend: Path, dist: Path) -> bool:
    """True when dist/index.html is missing or older than any source of the SPA."""
    index = dist / "index.html"
    if not index.is_file():
        return True
    sources = [frontend / name for name in _FRONTEND_INPUTS if (frontend / name).exists()]
    return _newest_mtime(sources) > index.stat().st_mtime


def _build_spa(dist: Path) -> None:
    """Build the SPA for `make run` when its sources changed (npm ci only when the lock did)."""
    frontend = FRONTEND_DIR
    if not (frontend / "package.json").is_file() or not spa_build_needed(frontend, dist):
        return
    if shutil.which("npm") is None:
        print("npm not found: serving the API without a freshly built SPA", file=sys.stderr)
        return
    installed = frontend / "node_modules" / ".package-lock.json"
    lock = frontend / "package-lock.json"
    if not installed.is_file() or lock.stat().st_mtime > installed.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=frontend, check=True)
    print("building the SPA (frontend/dist)")
    subprocess.run(["npm", "run", "build"], cwd=frontend, check=True)


def _demo_superuser(settings: Settings) -> None:
    marker = settings.data_dir / "demo-superuser.json"
    if marker.exists():
        print(f"demo superuser: {DEMO_EMAIL} (password printed on first start, kept in {marker})")
        return
    password = secrets.token_urlsafe(12)
    asyncio.run(_bootstrap(settings, DEMO_EMAIL, password, "Demo-administratör"))
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"email": DEMO_EMAIL, "password": password}), encoding="utf-8")
    marker.chmod(0o600)
    print(f"demo superuser created: {DEMO_EMAIL} / {password}")


def _supervise(children: list[subprocess.Popen[bytes]]) -> int:
    """Wait until a child exits or we are told to stop; then stop them all."""
    stopping: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.3)
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0 if stopping else max((child.returncode or 0) for child in children)


if __name__ == "__main__":
    raise SystemExit(main())
