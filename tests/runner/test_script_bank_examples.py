"""Every example of every script bank tool, run in the real runner image.

The same examples as the offline suite (backend/script_bank/test_examples.py), but each run
goes the production way: the version's source files as the seeder publishes them, a
request.json as the worker writes it, a container per run, artifacts collected from
/work/output. Multi-step examples carry the state from one run to the next.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest

from skriptoteket.contract.normalize import normalize_result
from skriptoteket.infrastructure.script_bank import load_bank
from skriptoteket.protocols.runner import RunLimits, RunSpec, ToolRunner
from skriptoteket_toolkit.manifest import defaults
from tests.script_bank_support import bank_testing

from .conftest import result_of, stored_bytes

bank = bank_testing()
SOURCES = {tool.slug: tool.files for tool in load_bank()}
EXAMPLES = bank.all_examples()
LIMITS = RunLimits(timeout_s=60, memory_mb=512)


def request_json(
    run_id: uuid.UUID,
    example: Any,
    files: list[tuple[str, Path]],
    action: dict[str, Any] | None,
    state: dict[str, Any],
) -> bytes:
    manifest = bank.manifest(example.slug)
    return json.dumps(
        {
            "contract": 1,
            "run": {
                "id": str(run_id),
                "mode": "action" if action else "initial",
                "env": "sandbox",
                "tool": example.slug,
                "version": 1,
                "deadline_s": LIMITS.timeout_s,
                "locale": "sv-SE",
            },
            "inputs": defaults(manifest.get("inputs", []), example.inputs),
            "action": action,
            "state": state,
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
                for field, f in files
            ],
        },
        ensure_ascii=False,
    ).encode()


@pytest.mark.parametrize(("slug", "case"), EXAMPLES, ids=[f"{s}/{c}" for s, c in EXAMPLES])
async def test_example_in_the_runner_image_ends_as_expected(
    runner: ToolRunner, slug: str, case: str, tmp_path: Path, files_dir: Path
) -> None:
    example = bank.Example.load(slug, case)
    files = [(field, p) for field, paths in example.files.items() for p in paths]
    steps: list[dict[str, Any] | None] = [None, *example.actions]
    state: dict[str, Any] = {}
    for number, step in enumerate(steps):
        action = {"id": step["id"], "input": step.get("input", {})} if step else None
        run_id = uuid.uuid4()
        outcome = await runner.run(
            RunSpec(
                run_id=run_id,
                attempt=1,
                source_files=SOURCES[slug],
                request_json=request_json(run_id, example, files, action, state),
                input_files={f.name: f for _, f in files},
                limits=LIMITS,
            )
        )
        await runner.remove(run_id)
        assert outcome.platform_error is None, outcome.platform_error
        assert not (outcome.timed_out or outcome.oom or outcome.output_limit), outcome.stderr[
            -2000:
        ]
        result = result_of(outcome)
        stored = normalize_result(outcome.result_json, artifacts=list(outcome.artifacts))
        assert stored.status == result["status"]
        assert [o["kind"] for o in msgspec.to_builtins(stored.outputs)] == [
            o["kind"] for o in result["outputs"]
        ]
        last = number == len(steps) - 1
        if not last:
            assert result["status"] == "succeeded", result["error"]
            change = result.get("state") or {"mode": "keep"}
            if change["mode"] == "replace":
                state = change["value"]
            continue
        expected = example.expected
        if expected["status"] == "failed":
            assert result["status"] == "failed"
            assert result["error"]["code"] == expected["error_code"], result["error"]
            assert expected["message_contains"] in result["error"]["message"]
            return
        assert result["status"] == "succeeded", result["error"]
        assert result["outputs"], "a successful run shows at least one output"
        assert sorted(outcome.artifacts) == sorted(expected["artifacts"])
        for path, kept in outcome.artifacts.items():
            named = tmp_path / str(number) / path
            named.parent.mkdir(parents=True, exist_ok=True)
            named.write_bytes(stored_bytes(files_dir, kept))
            bank.check_artifact(named)
