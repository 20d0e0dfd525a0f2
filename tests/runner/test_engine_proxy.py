"""The engine proxy in front of the real engine: a tool runs through it, and the calls a
compromised worker would make instead are refused with 403 before they reach the engine."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import docker
import pytest
from docker.errors import APIError
from engine_proxy import EngineProxy, serve

from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner

from .conftest import leftovers, make_spec, result_of, stored_bytes

HELLO = """
def run(ctx):
    with open("/work/output/hej.txt", "w") as out:
        out.write("hej")
    return {"outputs": [{"kind": "notice", "level": "info", "message": "via proxyn"}],
            "artifacts": [{"path": "hej.txt"}]}
"""


def engine_socket() -> str:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        pytest.skip("the engine proxy forwards to a unix socket only")
    return host.removeprefix("unix://")


@pytest.fixture
async def proxy_url(runner_image: str, tmp_path: Path) -> AsyncIterator[str]:
    sock = tmp_path / "engine.sock"
    server = await serve(f"unix:{sock}", EngineProxy(engine_socket(), {runner_image}))
    try:
        yield f"unix://{sock}"
    finally:
        server.close()
        await server.wait_closed()


async def test_a_tool_runs_through_the_proxy(
    proxy_url: str, runner_image: str, tmp_path: Path
) -> None:
    runner = DockerRunner(
        LocalFileStore(tmp_path / "files"), image=runner_image, base_url=proxy_url
    )
    spec = make_spec(HELLO)
    outcome = await runner.run(spec)

    assert outcome.platform_error is None
    assert result_of(outcome)["outputs"][0]["message"] == "via proxyn"
    assert stored_bytes(tmp_path / "files", outcome.artifacts["hej.txt"]) == b"hej"
    await runner.remove(spec.run_id)
    assert leftovers(runner, spec.run_id) == []


async def test_what_the_runner_never_does_is_refused(
    proxy_url: str, runner_image: str, engine: docker.DockerClient
) -> None:
    other = engine.containers.create(
        runner_image,
        entrypoint=["sleep"],
        command=["60"],
        name=f"skriptoteket-proxytest-{uuid.uuid4().hex[:8]}",
        network_mode="none",
    )
    client = None
    try:
        client = await asyncio.to_thread(docker.DockerClient, base_url=proxy_url, timeout=30)
        other.start()
        refused = [
            lambda: client.api.exec_create(other.id, ["cat", "/etc/shadow"], user="1000"),
            lambda: client.api.get_archive(other.id, "/etc/hostname"),
            lambda: client.api.kill(other.id),
            lambda: client.api.remove_container(other.id, force=True),
            lambda: client.containers.create(
                runner_image,
                name=f"skriptoteket-run-{uuid.uuid4()}-1",
                privileged=True,
                network_disabled=True,
                labels={"skriptoteket.run_id": "x"},
            ),
            lambda: client.containers.create(
                runner_image,
                name=f"skriptoteket-run-{uuid.uuid4()}-1",
                volumes={"/": {"bind": "/host", "mode": "ro"}},
                labels={"skriptoteket.run_id": "x"},
            ),
            lambda: client.containers.list(all=True),
            lambda: client.volumes.create("skriptoteket-proxytest"),
        ]
        for attempt in refused:
            with pytest.raises(APIError) as caught:
                await asyncio.to_thread(attempt)
            assert caught.value.status_code == 403
            assert "engine-proxy refused" in str(caught.value)
        other.reload()
        assert other.status == "running"  # neither killed nor removed
        assert engine.containers.list(all=True, filters={"label": "skriptoteket.run_id=x"}) == []
    finally:
        if client is not None:
            await asyncio.to_thread(client.close)
        other.remove(force=True)


async def test_a_request_smuggled_after_an_allowed_one_never_reaches_the_engine(
    proxy_url: str, engine: docker.DockerClient
) -> None:
    volume = f"skriptoteket-proxytest-{uuid.uuid4().hex[:8]}"
    body = f'{{"Name": "{volume}"}}'
    smuggled = (
        "GET /_ping HTTP/1.1\r\nHost: engine\r\n\r\n"
        f"POST /volumes/create HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    )
    reader, writer = await asyncio.open_unix_connection(proxy_url.removeprefix("unix://"))
    writer.write(smuggled.encode())
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), timeout=10)  # until the proxy closes
    writer.close()

    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.count(b"HTTP/1.1 ") == 1
    assert volume not in [v.name for v in engine.volumes.list()]
