"""Offline test support for the script bank: run a tool's examples as the runner would, no Docker.

An example is a folder `backend/script_bank/<slug>/examples/<case>/` with
- `inputs.json`: the first run's inputs; a file field's value names files in the folder;
- optional `actions.json`: `[{"id": ..., "input": {...}}, ...]` run in order after the first run;
- `expected.json`: how the last run ends: `{"status": "succeeded", "artifacts": [...]}` or
  `{"status": "failed", "error_code": "user_error", "message_contains": "..."}`;
- the input files.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec

from skriptoteket.contract import Field, RunResult
from skriptoteket.contract.normalize import normalize_result
from skriptoteket.contract.submission import validate_submission

BANK = Path(__file__).parent
SLUGS = sorted(p.parent.name for p in BANK.glob("*/tool.toml"))


def load_tool(slug: str) -> ModuleType:
    """Import backend/script_bank/<slug>/main.py under a unique module name."""
    name = f"script_bank_{slug.replace('-', '_')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BANK / slug / "main.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def manifest(slug: str) -> dict[str, Any]:
    return tomllib.loads((BANK / slug / "tool.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Example:
    slug: str
    case: str
    folder: Path
    inputs: dict[str, Any]
    files: dict[str, list[Path]]
    actions: list[dict[str, Any]]
    expected: dict[str, Any]

    @classmethod
    def load(cls, slug: str, case: str) -> Example:
        folder = BANK / slug / "examples" / case
        raw = json.loads((folder / "inputs.json").read_text(encoding="utf-8"))
        file_fields = {f["name"] for f in manifest(slug).get("inputs", []) if f["kind"] == "file"}
        files = {
            name: [folder / n for n in ([value] if isinstance(value, str) else value)]
            for name, value in raw.items()
            if name in file_fields
        }
        actions_file = folder / "actions.json"
        return cls(
            slug=slug,
            case=case,
            folder=folder,
            inputs={k: v for k, v in raw.items() if k not in file_fields},
            files=files,
            actions=json.loads(actions_file.read_text(encoding="utf-8"))
            if actions_file.exists()
            else [],
            expected=json.loads((folder / "expected.json").read_text(encoding="utf-8")),
        )


def all_examples() -> list[tuple[str, str]]:
    return [
        (slug, case.name)
        for slug in SLUGS
        for case in sorted((BANK / slug / "examples").iterdir())
        if case.is_dir()
    ]


@dataclass
class Step:
    result: dict[str, Any]
    output_dir: Path
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return str(self.result["status"])

    @property
    def error(self) -> dict[str, Any]:
        return dict(self.result.get("error") or {})

    def outputs(self, kind: str | None = None) -> list[dict[str, Any]]:
        return [o for o in self.result.get("outputs", []) if kind is None or o["kind"] == kind]

    def action_ids(self) -> list[str]:
        return [a["id"] for a in self.result.get("actions", [])]

    def artifacts(self) -> list[str]:
        return sorted(
            str(p.relative_to(self.output_dir)) for p in self.output_dir.rglob("*") if p.is_file()
        )


def run_tool(
    slug: str,
    workdir: Path,
    inputs: dict[str, Any] | None = None,
    files: dict[str, list[Path]] | None = None,
    action: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
) -> Step:
    """One run of a tool with the toolkit's offline runner (the runner image's harness in a
    child process); the result is checked against the contract and its normalizer."""
    from skriptoteket_toolkit.offline import run_offline

    result, work = run_offline(
        BANK / slug,
        inputs=inputs or {},
        files=[(name, path) for name, paths in (files or {}).items() for path in paths],
        settings=settings or {},
        state=state or {},
        action=(action["id"], action.get("input", {})) if action else None,
        work_dir=workdir,
    )
    output_dir = work / "output"
    msgspec.convert(result, RunResult)  # a well-formed envelope with valid outputs
    # What the platform would store: no output may be dropped, replaced or truncated.
    artifacts = [str(p.relative_to(output_dir)) for p in output_dir.rglob("*") if p.is_file()]
    normalized = normalize_result(result, artifacts=artifacts)
    assert normalized.status == result["status"], normalized.error
    stored = msgspec.to_builtins(normalized.outputs)
    assert [o["kind"] for o in stored] == [o["kind"] for o in result["outputs"]], stored
    new_state = dict(state or {})
    change = result.get("state") or {"mode": "keep"}
    if result["status"] == "succeeded":
        if change["mode"] == "replace":
            new_state = change["value"]
        elif change["mode"] == "clear":
            new_state = {}
    return Step(result=result, output_dir=output_dir, state=new_state)


def run_example(example: Example, workdir: Path) -> list[Step]:
    """The first run and every action of an example; stops at the first failure."""
    steps = [run_tool(example.slug, workdir / "0", example.inputs, example.files)]
    for number, action in enumerate(example.actions, start=1):
        if steps[-1].status != "succeeded":
            break
        assert action["id"] in steps[-1].action_ids(), (action["id"], steps[-1].action_ids())
        offered = next(a for a in steps[-1].result["actions"] if a["id"] == action["id"])
        # The action's input must pass the server's validator against the form the tool offered.
        validate_submission(
            msgspec.convert(offered["fields"], list[Field]), action.get("input", {})
        )
        steps.append(
            run_tool(
                example.slug,
                workdir / str(number),
                example.inputs,
                example.files,
                action={"id": action["id"], "input": action.get("input", {})},
                state=steps[-1].state,
            )
        )
    return steps


def check_artifact(path: Path) -> None:
    """Open an artifact with the library its kind needs; raise if it does not parse."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data))
        assert workbook.worksheets and workbook.worksheets[0].max_row >= 1
    elif suffix == ".docx":
        from docx import Document

        Document(io.BytesIO(data))
    elif suffix == ".pdf":
        from pypdf import PdfReader

        assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    elif suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif suffix == ".csv":
        assert data.decode("utf-8-sig").strip()
    elif suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            assert bundle.testzip() is None
            for name in bundle.namelist():
                inner = path.parent / f"_unzipped_{Path(name).name}"
                inner.write_bytes(bundle.read(name))
                try:
                    check_artifact(inner)
                finally:
                    inner.unlink()
    else:
        raise AssertionError(f"no check for {suffix} artifacts")
