"""A local webhook receiver on 127.0.0.1 for the tests and the benchmark: records what arrives
at /ok, answers 500 at /fail, never answers at /hang, and redirects /redirect to /ok."""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.time() when it arrived


@dataclass
class Receiver:
    base: str
    received: list[Received] = field(default_factory=list)

    def wait_for(self, count: int, path: str = "/ok", timeout: float = 60) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [r for r in self.received if r.path == path]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{count} deliveries to {path} did not arrive in {timeout} s")


def verifies(secret: str, message: Received) -> bool:
    """The Standard Webhooks check a receiver makes."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message.headers['webhook-id']}.{message.headers['webhook-timestamp']}.".encode()
    expected = base64.b64encode(hmac.new(key, signed + message.body, hashlib.sha256).digest())
    return any(
        hmac.compare_digest(expected.decode(), s.partition(",")[2])
        for s in message.headers["webhook-signature"].split()
    )


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            receiver.received.append(
                Received(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.time()
                )
            )
            if self.path == "/hang":
                stop.wait(30)
                return
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/ok")
            else:
                self.send_response(500 if self.path == "/fail" else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
