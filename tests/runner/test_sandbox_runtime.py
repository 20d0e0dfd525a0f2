"""SKRIPTOTEKET_SANDBOX_RUNTIME: sandbox runs of unreviewed code go to a stricter runtime (gVisor's
`runsc`), and never run under the engine's default one instead. Reviewed code keeps the pool.

On an engine that honours the runtime the unreviewed tool sees gVisor's kernel, not the host's;
on one that ignores it (podman's Docker API before its 2026 fix, as on this project's CI) the
run fails closed with a platform error and the tool never starts."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.pool import PoolConfig

from .conftest import FAST, leftovers, make_spec, result_of

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
