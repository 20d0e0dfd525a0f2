"""The virtualenv tools run with in the bubblewrap sandbox: runner-image/requirements.txt and
the toolkit, installed once with uv under <sandbox dir>/venv/<hash>, where the hash covers the
requirements, the toolkit's files and the interpreter. A change of any of them builds a new one
beside the old (workers still using the old one keep it until they restart).

The interpreter is the system's python3 (/usr/bin, which the sandbox mounts anyway) when it is
3.11 or newer, as in the runner image; otherwise the worker's own."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from skriptoteket.domain.errors import Unavailable

RUNNER_IMAGE_DIR = Path(__file__).resolve().parents[4] / "runner-image"
READY = ".skriptoteket-ready"


def _content_hash(python: str) -> str:
    digest = hashlib.sha256()
    requirements = RUNNER_IMAGE_DIR / "requirements.txt"
    digest.update(requirements.read_bytes())
    toolkit = RUNNER_IMAGE_DIR / "toolkit"
    for path in sorted(toolkit.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path):
            digest.update(str(path.relative_to(toolkit)).encode())
            digest.update(path.read_bytes())
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True
    ).stdout
    digest.update(version.encode())
    return digest.hexdigest()[:16]


def base_prefix(venv: Path) -> Path:
    """The interpreter installation the venv's python links to (bound into the sandbox)."""
    for line in (venv / "pyvenv.cfg").read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "home":
            return Path(value.strip()).resolve().parent
    raise Unavailable(f"{venv}/pyvenv.cfg names no base interpreter")


SYSTEM_PYTHON = "/usr/bin/python3"


def default_interpreter() -> str:
    if Path(SYSTEM_PYTHON).exists():
        done = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info >= (3, 11))"],
            check=False,
            capture_output=True,
            text=True,
        )
        if done.stdout.strip() == "True":
            return SYSTEM_PYTHON
    return sys.executable


def ensure_runner_venv(sandbox_dir: Path, python: str | None = None) -> Path:
    """The venv's directory, built first when missing (minutes: it downloads the wheels from
    the package index once). Several workers may call this at once: a lock file serializes
    the build, and a venv counts only once its ready marker is written."""
    python = python or default_interpreter()
    uv = shutil.which("uv")
    if uv is None:
        raise Unavailable(
            "The bubblewrap runner needs uv to build its virtualenv: `pip install uv`."
        )
    root = (sandbox_dir / "venv").resolve()
    venv = root / _content_hash(python)
    if (venv / READY).exists():
        return venv
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / READY).exists():
            return venv
        partial = venv.with_name(venv.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        steps = [
            [uv, "venv", "--quiet", "--python", python, str(partial)],
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--compile-bytecode",
                "--python",
                str(partial / "bin" / "python"),
                "-r",
                str(RUNNER_IMAGE_DIR / "requirements.txt"),
                str(RUNNER_IMAGE_DIR / "toolkit"),
            ],
        ]
        for step in steps:
            done = subprocess.run(step, check=False, capture_output=True, text=True, env=env)
            if done.returncode != 0:
                shutil.rmtree(partial, ignore_errors=True)
                raise Unavailable(
                    "Building the bubblewrap runner's virtualenv failed "
                    f"({' '.join(step[:3])}): {done.stderr.strip()[-500:]}"
                )
        (partial / READY).write_text(python + "\n")
        partial.rename(venv)
        # Everyone may read it: the sandbox's user is not this process's.
        for path in [root, venv]:
            path.chmod(0o755)
    return venv
