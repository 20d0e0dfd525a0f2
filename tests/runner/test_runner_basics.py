"""The happy paths: a tool runs in its container and its outputs and artifacts come back."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import uuid
from pathlib import Path

from skriptoteket.protocols.runner import RunSpec, ToolRunner

from .conftest import FAST, REPO, leftovers, make_spec, request_json, result_of, stored_bytes

HELLO = """
def run(ctx):
    print("hello on stdout")
    with open("/work/output/hello.txt", "w") as out:
        out.write("Hej världen\\n")
    return {"outputs": [{"kind": "notice", "level": "success", "message": "Hej!"}],
            "artifacts": [{"path": "hello.txt", "label": "Hälsning"}]}
"""


async def test_hello_tool_succeeds_with_its_outputs_and_artifact(
    runner: ToolRunner, files_dir: Path
) -> None:
    spec = make_spec(HELLO)
    outcome = await runner.run(spec)

    assert outcome.platform_error is None
    assert outcome.exit_code == 0
    assert not (outcome.timed_out or outcome.oom or outcome.killed or outcome.output_limit)
    result = result_of(outcome)
    assert result["status"] == "succeeded"
    assert result["outputs"] == [{"kind": "notice", "level": "success", "message": "Hej!"}]
    assert "hello on stdout" in outcome.stdout
    assert list(outcome.artifacts) == ["hello.txt"]
    artifact = outcome.artifacts["hello.txt"]
    assert stored_bytes(files_dir, artifact).decode() == "Hej världen\n"
    assert artifact.sha256 == hashlib.sha256("Hej världen\n".encode()).hexdigest()
    assert set(outcome.timings_ms) >= {"create", "stage", "start", "tool", "collect"}
    await runner.remove(spec.run_id)
    assert leftovers(runner, spec.run_id) == []


CSV_TO_XLSX = """
import csv, hashlib, json
from openpyxl import Workbook

def run(ctx):
    [f] = json.load(open("/work/request.json"))["files"]
    with open(f["path"], newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save("/work/output/klass.xlsx")
    digest = hashlib.sha256(open("/work/output/klass.xlsx", "rb").read()).hexdigest()
    return {"outputs": [{"kind": "json", "value": {"sha256": digest, "rows": len(rows)}}]}
"""


async def test_a_csv_upload_becomes_a_byte_identical_xlsx_artifact(
    runner: ToolRunner, tmp_path: Path, files_dir: Path
) -> None:
    upload = tmp_path / "klass 7B.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["namn", "poäng"])
    for i in range(200):
        writer.writerow([f"Elev {i}", i % 37])
    upload.write_text(buffer.getvalue(), encoding="utf-8")

    outcome = await runner.run(make_spec(CSV_TO_XLSX, files=[upload]))

    result = result_of(outcome)
    assert result["status"] == "succeeded", result
    reported = result["outputs"][0]["value"]
    assert reported["rows"] == 201
    assert list(outcome.artifacts) == ["klass.xlsx"]
    artifact = outcome.artifacts["klass.xlsx"]
    assert artifact.sha256 == reported["sha256"]
    assert hashlib.sha256(stored_bytes(files_dir, artifact)).hexdigest() == reported["sha256"]


async def test_runs_at_the_same_time_keep_their_files_apart(
    runner: ToolRunner, files_dir: Path
) -> None:
    tool = (
        "import json\n"
        "def run(ctx):\n"
        "    run_id = json.load(open('/work/request.json'))['run']['id']\n"
        "    open('/work/output/id.txt', 'w').write(run_id)\n"
        "    return {}\n"
    )
    specs = [make_spec(tool) for _ in range(4)]
    outcomes = await asyncio.gather(*(runner.run(spec) for spec in specs))
    for spec, outcome in zip(specs, outcomes, strict=True):
        assert stored_bytes(files_dir, outcome.artifacts["id.txt"]).decode() == str(spec.run_id)


async def test_the_toolkits_hello_example_runs_in_the_image(
    runner: ToolRunner, files_dir: Path
) -> None:
    example = REPO / "runner-image" / "toolkit" / "examples" / "hello"
    upload = example / "7A.csv"
    run_id = uuid.uuid4()
    spec = RunSpec(
        run_id=run_id,
        attempt=1,
        source_files={"main.py": (example / "main.py").read_text(encoding="utf-8")},
        request_json=request_json(
            run_id, [upload], inputs={"halsning": "God morgon"}, field="klasslista"
        ),
        input_files={upload.name: upload},
        limits=FAST,
    )
    outcome = await runner.run(spec)

    result = result_of(outcome)
    assert result["status"] == "succeeded", (result, outcome.stderr)
    assert [output["kind"] for output in result["outputs"]][:2] == ["notice", "table"]
    assert result["state"]["mode"] == "replace"
    assert [action["id"] for action in result["actions"]] == ["dela_grupper"]
    assert list(outcome.artifacts) == ["halsningar.txt"]
    greetings = stored_bytes(files_dir, outcome.artifacts["halsningar.txt"]).decode()
    assert greetings.startswith("God morgon ")
