"""The committed Python client is what openapi-python-client makes of openapi.json."""

from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

OPENAPI = Path(__file__).resolve().parents[2] / "openapi"


def differences(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b, ignore=["__pycache__"])
    found = [f"only in {a}: {n}" for n in cmp.left_only] + [
        f"only in new: {n}" for n in cmp.right_only
    ]
    found += [f"differs: {a / n}" for n in cmp.diff_files]
    for sub in cmp.common_dirs:
        found += differences(a / sub, b / sub)
    return found


def test_committed_python_client_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "client"
    subprocess.run([str(OPENAPI / "generate-client.sh"), str(fresh)], check=True)
    stale = differences(OPENAPI / "python-client", fresh)
    assert not stale, "openapi/python-client is stale: run `make client`\n" + "\n".join(stale)
