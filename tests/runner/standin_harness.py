"""A stand-in for skriptoteket_toolkit.harness until the toolkit lands in runner-image/toolkit.

Reads /work/request.json, calls /work/tool/main.py:run(request) and writes /work/result.json;
always exits 0 once result.json is written. Delete this file when the real harness is merged.
"""

import importlib.util
import json
import sys
from pathlib import Path


def main() -> None:
    result = {"contract": 1, "status": "succeeded", "error": None, "outputs": [], "actions": []}
    try:
        request = json.loads(Path("/work/request.json").read_bytes())
        sys.path.insert(0, "/work/tool")
        spec = importlib.util.spec_from_file_location("tool_main", "/work/tool/main.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        returned = module.run(request)
        result.update(returned or {})
    except BaseException as exc:  # the harness reports every failure of the tool
        result.update(status="failed", error={"code": "exception", "message": repr(exc)[:500]})
    # Like the real harness: a temporary file, then an atomic rename.
    Path("/work/result.json.tmp").write_text(json.dumps(result))
    Path("/work/result.json.tmp").replace("/work/result.json")
    sys.exit(0)


main()
