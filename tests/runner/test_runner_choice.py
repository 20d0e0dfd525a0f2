"""SKRIPTOTEKET_RUNNER=auto: docker when an engine answers (the runner image built when needed,
here already there), else bubblewrap; a worker with neither refuses to start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from skriptoteket.infrastructure.runner.select import resolve_runner
from skriptoteket.infrastructure.settings import Settings

from .conftest import REPO


def test_auto_with_an_engine_and_a_named_image_is_docker(runner_image: str) -> None:
    settings = Settings(
        runner="auto", runner_image=runner_image, docker_host=os.environ.get("DOCKER_HOST", "")
    )
    chosen = resolve_runner(settings)
    assert (chosen.runner, chosen.runner_image) == ("docker", runner_image)


def test_auto_with_an_engine_uses_the_image_of_the_current_runner_image_dir(
    runner_image: str,
) -> None:
    """No image named: build.sh makes sure the image of runner-image/'s content hash exists."""
    chosen = resolve_runner(Settings(runner="auto", docker_host=os.environ.get("DOCKER_HOST", "")))
    assert (chosen.runner, chosen.runner_image) == ("docker", runner_image)


def test_auto_without_an_engine_is_bubblewrap(bwrap_runner_ready: Path, tmp_path: Path) -> None:
    settings = Settings(
        runner="auto",
        docker_host=f"unix://{tmp_path}/no-engine.sock",
        sandbox_dir=str(bwrap_runner_ready),
    )
    assert resolve_runner(settings).runner == "bwrap"


def test_a_worker_with_no_usable_runner_refuses_to_start(tmp_path: Path) -> None:
    env = {
        "PATH": str(tmp_path),  # neither bwrap nor an engine's socket
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "SKRIPTOTEKET_RUNNER": "auto",
        "SKRIPTOTEKET_DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock",
        "SKRIPTOTEKET_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "skriptoteket", "worker"],
        env=env,
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "apt-get install bubblewrap" in done.stderr
