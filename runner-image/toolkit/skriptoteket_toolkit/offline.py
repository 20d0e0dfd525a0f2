"""The offline runner: run a tool on your own machine, with no server and no container.

    python3 -m skriptoteket_toolkit run path/to/tool --inputs inputs.json --file roster=7A.csv

It stages what the worker would (tool/, input/, output/, request.json) in a directory, runs the
same harness as the runner image in a child process, then prints result.json and the paths of
the files the tool wrote. The platform validates inputs strictly; here only defaults are filled.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .manifest import defaults, read_manifest

TOOLKIT_ROOT = Path(__file__).resolve().parent.parent


def run_offline(
    tool_dir: Path,
    *,
    inputs: dict[str, Any] | None = None,
    files: Sequence[tuple[str, Path]] = (),
    settings: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
    action: tuple[str, dict[str, Any]] | None = None,
    work_dir: Path | None = None,
    deadline_s: int = 60,
) -> tuple[dict[str, Any], Path]:
    """Run the tool once; returns (result.json as a dict, the work directory)."""
    manifest = read_manifest(tool_dir)
    work = work_dir or Path(tempfile.mkdtemp(prefix="skriptoteket-run-"))
    for part in ("input", "output"):
        (work / part).mkdir(parents=True, exist_ok=True)
    shutil.copytree(tool_dir, work / "tool", dirs_exist_ok=True)

    staged: list[dict[str, Any]] = []
    for field, source in files:
        data = source.read_bytes()
        name = _unique(work / "input", source.name)
        (work / "input" / name).write_bytes(data)
        staged.append(
            {
                "id": uuid.uuid4().hex,
                "field": field,
                "name": name,
                "path": f"/work/input/{name}",
                "bytes": len(data),
                "media_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    request = {
        "contract": 1,
        "run": {
            "id": uuid.uuid4().hex,
            "mode": "action" if action else "initial",
            "env": "sandbox",
            "tool": tool_dir.resolve().name,
            "version": 0,
            "deadline_s": deadline_s,
            "locale": "sv-SE",
            "entrypoint": manifest.get("entrypoint", "main.py:run"),
        },
        "inputs": defaults(manifest.get("inputs", []), inputs or {}),
        "action": {"id": action[0], "input": action[1]} if action else None,
        "state": state or {},
        "settings": defaults(manifest.get("settings", []), settings or {}),
        "files": staged,
    }
    (work / "request.json").write_text(json.dumps(request, ensure_ascii=False, indent=2), "utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "skriptoteket_toolkit.harness",
            "--request",
            str(work / "request.json"),
            "--tool-dir",
            str(work / "tool"),
            "--input-dir",
            str(work / "input"),
            "--output-dir",
            str(work / "output"),
            "--result",
            str(work / "result.json"),
        ],
        check=False,
        timeout=deadline_s + 5,
        env=_child_env(),
    )
    return json.loads((work / "result.json").read_text("utf-8")), work


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(TOOLKIT_ROOT) + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    return env


def _unique(directory: Path, name: str) -> str:
    """The name, or name (2).ext, ... if taken: staged files keep real, distinct names."""
    candidate, number = name, 1
    stem, dot, suffix = name.rpartition(".")
    while (directory / candidate).exists():
        number += 1
        candidate = f"{stem} ({number}).{suffix}" if dot else f"{name} ({number})"
    return candidate


def read_json_file(path: str | None) -> dict[str, Any]:
    if path is None:
        return {}
    value = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise SystemExit(f"{path}: expected a JSON object")
    return value


def command(args: Any) -> int:
    files: list[tuple[str, Path]] = []
    for spec in args.file or []:
        field, sep, path = spec.partition("=")
        if not sep or not field or not path:
            raise SystemExit(f"--file {spec!r}: write it as field=path")
        files.append((field, Path(path)))
    action = (args.action, read_json_file(args.action_input)) if args.action else None
    result, work = run_offline(
        Path(args.tool),
        inputs=read_json_file(args.inputs),
        files=files,
        settings=read_json_file(args.settings),
        state=read_json_file(args.state),
        action=action,
        work_dir=Path(args.work_dir) if args.work_dir else None,
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))
    artifacts = sorted(p for p in (work / "output").rglob("*") if p.is_file())
    print(f"\nwork directory: {work}", file=sys.stderr)
    for path in artifacts:
        print(f"artifact: {path}", file=sys.stderr)
    return 0 if result.get("status") == "succeeded" else 1
