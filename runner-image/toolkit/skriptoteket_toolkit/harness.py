"""The harness: `python3 -m skriptoteket_toolkit.harness`, run by the worker in the container.

It reads request.json, imports the entrypoint from the tool's directory, calls `run(ctx)` and
ALWAYS writes result.json and exits 0, whatever the tool did:
- returned a result (a dict)           -> succeeded
- raised UserError(message)             -> failed, user_error, the message for the user
- raised anything else / sys.exit      -> failed, exception; the traceback in error.detail
                                           (maintainers only) and on stderr
- a syntax error in a tool file         -> failed, syntax_error with file, line, column
- returned None or not a dict, no such
  entrypoint function                   -> failed, contract_violation
Paths default to the container's (/work/...) and can be changed by arguments or environment
(SKRIPTOTEKET_REQUEST, _TOOL_DIR, _INPUT_DIR, _OUTPUT_DIR, _RESULT) for tests and the offline runner.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .context import Context, UserError

CONTRACT = 1
RESULT_KEYS = ("outputs", "actions", "state", "artifacts")
MAX_DETAIL = 64 * 1024
# Deeply nested results (a tree of 1000 levels) must still be encodable; the platform cuts them.
RECURSION_LIMIT = 10_000


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    result_path = Path(args.result)
    try:
        result = run_tool(
            request_path=Path(args.request),
            tool_dir=Path(args.tool_dir),
            input_dir=Path(args.input_dir),
            output_dir=Path(args.output_dir),
        )
    except BaseException as exc:  # the harness itself failed: still leave a result behind
        traceback.print_exc()
        result = failed("platform_error", "Körningen kunde inte starta.", detail=_trace(exc))
    write_result(result, result_path)
    return 0


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python3 -m skriptoteket_toolkit.harness")
    parser.add_argument("--request", default=env("SKRIPTOTEKET_REQUEST", "/work/request.json"))
    parser.add_argument("--tool-dir", default=env("SKRIPTOTEKET_TOOL_DIR", "/work/tool"))
    parser.add_argument("--input-dir", default=env("SKRIPTOTEKET_INPUT_DIR", "/work/input"))
    parser.add_argument("--output-dir", default=env("SKRIPTOTEKET_OUTPUT_DIR", "/work/output"))
    parser.add_argument("--result", default=env("SKRIPTOTEKET_RESULT", "/work/result.json"))
    return parser.parse_args(argv)


def failed(code: str, message: str, **extra: Any) -> dict[str, Any]:
    error = {"code": code, "message": message} | {k: v for k, v in extra.items() if v is not None}
    return {
        "contract": CONTRACT,
        "status": "failed",
        "error": error,
        "outputs": [],
        "actions": [],
        "state": {"mode": "keep"},
        "artifacts": [],
    }


def run_tool(
    request_path: Path, tool_dir: Path, input_dir: Path, output_dir: Path
) -> dict[str, Any]:
    """Run the tool once and describe what happened as a result.json object."""
    request = json.loads(request_path.read_text(encoding="utf-8"))
    run_info = request.get("run") or {}
    entry_file, _, function_name = str(run_info.get("entrypoint") or "main.py:run").rpartition(":")
    ctx = Context.from_request(request, output_dir=output_dir, input_dir=input_dir)

    try:
        function = _load_entrypoint(tool_dir, entry_file, function_name)
    except SyntaxError as exc:
        return _syntax_error(exc, tool_dir)
    except _NoEntrypoint as exc:
        return failed("contract_violation", str(exc))
    except BaseException as exc:  # the module raised while being imported
        return _crashed(exc)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    output_dir.mkdir(parents=True, exist_ok=True)
    previous_cwd = Path.cwd()
    try:
        os.chdir(output_dir)  # a tool writing "rapport.docx" writes an artifact
        returned = function(ctx)
    except UserError as exc:
        return failed("user_error", exc.message or "Verktyget misslyckades.")
    except SyntaxError as exc:  # a module imported late, inside run()
        return _syntax_error(exc, tool_dir)
    except SystemExit as exc:
        return _crashed(
            exc,
            f"Verktyget anropade sys.exit({exc.code!r}) i stället för att returnera ett resultat.",
        )
    except BaseException as exc:
        return _crashed(exc)
    finally:
        os.chdir(previous_cwd)

    if returned is None:
        return failed(
            "contract_violation",
            "run(ctx) returnerade None: returnera ett resultat, t.ex. result(...).",
        )
    if not isinstance(returned, dict):
        return failed(
            "contract_violation",
            f"run(ctx) returnerade {type(returned).__name__}: returnera ett resultat (en dict).",
        )
    ignored = sorted(str(k) for k in returned if k not in RESULT_KEYS)
    if ignored:
        print(f"skriptoteket: ignoring result keys {', '.join(ignored)}", file=sys.stderr)
    succeeded: dict[str, Any] = {"contract": CONTRACT, "status": "succeeded", "error": None}
    for key in RESULT_KEYS:
        if key in returned:
            succeeded[key] = returned[key]
    return _relative_paths(succeeded, output_dir)


class _NoEntrypoint(Exception):
    pass


def _load_entrypoint(tool_dir: Path, entry_file: str, function_name: str) -> Any:
    path = tool_dir / entry_file
    if not path.is_file():
        raise _NoEntrypoint(f"Filen {entry_file} finns inte i verktyget.")
    # Compile first: a syntax error in the entry file is reported with its place.
    compile(path.read_bytes(), str(path), "exec")
    sys.path.insert(0, str(tool_dir))  # the tool's other modules import as usual
    name = entry_file.removesuffix(".py").replace("/", ".")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    function = getattr(module, function_name, None)
    if not callable(function):
        raise _NoEntrypoint(f"{entry_file} har ingen funktion {function_name}(ctx).")
    return function


def _syntax_error(exc: SyntaxError, tool_dir: Path) -> dict[str, Any]:
    file = exc.filename or ""
    try:
        file = str(Path(file).resolve().relative_to(tool_dir.resolve()))
    except ValueError:
        file = Path(file).name
    where = f"{file}, rad {exc.lineno}" if exc.lineno else file
    print("".join(traceback.format_exception_only(type(exc), exc)), file=sys.stderr)
    return failed(
        "syntax_error",
        f"Syntaxfel i {where}: {exc.msg}",
        file=file,
        line=exc.lineno,
        column=exc.offset,
        detail="".join(traceback.format_exception_only(type(exc), exc))[-MAX_DETAIL:],
    )


def _crashed(exc: BaseException, message: str | None = None) -> dict[str, Any]:
    trace = _trace(exc)
    print(trace, file=sys.stderr)
    return failed(
        "exception",
        message
        or "Verktyget stötte på ett oväntat fel. Försök igen eller kontakta verktygets ansvariga.",
        detail=trace,
    )


def _trace(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-MAX_DETAIL:]


def _relative_paths(result: dict[str, Any], output_dir: Path) -> dict[str, Any]:
    """Absolute paths inside the output directory become relative to it."""
    root = output_dir.resolve()

    def relative(path: Any) -> Any:
        if isinstance(path, (str, os.PathLike)) and Path(path).is_absolute():
            try:
                return Path(path).resolve().relative_to(root).as_posix()
            except ValueError:
                return os.fspath(path)
        return os.fspath(path) if isinstance(path, os.PathLike) else path

    for output in result.get("outputs") or []:
        if isinstance(output, dict) and "artifact" in output:
            output["artifact"] = relative(output["artifact"])
    for item in result.get("artifacts") or []:
        if isinstance(item, dict) and "path" in item:
            item["path"] = relative(item["path"])
    return result


def _json_default(value: Any) -> Any:
    """What json cannot encode by itself: dates as ISO text, sets and tuples as lists, the
    rest as its text."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


def _finite(value: Any) -> Any:
    """NaN and infinities are not JSON: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def encode_result(result: dict[str, Any]) -> bytes:
    try:
        text = json.dumps(
            _finite(result), default=_json_default, ensure_ascii=False, allow_nan=False
        )
        return text.encode("utf-8", "backslashreplace")
    except (ValueError, TypeError, RecursionError) as exc:
        trace = _trace(exc)
        print(trace, file=sys.stderr)
        fallback = failed(
            "contract_violation", "Resultatet kunde inte skrivas som JSON.", detail=trace
        )
        return json.dumps(fallback, ensure_ascii=False).encode("utf-8")


def write_result(result: dict[str, Any], path: Path) -> None:
    """Write atomically, so the worker never reads half a result."""
    data = encode_result(result)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


if __name__ == "__main__":
    sys.exit(main())
