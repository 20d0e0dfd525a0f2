"""The worker's health endpoint: GET /healthz on its own port, for orchestrators (compose's
healthcheck). Served from the worker's event loop, so an answer also proves the loop is not
stuck; 200 when the runner's engine check passes, 503 with the reason when it does not."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable

CHECK_TIMEOUT_S = 10.0


async def serve_health(
    port: int, host: str, check: Callable[[], Awaitable[None]]
) -> asyncio.Server | None:
    """Listen on host:port (0 = off) until the returned server is closed."""
    if port <= 0:
        return None

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            method, path = request.split(b" ", 2)[:2]
            if (method, path) != (b"GET", b"/healthz"):
                status, body = 404, {"status": "not found"}
            else:
                try:
                    await asyncio.wait_for(check(), CHECK_TIMEOUT_S)
                    status, body = 200, {"status": "ok"}
                except Exception as exc:  # a probe reports failures, it does not raise them
                    status, body = 503, {"status": "unavailable", "reason": str(exc)[:300]}
            payload = json.dumps(body).encode()
            reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
            writer.write(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
        except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError):
            pass
        finally:
            with contextlib.suppress(OSError):
                writer.close()

    return await asyncio.start_server(handle, host, port)
