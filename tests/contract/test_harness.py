"""The harness in a child process, as the runner image runs it: it always writes result.json,
exits 0, and maps each way a tool can end to the right status and error code. The child runs
with `python -S` (no site-packages): the toolkit needs the standard library only."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from skriptoteket.contract.normalize import normalize_result

TOOLKIT = Path(__file__).resolve().parents[2] / "runner-image" / "toolkit"


@dataclass
class Finished:
    exit_code: int
    result: dict[str, Any]
    stderr: str
    output_dir: Path


def run_harness(
    tmp_path: Path, files: dict[str, str], request: dict[str, Any] | None = None
) -> Finished:
    tool = tmp_path / "tool"
    tool.mkdir()
    for name, text in files.items():
        (tool / name).parent.mkdir(parents=True, exist_ok=True)
        (tool / name).write_text(text, encoding="utf-8")
    for part in ("input", "output"):
        (tmp_path / part).mkdir()
    request_path = tmp_path / "request.json"
    request_path.write_text(
        json.dumps(
            request
            or {
                "contract": 1,
                "run": {
                    "id": "r1",
                    "mode": "initial",
                    "env": "sandbox",
                    "tool": "t",
                    "version": 1,
                    "deadline_s": 60,
                    "locale": "sv-SE",
                    "entrypoint": "main.py:run",
                },
                "inputs": {"namn": "Anna"},
                "action": None,
                "state": {},
                "settings": {},
                "files": [],
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-S",
            "-m",
            "skriptoteket_toolkit.harness",
            "--request",
            str(request_path),
            "--tool-dir",
            str(tool),
            "--input-dir",
            str(tmp_path / "input"),
            "--output-dir",
            str(tmp_path / "output"),
            "--result",
            str(tmp_path / "result.json"),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(TOOLKIT), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(5000)  # a result nested 1000 deep is part of the tests
    try:
        result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    finally:
        sys.setrecursionlimit(limit)
    return Finished(done.returncode, result, done.stderr, tmp_path / "output")


def error_of(finished: Finished) -> dict[str, Any]:
    assert finished.exit_code == 0
    assert finished.result["status"] == "failed"
    assert finished.result["state"] == {"mode": "keep"}
    # The platform accepts what the harness wrote, with the same status and code.
    normalized = normalize_result(json.dumps(finished.result).encode())
    assert normalized.error is not None
    assert normalized.error.code == finished.result["error"]["code"]
    error: dict[str, Any] = finished.result["error"]
    return error


def test_a_returned_result_succeeds(tmp_path: Path) -> None:
    finished = run_harness(
        tmp_path,
        {
            "main.py": (
                "from skriptoteket_toolkit import notice, result, file, replace_state\n"
                "def run(ctx):\n"
                "    (ctx.output_dir / 'hej.txt').write_text('hej')\n"
                "    open('relativ.txt', 'w').write('skrivs i output/')\n"
                "    return result(notice('Hej ' + ctx.inputs['namn']), file(ctx.output_dir / 'hej.txt'),\n"
                "                  state=replace_state({'n': 1}))\n"
            )
        },
    )
    assert finished.exit_code == 0
    assert finished.result["status"] == "succeeded"
    assert finished.result["outputs"][0]["message"] == "Hej Anna"
    assert finished.result["outputs"][1]["artifact"] == "hej.txt"  # made relative
    assert (finished.output_dir / "relativ.txt").exists()  # the tool's cwd is output/
    normalized = normalize_result(
        json.dumps(finished.result).encode(), artifacts=["hej.txt", "relativ.txt"]
    )
    assert normalized.status == "succeeded"
    assert len(normalized.outputs) == 2


def test_a_user_error_fails_with_its_message_for_the_user(tmp_path: Path) -> None:
    error = error_of(
        run_harness(
            tmp_path,
            {
                "main.py": (
                    "from skriptoteket_toolkit import UserError\n"
                    "def run(ctx):\n    raise UserError('Filen saknar kolumnen Namn.')\n"
                )
            },
        )
    )
    assert error == {"code": "user_error", "message": "Filen saknar kolumnen Namn."}


def test_an_exception_fails_with_a_generic_message_and_the_traceback_for_maintainers(
    tmp_path: Path,
) -> None:
    finished = run_harness(tmp_path, {"main.py": "def run(ctx):\n    return {'x': 1}['hemligt']\n"})
    error = error_of(finished)
    assert error["code"] == "exception"
    assert "hemligt" not in error["message"]
    assert "KeyError: 'hemligt'" in error["detail"]
    assert 'main.py", line 2' in error["detail"]
    assert "KeyError" in finished.stderr


def test_a_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    error = error_of(
        run_harness(tmp_path, {"main.py": "def run(ctx):\n    return (1 +\n\nx = ]\n"})
    )
    assert error["code"] == "syntax_error"
    assert error["file"] == "main.py"
    assert isinstance(error["line"], int) and error["line"] >= 2
    assert isinstance(error["column"], int)
    assert "main.py" in error["message"]


def test_a_syntax_error_in_an_imported_module_names_that_module(tmp_path: Path) -> None:
    error = error_of(
        run_harness(
            tmp_path,
            {
                "main.py": "from lib.helpers import greet\ndef run(ctx):\n    return greet()\n",
                "lib/__init__.py": "",
                "lib/helpers.py": "def greet(:\n    pass\n",
            },
        )
    )
    assert error["code"] == "syntax_error"
    assert error["file"] == "lib/helpers.py"
    assert error["line"] == 1


@pytest.mark.parametrize(
    ("source", "code", "fragment"),
    [
        ("def run(ctx):\n    pass\n", "contract_violation", "None"),
        ("def run(ctx):\n    return ['a list']\n", "contract_violation", "list"),
        ("def run(ctx):\n    return 'text'\n", "contract_violation", "str"),
        ("import sys\ndef run(ctx):\n    sys.exit(3)\n", "exception", "sys.exit(3)"),
        ("import sys\ndef run(ctx):\n    sys.exit()\n", "exception", "sys.exit(None)"),
        ("def main(ctx):\n    return {}\n", "contract_violation", "run(ctx)"),
        ("raise RuntimeError('at import')\n", "exception", "oväntat fel"),
        ("import sys\nsys.exit(0)\n", "exception", "oväntat fel"),
        ("import no_such_module_here\n", "exception", "oväntat fel"),
        ("def run(ctx):\n    raise KeyboardInterrupt\n", "exception", "oväntat fel"),
    ],
)
def test_each_way_of_not_returning_a_result_has_its_code(
    tmp_path: Path, source: str, code: str, fragment: str
) -> None:
    error = error_of(run_harness(tmp_path, {"main.py": source}))
    assert error["code"] == code
    assert fragment in error["message"]


def test_a_missing_entry_file_is_a_contract_violation(tmp_path: Path) -> None:
    error = error_of(run_harness(tmp_path, {"other.py": ""}))
    assert error["code"] == "contract_violation"
    assert "main.py" in error["message"]


def test_an_unreadable_request_still_leaves_a_platform_error(tmp_path: Path) -> None:
    tool = {"main.py": "def run(ctx):\n    return {}\n"}
    finished = run_harness(tmp_path, tool, request={"run": "not an object"})
    assert finished.exit_code == 0
    assert finished.result["error"]["code"] == "platform_error"


def test_values_json_cannot_hold_are_made_safe_and_deep_nesting_survives(tmp_path: Path) -> None:
    finished = run_harness(
        tmp_path,
        {
            "main.py": (
                "import datetime, pathlib\n"
                "from skriptoteket_toolkit import json_view, result, table\n"
                "def run(ctx):\n"
                "    deep = []\n"
                "    for _ in range(1000):\n"
                "        deep = [deep]\n"
                "    return result(\n"
                "        json_view({'nan': float('nan'), 'inf': float('inf'), 'day': datetime.date(2026, 11, 27),\n"
                "                   'path': pathlib.Path('/x'), 'set': {1}, 'lone': '\\ud800'}),\n"
                "        json_view(deep),\n"
                "        table([{'n': float('nan')}]),\n"
                "    )\n"
            )
        },
    )
    assert finished.result["status"] == "succeeded"
    value = finished.result["outputs"][0]["value"]
    assert value["nan"] is None and value["inf"] is None
    assert value["day"] == "2026-11-27" and value["path"] == "/x" and value["set"] == [1]
    normalized = normalize_result((tmp_path / "result.json").read_bytes())
    assert normalized.status == "succeeded"
    notices = [o for o in normalized.outputs if getattr(o, "system", False)]
    assert len(notices) == 1  # the depth cut of the deep value
