"""The container engine disappears mid-run: that run fails with a platform error, and the next run
succeeds once the engine is back; the container left behind is removed then. And the pool: its
idle sandboxes are lost with the engine, and it fills again once the engine is back.

The engine here is a private `podman system service` on a socket of this test's own, started
and killed by the test (the shared service other users of the machine talk to is never
touched)."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.pool import PoolConfig

from .conftest import FAST, _unavailable, make_spec, result_of
from .private_engine import PrivateEngine

SLOW = "import time\ndef run(ctx):\n    print('started', flush=True)\n    time.sleep(6)\n    return {}\n"
QUICK = "def run(ctx):\n    return {'outputs': [{'kind': 'json', 'value': {'ok': True}}]}\n"


@pytest.fixture
def engine(tmp_path: Path, runner_image: str) -> Iterator[PrivateEngine]:
    if shutil.which("podman") is None or os.geteuid() != 0:
        _unavailable("a private podman service needs podman, run as root")
    private = PrivateEngine(tmp_path / "podman.sock")
    private.start()
    try:
        yield private
    finally:
        private.kill()


async def test_an_engine_lost_mid_run_fails_it_and_the_next_run_succeeds_when_it_is_back(
    engine: PrivateEngine, runner_image: str, tmp_path: Path
) -> None:
    runner = DockerRunner(
        LocalFileStore(tmp_path / "files"), image=runner_image, base_url=engine.url
    )
    lost = make_spec(SLOW)
    running = asyncio.create_task(runner.run(lost))
    await asyncio.sleep(3)  # the tool is running (its container started, the harness exec'd)
    engine.kill()
    outcome = await asyncio.wait_for(running, 60)
    assert outcome.platform_error, outcome
    assert outcome.result_json is None

    # While the engine is gone, a run fails at once with a platform error naming the fix.
    down = await asyncio.wait_for(runner.run(make_spec(QUICK)), 60)
    assert down.platform_error and "not reachable" in down.platform_error

    engine.start()
    quick = make_spec(QUICK)
    back = await asyncio.wait_for(runner.run(quick), 120)
    await runner.remove(quick.run_id)  # as the worker does once the verdict is stored
    assert back.platform_error is None, back.platform_error
    assert result_of(back)["outputs"][0]["value"] == {"ok": True}

    # What the lost run left behind goes with the reaper's remove, once the engine answers.
    await runner.remove(lost.run_id)
    client = docker.DockerClient(base_url=engine.url, timeout=30)
    try:
        left = client.containers.list(
            all=True, filters={"label": f"skriptoteket.run_id={lost.run_id}"}
        )
    finally:
        client.close()
    assert left == []


async def test_the_engine_restarting_empties_the_pool_and_it_fills_again(
    engine: PrivateEngine, runner_image: str, tmp_path: Path
) -> None:
    runner = DockerRunner(
        LocalFileStore(tmp_path / "files"),
        image=runner_image,
        base_url=engine.url,
        pool=PoolConfig(size=1),
        pool_limits=FAST,
    )
    runner.start_pool()
    try:
        await runner.pool.wait_full()
        [before] = runner.pool.waiting()
        engine.kill()
        deadline = time.monotonic() + 30
        while runner.pool.idle:
            assert time.monotonic() < deadline, "the pool kept a sandbox of the lost engine"
            await asyncio.sleep(0.1)

        engine.start()
        await runner.pool.wait_full(within_s=120)
        assert runner.pool.waiting()[0] is not before
        spec = make_spec(QUICK)
        outcome = await asyncio.wait_for(runner.run(spec), 60)
        await runner.remove(spec.run_id)
        assert outcome.timings_ms["pooled"] == 1.0
        assert result_of(outcome)["outputs"][0]["value"] == {"ok": True}
    finally:
        await runner.close()
    # The sandbox the lost engine held is removed too (once the engine answered again).
    client = docker.DockerClient(base_url=engine.url, timeout=30)
    try:
        assert client.containers.list(all=True, filters={"id": before.container.id}) == []
    finally:
        client.close()
