"""A real `skriptoteket serve` on 127.0.0.1 (for streaming tests and benchmarks), and a reader
of Server-Sent Events."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(
    db: str, *, port: int | None = None, stderr: IO[bytes] | None = None, **settings: str
) -> Iterator[str]:
    """Serve the API on `port` (default: a free one); yields its base URL once /healthz
    answers. `stderr` receives its logs; a server that fails to start says why with their tail."""
    with contextlib.ExitStack() as stack:
        log = stderr or stack.enter_context(tempfile.TemporaryFile())
        try:
            yield from _serve(db, port or free_port(), log, settings)
        except Exception:
            if stderr is None:  # the test failed: show the server's side (pytest captures it)
                sys.stderr.write(_tail(log))
            raise


def _tail(log: IO[bytes]) -> str:
    log.seek(0)
    text = log.read().decode(errors="replace")
    log.seek(0, os.SEEK_END)
    return text[-4000:]


def _serve(db: str, port: int, stderr: IO[bytes], settings: dict[str, str]) -> Iterator[str]:
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "SKRIPTOTEKET_LOG_JSON": "false",
        "SKRIPTOTEKET_LOG_LEVEL": "WARNING",
        "SKRIPTOTEKET_WEB_WORKERS": "1",  # one process is enough for a test, and lighter
        **settings,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "skriptoteket", "serve", "--port", str(port)],
        env=env,
        stderr=stderr,
        start_new_session=True,  # its own process group: see the end
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # generous: a loaded 2-core machine starts slowly
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the server exited with {proc.returncode}; its last words:\n{_tail(stderr)}"
                )
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the server did not start within 120 s; its last words:\n{_tail(stderr)}"
                )
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        # A worker process still starting when its server was stopped can outlive it (and
        # keep its database connections): nothing of the group may outlive the test.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


@dataclass
class SseEvent:
    event: str = "message"
    data: str = ""
    id: str | None = None
    comments: list[str] = field(default_factory=list)


def sse_events(lines: Iterator[str]) -> Iterator[SseEvent]:
    """Events of a text/event-stream, one per blank-line-terminated block; a block of only
    comments is yielded too (event "comment"), so keep-alives can be seen."""
    current = SseEvent()
    data: list[str] = []
    touched = False
    for line in lines:
        if line == "":
            if touched:
                current.data = "\n".join(data)
                if not data and current.comments:
                    current.event = "comment"
                yield current
            current, data, touched = SseEvent(), [], False
            continue
        touched = True
        if line.startswith(":"):
            current.comments.append(line[1:].strip())
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            data.append(value)
        elif name == "event":
            current.event = value
        elif name == "id":
            current.id = value
