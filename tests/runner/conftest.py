"""The runner suite runs tools in both real runners: containers and bubblewrap sandboxes.

The Docker runner needs a Docker Engine API (DOCKER_HOST; `.ci/container-engine.sh` starts
podman's) and the runner image (`make runner-image`); the bubblewrap runner needs bubblewrap and
builds its venv once per machine (uv, under the temporary directory). Under CI=true a missing
engine, image or bubblewrap fails the suite; elsewhere those cases are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import docker
import pytest

from skriptoteket.domain.errors import Unavailable
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.bwrap_runner import BwrapRunner
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner
from skriptoteket.infrastructure.runner.pool import PoolConfig
from skriptoteket.protocols.files import StoredFile
from skriptoteket.protocols.runner import RunLimits, RunOutcome, RunSpec, ToolRunner

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


# Every run id this session made a spec for (other checkouts may share the engine).
SPEC_RUN_IDS: list[uuid.UUID] = []


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


def shared_sandbox_dir() -> Path:
    """The bubblewrap runner's directory in tests: one per machine, so its venv is built once
    (a root worker's sandbox user must be able to walk to it, which pytest's tmp dirs deny)."""
    path = Path(tempfile.gettempdir()) / "skriptoteket-test-sandbox"
    path.mkdir(mode=0o755, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def bwrap_runner_ready() -> Path:
    """The shared sandbox directory, once bubblewrap is known to work here."""
    sandbox = shared_sandbox_dir()
    try:
        BwrapRunner(LocalFileStore(sandbox / "unused"), sandbox_dir=sandbox).check()
    except Unavailable as exc:
        _unavailable(f"the bubblewrap runner cannot run here: {exc.message}")
    return sandbox


@pytest.fixture(scope="session")
def files_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runners' file store (what an app's data dir holds: other runs' files)."""
    return tmp_path_factory.mktemp("files")


# The pool the suite's runners keep: the production preloads, so the tools run in a child of
# an interpreter that imported them (as in production), at the suite's small limits.
POOL = PoolConfig(size=2, preload=("openpyxl", "pandas", "matplotlib.pyplot", "docx"))


@pytest.fixture(scope="session", params=["docker", "bwrap"])
async def runner(request: pytest.FixtureRequest, files_dir: Path) -> AsyncIterator[ToolRunner]:
    """Each case of the suite runs against both runners, on their pooled path (each run
    takes a sandbox that was started before it, see `pooled_run`)."""
    store = LocalFileStore(files_dir)
    made: DockerRunner | BwrapRunner
    if request.param == "docker":
        made = DockerRunner(
            store, image=request.getfixturevalue("runner_image"), pool=POOL, pool_limits=FAST
        )
    else:
        sandbox = request.getfixturevalue("bwrap_runner_ready")
        made = BwrapRunner(store, sandbox_dir=sandbox, pool=POOL, pool_limits=FAST)
    made.start_pool(busy_at=4)
    try:
        yield made
    finally:
        await made.close()


async def pool_ready(runner: ToolRunner) -> None:
    """Until the runner's pool is full, so the next run takes a pooled sandbox."""
    if isinstance(runner, DockerRunner | BwrapRunner):
        await runner.pool.wait_full()


def request_json(
    run_id: uuid.UUID,
    files: list[Path] | None = None,
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
                    "bytes": f.stat().st_size,
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
    files: list[Path] | None = None,
    limits: RunLimits = FAST,
    extra_sources: dict[str, str] | None = None,
) -> RunSpec:
    run_id = uuid.uuid4()
    SPEC_RUN_IDS.append(run_id)
    sources = {"main.py": main_py, **(extra_sources or {})}
    return RunSpec(
        run_id=run_id,
        attempt=1,
        source_files=sources,
        request_json=request_json(run_id, files, limits.timeout_s),
        input_files={f.name: f for f in files or []},
        limits=limits,
    )


def result_of(outcome: RunOutcome) -> dict[str, Any]:
    assert outcome.result_json is not None, (
        outcome.result_error,
        outcome.platform_error,
        outcome.stderr[-2000:],
    )
    return json.loads(outcome.result_json)


def stored_bytes(files: Path, stored: StoredFile) -> bytes:
    """An output file's bytes, as a runner whose local file store is at `files` kept them."""
    return LocalFileStore(files).local_path(stored.key).read_bytes()


def leftovers(runner: ToolRunner, run_id: uuid.UUID) -> list[Any]:
    """What a run left on the host: containers of the engine, or a sandbox's staged files."""
    if isinstance(runner, BwrapRunner):
        return list(runner.stages_dir.glob(f"{run_id}-*"))
    engine = docker.from_env(timeout=30)
    try:
        return engine.containers.list(all=True, filters={"label": f"skriptoteket.run_id={run_id}"})
    finally:
        engine.close()
