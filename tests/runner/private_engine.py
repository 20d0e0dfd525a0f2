"""A podman API service of a test's own, on its own socket, started and killed by the test (the
shared service other users of the machine talk to is never touched)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import docker


class PrivateEngine:
    def __init__(self, socket: Path, env: dict[str, str] | None = None) -> None:
        self.socket = socket
        self.env = {**os.environ, **(env or {})}
        self.url = f"unix://{socket}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            ["podman", "system", "service", "--time=0", self.url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                client = docker.DockerClient(base_url=self.url, timeout=5)
                client.ping()
                client.close()
                return
            except Exception:
                time.sleep(0.2)
        raise AssertionError("the private podman service did not answer within 30 s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
