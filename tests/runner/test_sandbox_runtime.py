"""SKRIPTOTEKET_SANDBOX_RUNTIME: sandbox runs of unreviewed code go to a stricter runtime (gVisor's
`runsc`), and never run under the engine's default one instead. Reviewed code keeps the pool.

On an engine that honours the runtime the unreviewed tool sees gVisor's kernel, not the host's;
on one that ignores it (podman's Docker API before its 2026 fix, as on this project's CI) the
run fails closed with a platform error and the tool never starts. And where an engine runs
gVisor, a tool really runs under it, its /work staged through the sandbox's stdin (the
engine's archive upload cannot reach gVisor's tmpfs)."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.archive import TOOL_UID
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.pool import PoolConfig

from .conftest import FAST, _unavailable, leftovers, make_spec, result_of, stored_bytes
from .private_engine import PrivateEngine

KERNEL = """
import platform
def run(ctx):
    print("tool started", flush=True)
    return {"outputs": [{"kind": "json", "value": {"kernel": platform.release()}}]}
"""


@pytest.fixture
async def strict(runner_image: str, files_dir: Path) -> AsyncIterator[DockerRunner]:
    runner = DockerRunner(
        LocalFileStore(files_dir),
        image=runner_image,
        pool=PoolConfig(size=1),
        pool_limits=FAST,
        sandbox_runtime="runsc",
    )
    runner.start_pool()
    try:
        yield runner
    finally:
        await runner.close()


async def test_unreviewed_code_never_runs_under_the_default_runtime(strict: DockerRunner) -> None:
    spec = dataclasses.replace(make_spec(KERNEL), unreviewed=True)
    outcome = await strict.run(spec)
    await strict.remove(spec.run_id)
    assert outcome.timings_ms.get("pooled") != 1.0, outcome.timings_ms  # never a pooled sandbox
    if outcome.platform_error is not None:
        assert "did not take the runtime 'runsc'" in outcome.platform_error
        assert "tool started" not in outcome.stdout
    else:
        assert result_of(outcome)["outputs"][0]["value"]["kernel"] != os.uname().release
    assert leftovers(strict, spec.run_id) == []


async def test_reviewed_code_keeps_the_pool_and_the_default_runtime(strict: DockerRunner) -> None:
    await strict.pool.wait_full()
    spec = make_spec(KERNEL)
    outcome = await strict.run(spec)
    await strict.remove(spec.run_id)
    assert outcome.platform_error is None, outcome.platform_error
    assert outcome.timings_ms["pooled"] == 1.0
    assert result_of(outcome)["outputs"][0]["value"]["kernel"] == os.uname().release


GVISOR_TOOL = """
import os, platform, socket
def run(ctx):
    try:
        socket.create_connection(("127.0.0.1", 80), timeout=1)
        network = "connected"
    except OSError as exc:
        network = type(exc).__name__
    with open("/work/output/hej.txt", "w") as out:
        out.write(open("/work/input/namn.txt").read().upper())
    value = {"kernel": platform.release(), "uid": os.getuid(), "network": network}
    return {"outputs": [{"kind": "json", "value": value}]}
"""


@pytest.fixture
def gvisor_engine(tmp_path: Path, runner_image: str) -> Iterator[PrivateEngine]:
    """A podman service of the test's own whose default runtime is gVisor (podman's Docker API
    cannot choose one per container before 2026, so the engine's default it is)."""
    runsc = shutil.which("runsc")
    if runsc is None or shutil.which("podman") is None or os.geteuid() != 0:
        _unavailable("gVisor needs runsc (apt-get install runsc) and podman, run as root")
    wrapper = tmp_path / "runsc-no-network"
    wrapper.write_text(f'#!/bin/sh\nexec {runsc} --network=none "$@"\n')  # tools have none
    wrapper.chmod(0o755)
    conf = tmp_path / "containers.conf"
    conf.write_text(
        f'[engine]\nruntime = "runsc"\n\n[engine.runtimes]\nrunsc = ["{wrapper}"]\n\n'
        "[containers]\ndefault_ulimits = []\n"
    )
    engine = PrivateEngine(tmp_path / "podman.sock", env={"CONTAINERS_CONF": str(conf)})
    engine.start()
    try:
        yield engine
    finally:
        engine.kill()


async def test_unreviewed_code_runs_under_gvisor_where_the_engine_has_it(
    gvisor_engine: PrivateEngine, runner_image: str, tmp_path: Path
) -> None:
    runner = DockerRunner(
        LocalFileStore(tmp_path / "files"),
        image=runner_image,
        base_url=gvisor_engine.url,
        sandbox_runtime="runsc",
    )
    names = tmp_path / "namn.txt"
    names.write_text("ada\nbo\n")
    spec = dataclasses.replace(make_spec(GVISOR_TOOL, files=[names]), unreviewed=True)
    outcome = await runner.run(spec)
    await runner.remove(spec.run_id)
    assert outcome.platform_error is None, (outcome.platform_error, outcome.stderr)
    value = result_of(outcome)["outputs"][0]["value"]
    assert value["kernel"] != os.uname().release  # gVisor's own kernel, not the host's
    assert value["uid"] == TOOL_UID and value["network"] != "connected", value
    assert list(outcome.artifacts) == ["hej.txt"]
    assert stored_bytes(tmp_path / "files", outcome.artifacts["hej.txt"]) == b"ADA\nBO\n"
