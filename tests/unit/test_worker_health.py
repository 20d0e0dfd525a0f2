"""The worker's health endpoint answers from its event loop: 200 while the runner's check
passes, 503 with the reason when it fails, 404 elsewhere; port 0 turns it off."""

from __future__ import annotations

import socket

import httpx

from skriptoteket.entrypoints.worker_health import serve_health


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_health_follows_the_runner_check() -> None:
    failing: list[str] = []

    async def check() -> None:
        if failing:
            raise RuntimeError(failing[0])

    port = free_port()
    server = await serve_health(port, "127.0.0.1", check)
    assert server is not None
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            ok = await client.get("/healthz")
            assert (ok.status_code, ok.json()) == (200, {"status": "ok"})

            failing.append("The container engine at unix:///x is not reachable.")
            down = await client.get("/healthz")
            assert down.status_code == 503
            assert down.json()["reason"] == "The container engine at unix:///x is not reachable."

            assert (await client.get("/metrics")).status_code == 404
    finally:
        server.close()
        await server.wait_closed()


async def test_port_zero_is_off() -> None:
    async def check() -> None:
        return None

    assert await serve_health(0, "127.0.0.1", check) is None
