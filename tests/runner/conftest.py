"""The runner suite runs tools in real containers.

It needs a Docker Engine API (DOCKER_HOST; `.ci/container-engine.sh` starts podman's) and the
runner image (`make runner-image`). Under CI=true a missing engine or image fails the suite;
elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import docker
import pytest

from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.protocols.runner import InputFile, RunLimits, RunOutcome, RunSpec

REPO = Path(__file__).resolve().parents[2]

# Small limits keep the hostile cases fast; the production defaults are RunLimits().
FAST = RunLimits(
    timeout_s=10,
    memory_mb=256,
    pids=64,
    tmp_mb=16,
    output_mb=32,
    max_artifact_bytes_total=8 * 1024 * 1024,
)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true and the runner suite cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def runner_image() -> str:
    try:
        client = docker.from_env(timeout=5)
        client.ping()
    except Exception as exc:
        _unavailable(
            f"no container engine at DOCKER_HOST={os.environ.get('DOCKER_HOST', '')!r} "
            f"({type(exc).__name__}); run .ci/container-engine.sh and export DOCKER_HOST"
        )
    image = subprocess.run(
        [str(REPO / "runner-image" / "build.sh"), "--print"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        client.images.get(image)
    except docker.errors.ImageNotFound:
        _unavailable(f"the runner image {image} is not built; run `make runner-image`")
    finally:
        client.close()
    return image


@pytest.fixture(scope="session")
def engine() -> docker.DockerClient:
    return docker.from_env(timeout=30)


@pytest.fixture(scope="session")
async def runner(
    runner_image: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DockerRunner]:
    store = LocalFileStore(tmp_path_factory.mktemp("files"))
    yield DockerRunner(store, image=runner_image)


def request_json(
    run_id: uuid.UUID,
    files: list[InputFile] | None = None,
    deadline_s: int = 10,
    inputs: dict[str, Any] | None = None,
    field: str = "file",
) -> bytes:
    return json.dumps(
        {
            "contract": 1,
            "run": {
                "id": str(run_id),
                "mode": "initial",
                "env": "sandbox",
                "tool": "test-tool",
                "version": 1,
                "deadline_s": deadline_s,
                "locale": "sv-SE",
            },
            "inputs": inputs or {},
            "action": None,
            "state": {},
            "settings": {},
            "files": [
                {
                    "id": str(uuid.uuid4()),
                    "field": field,
                    "name": f.name,
                    "path": f"/work/input/{f.name}",
                    "bytes": f.path.stat().st_size,
                    "media_type": "application/octet-stream",
                    "sha256": "",
                }
                for f in files or []
            ],
        }
    ).encode()


def make_spec(
    main_py: str,
    *,
    files: list[InputFile] | None = None,
    limits: RunLimits = FAST,
    extra_sources: dict[str, str] | None = None,
) -> RunSpec:
    run_id = uuid.uuid4()
    sources = {"main.py": main_py, **(extra_sources or {})}
    return RunSpec(
        run_id=run_id,
        attempt=1,
        source_files=sources,
        request_json=request_json(run_id, files, limits.timeout_s),
        input_files=files or [],
        limits=limits,
    )


def result_of(outcome: RunOutcome) -> dict[str, Any]:
    assert outcome.result_json is not None, (
        outcome.result_error,
        outcome.platform_error,
        outcome.stderr[-2000:],
    )
    return json.loads(outcome.result_json)


def leftover_containers(engine: docker.DockerClient, run_id: uuid.UUID) -> list[Any]:
    return engine.containers.list(all=True, filters={"label": f"skriptoteket.run_id={run_id}"})
