"""`make compose-test`: compose.yaml brought up for real, used as a school would, torn down.

1. picks the compose implementation the machine has (`docker compose`, `docker-compose`,
   `podman-compose`) and the engine's socket (DOCKER_HOST, else /var/run/docker.sock);
2. builds the base images offline (deploy/offline-images.sh, cached) and points compose at them;
3. `up -d --build` under a project name of its own, the API published on a free 127.0.0.1 port;
4. waits for /readyz (database migrated, a worker heartbeating), signs in as the admin the
   bootstrap service created from the environment, runs `namnlista` with a CSV through the API,
   downloads its XLSX and opens it with openpyxl;
5. `down -v`, whatever happened.

Without an engine or a compose implementation it says so and exits 0 — unless CI=true, where
that is a failure. Prints the time each step took.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[2]
CSV = "Namn\nÖBERG, ÅSA\ncarl von linné\nZoë Ek\n".encode()
EXPECTED = {("Åsa", "Öberg"), ("Carl", "von Linné"), ("Zoë", "Ek")}
TERMINAL = {"succeeded", "failed", "timed_out", "cancelled", "platform_error"}


def unavailable(reason: str) -> int:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        print(f"compose-test: FAILED (CI=true): {reason}", file=sys.stderr)
        return 1
    print(f"compose-test: skipped: {reason}", file=sys.stderr)
    return 0


def engine_socket() -> str | None:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    path = host.removeprefix("unix://")
    if not host.startswith("unix://") or not Path(path).is_socket():
        return None
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(3)
            sock.connect(path)
            sock.sendall(b"GET /_ping HTTP/1.1\r\nHost: engine\r\nConnection: close\r\n\r\n")
            answered = sock.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return None
    return path if answered else None


def compose_command() -> list[str] | None:
    candidates = [["docker", "compose"], ["docker-compose"], ["podman-compose"]]
    for command in candidates:
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return command
    return None


def is_podman(engine: str) -> bool:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(engine)
        sock.sendall(b"GET /version HTTP/1.1\r\nHost: engine\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return b"podman" in answer.lower()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def step(name: str) -> Iterator[None]:
    started = time.monotonic()
    print(f"compose-test: {name} ...", flush=True)
    yield
    print(f"compose-test: {name}: {time.monotonic() - started:.1f} s", flush=True)


@contextmanager
def podman_healthchecks(project: str) -> Iterator[None]:
    """podman runs health checks from systemd timers; where there is no systemd (containers,
    CI) nothing runs them and compose would wait forever. This runs them instead."""
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(2):
            names = subprocess.run(
                ["podman", "ps", "--format", "{{.Names}}", "--filter",
                 f"label=com.docker.compose.project={project}"],
                capture_output=True, text=True, check=False,
            ).stdout.split()  # fmt: skip
            for name in names:
                subprocess.run(
                    ["podman", "healthcheck", "run", name], capture_output=True, check=False
                )

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def offline_images(env: dict[str, str]) -> dict[str, str]:
    """The settings that point compose at images built from Debian's packages."""
    printed = subprocess.run(
        [str(REPO / "deploy" / "offline-images.sh")], env=env, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    sys.stderr.write(printed.stderr[-3000:])
    return dict(line.split("=", 1) for line in printed.stdout.split() if "=" in line)


def wait_ready(base: str, timeout_s: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{base}/readyz", timeout=5)
            last = response.json()
            if response.status_code == 200:
                return dict(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            last = repr(exc)
        time.sleep(1)
    raise AssertionError(f"/readyz did not answer 200 within {timeout_s:.0f} s: {last}")


def wait_healthy(engine: str, project: str, service: str, timeout_s: float) -> None:
    """The engine reports the service's container healthy (its compose health check passed)."""
    labels = [f"com.docker.compose.project={project}", f"com.docker.compose.service={service}"]
    transport = httpx.HTTPTransport(uds=engine)
    deadline = time.monotonic() + timeout_s
    health = None
    with httpx.Client(transport=transport, base_url="http://engine", timeout=10) as api:
        while time.monotonic() < deadline:
            found = api.get("/containers/json", params={"filters": json.dumps({"label": labels})})
            for container in found.json():
                state = api.get(f"/containers/{container['Id']}/json").json()["State"]
                health = (state.get("Health") or {}).get("Status")
                if health == "healthy":
                    return
            time.sleep(2)
    raise AssertionError(f"{service} is not healthy after {timeout_s:.0f} s: {health}")


def use_the_app(base: str, email: str, password: str) -> None:
    with httpx.Client(base_url=base, timeout=30) as api:
        login = api.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert login.status_code == 200, login.text
        assert login.json()["user"]["role"] == "superuser"
        # The session cookie is Secure (production): a plain-http client must send it itself.
        cookie = login.headers["set-cookie"].split(";", 1)[0]
        headers = {"Cookie": cookie, "X-CSRF-Token": login.json()["csrf_token"]}

        tools = api.get("/api/v1/tools", headers=headers, params={"limit": 100})
        assert tools.status_code == 200, tools.text
        assert "namnlista" in [tool["slug"] for tool in tools.json()["items"]]

        started = api.post(
            "/api/v1/tools/namnlista/runs",
            headers=headers,
            data={"inputs": json.dumps({})},
            files={"lista": ("7A.csv", CSV, "text/csv")},
        )
        assert started.status_code == 202, started.text
        run = started.json()["run"]
        deadline = time.monotonic() + 120
        while run["status"] not in TERMINAL and time.monotonic() < deadline:
            time.sleep(0.5)
            run = api.get(f"/api/v1/runs/{run['id']}", headers=headers).json()
        assert run["status"] == "succeeded", json.dumps(run, ensure_ascii=False)[:2000]

        [xlsx] = [a for a in run["artifacts"] if a["name"].endswith(".xlsx")]
        download = api.get(f"/api/v1/runs/{run['id']}/artifacts/{xlsx['id']}", headers=headers)
        assert download.status_code == 200, download.text
        sheet = load_workbook(io.BytesIO(download.content), read_only=True).active
        rows = {tuple(row[:2]) for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert rows >= EXPECTED, rows
        print(f"compose-test: namnlista's XLSX opened: {sorted(map(str, rows))}", flush=True)


def main() -> int:
    engine = engine_socket()
    if engine is None:
        return unavailable(
            f"no container engine answers at DOCKER_HOST={os.environ.get('DOCKER_HOST', '')!r}"
        )
    compose = compose_command()
    if compose is None:
        return unavailable(
            "no compose implementation (docker compose, docker-compose, podman-compose)"
        )

    project = f"skriptoteket-ct{os.getpid()}"
    port = free_port()
    admin_email, admin_password = "admin@compose.test", secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DOCKER_HOST": f"unix://{engine}",
        "COMPOSE_PROJECT_NAME": project,
        "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
        "SKRIPTOTEKET_ADMIN_EMAIL": admin_email,
        "SKRIPTOTEKET_ADMIN_PASSWORD": admin_password,
        "SKRIPTOTEKET_PORT": str(port),
        "SKRIPTOTEKET_ENGINE_SOCKET": engine,
        "SKRIPTOTEKET_WORKER_CONCURRENCY": "2",
        "BUILD_CACERT": os.environ.get("BUILD_CACERT", "/etc/ssl/certs/ca-certificates.crt"),
    }
    run = [*compose, "-f", str(REPO / "compose.yaml"), "-p", project]
    total = time.monotonic()
    print(f"compose-test: {' '.join(compose)} against {engine}, project {project}", flush=True)
    with step("offline images"):
        images = offline_images(env)
    env.update(images)
    healthchecks = podman_healthchecks(project) if is_podman(engine) else _nothing()
    try:
        with healthchecks:
            with step("up -d --build"):
                subprocess.run([*run, "up", "-d", "--build"], env=env, check=True, cwd=REPO)
            base = f"http://127.0.0.1:{port}"
            with step("/readyz"):
                ready = wait_ready(base, 240)
                print(f"compose-test: ready: {ready}", flush=True)
                assert ready["checks"] == {"database": "ok", "worker": "ok"}, ready
            with step("the worker's health check"):
                wait_healthy(engine, project, "worker", 90)
            with step("sign in, run namnlista, open its XLSX"):
                use_the_app(base, admin_email, admin_password)
    except (AssertionError, subprocess.CalledProcessError):
        subprocess.run([*run, "ps"], env=env, check=False, cwd=REPO)
        subprocess.run([*run, "logs", "--tail", "60"], env=env, check=False, cwd=REPO)
        raise
    finally:
        with step("down -v"):
            subprocess.run([*run, "down", "-v"], env=env, check=False, cwd=REPO)
    print(f"compose-test: passed in {time.monotonic() - total:.0f} s", flush=True)
    return 0


@contextmanager
def _nothing() -> Iterator[None]:
    yield


if __name__ == "__main__":
    raise SystemExit(main())
