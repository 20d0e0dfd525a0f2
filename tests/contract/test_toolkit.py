"""The authors' toolkit: its shapes are the platform's, and a tool runs offline."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
import pytest

import skriptoteket_toolkit as kit
from skriptoteket.contract import (
    Action,
    ActionCall,
    Artifact,
    Field,
    Issue,
    Output,
    RequestFile,
    RunInfo,
    RunRequest,
    StateChange,
    check_form,
    validate_manifest,
    validate_sources,
)
from skriptoteket.contract.normalize import normalize_result
from skriptoteket.contract.submission import validate_submission
from skriptoteket_toolkit.context import Context


class File(NamedTuple):
    """An uploaded file as the validator reads it."""

    name: str
    bytes: int


TOOLKIT = Path(__file__).resolve().parents[2] / "runner-image" / "toolkit"
HELLO = TOOLKIT / "examples" / "hello"

OUTPUTS = [
    kit.notice("Klart!", level="success"),
    kit.markdown("# Rubrik"),
    kit.table([{"namn": "Anna", "poang": 3}], title="Resultat"),
    kit.table([{"a": 1}], columns=[("a", "A"), {"key": "b", "label": "B", "type": "integer"}, "c"]),
    kit.json_view({"a": [1, 2]}, title="Data"),
    kit.json_view(None),
    kit.html("<p>hej</p>", height=300),
    kit.file("rapport.docx", label="Rapport"),
    kit.image(Path("plots/diagram.png"), alt="Ett diagram"),
]
FIELDS = [
    kit.string_field("namn", "Namn", required=True, max_length=80, placeholder="Anna"),
    kit.text_field("text", "Text", help="Klistra in"),
    kit.integer_field("antal", "Antal", default=3, min=1, max=30),
    kit.number_field("vikt", "Vikt", min=0.5),
    kit.boolean_field("blanda", "Blanda", default=True),
    kit.enum_field("niva", "Nivå", ["lätt", kit.option("svar", "Svår")], default="lätt"),
    kit.multi_enum_field("val", "Val", ["a", "b"], min_items=1, max_items=2),
    kit.date_field("datum", "Datum", min=date(2026, 1, 1), default="2026-06-01"),
    kit.file_field("lista", "Lista", accept=[".csv"], max_files=1, max_bytes=1000),
]


@pytest.mark.parametrize("shape", OUTPUTS, ids=lambda o: o["kind"])
def test_every_output_builder_makes_a_platform_output(shape: dict[str, Any]) -> None:
    output: Any = msgspec.convert(shape, Output)  # type: ignore[arg-type]
    assert msgspec.to_builtins(output)["kind"] == shape["kind"]


def test_every_field_builder_makes_a_valid_platform_form() -> None:
    issues: list[Issue] = []
    fields: list[Field] = check_form(FIELDS, "$", issues)
    assert issues == []
    assert [f.name for f in fields] == [f["name"] for f in FIELDS]
    assert [msgspec.to_builtins(f) for f in fields] == FIELDS  # nothing lost, nothing added


def test_actions_state_and_artifacts_are_platform_shapes() -> None:
    action = kit.action("dela.om", "Dela om", fields=FIELDS[:3], primary=True, confirm="Säker?")
    assert msgspec.convert(action, Action).primary
    for state in (kit.keep_state(), kit.replace_state({"n": 1}), kit.clear_state()):
        msgspec.convert(state, StateChange)  # type: ignore[arg-type]
    assert msgspec.convert(kit.artifact("a.pdf", "A", promote=True), Artifact).promote


def test_a_full_toolkit_result_normalizes_without_a_single_notice() -> None:
    shaped = kit.result(
        *OUTPUTS,
        actions=[kit.action("steg2", "Nästa steg", fields=FIELDS)],
        state=kit.replace_state({"steg": 1}),
        artifacts=[kit.artifact("rapport.docx", "Rapport")],
    )
    envelope = {"contract": 1, "status": "succeeded", "error": None, **shaped}
    result = normalize_result(json.dumps(envelope).encode())
    assert result.status == "succeeded"
    assert msgspec.to_builtins(result.outputs) == OUTPUTS
    assert [a.id for a in result.actions] == ["steg2"]


def test_ctx_reads_the_request_and_lists_files_per_field(tmp_path: Path) -> None:
    request = {
        "run": {"locale": "sv-SE"},
        "inputs": {"namn": "Anna"},
        "action": {"id": "steg2", "input": {"antal": 2}},
        "state": {"n": 1},
        "settings": {"signatur": "/A"},
        "files": [
            {
                "id": "1",
                "field": "lista",
                "name": "7A.csv",
                "path": "/work/input/7A.csv",
                "bytes": 3,
                "media_type": "text/csv",
                "sha256": "x",
            },
            {"id": "2", "field": "bild", "name": "a.png", "path": "/work/input/a.png", "bytes": 1},
        ],
    }
    (tmp_path / "7A.csv").write_text("\ufeffNamn\n", encoding="utf-8")
    ctx = Context.from_request(request, output_dir=tmp_path / "out", input_dir=tmp_path)
    assert ctx.inputs == {"namn": "Anna"} and ctx.settings == {"signatur": "/A"}
    assert ctx.action is not None and ctx.action.input == {"antal": 2}
    assert [f.name for f in ctx.files()] == ["7A.csv", "a.png"]
    (roster,) = ctx.files("lista")
    assert roster.path == tmp_path / "7A.csv"
    assert roster.read_text() == "Namn\n"  # the BOM Excel writes is gone


def test_the_example_manifest_and_sources_are_valid_for_the_platform() -> None:
    manifest = validate_manifest(tomllib.loads((HELLO / "tool.toml").read_text(encoding="utf-8")))
    sources = {p.name: p.read_text(encoding="utf-8") for p in HELLO.glob("*.py")}
    validate_sources(manifest, sources)
    values = validate_submission(
        manifest.inputs, {"halsning": "Tjena"}, {"klasslista": [File("7A.csv", 80)]}
    )
    assert values == {"halsning": "Tjena", "blanda": False}


def run_offline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-S", "-m", "skriptoteket_toolkit", "run", str(HELLO), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(TOOLKIT), "PATH": "/usr/bin:/bin"},
        cwd=cwd,
    )


def test_the_example_tool_runs_offline_and_prints_its_result(tmp_path: Path) -> None:
    done = run_offline(
        "--inputs",
        str(HELLO / "inputs.json"),
        "--file",
        f"klasslista={HELLO / '7A.csv'}",
        "--work-dir",
        str(tmp_path / "work"),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "succeeded"
    assert result["outputs"][0]["message"] == "Hälsade på 5 elever."
    assert result["outputs"][1]["rows"][0]["halsning"] == "God morgon Anna Berg!"
    artifact = tmp_path / "work" / "output" / "halsningar.txt"
    assert f"artifact: {artifact}" in done.stderr
    assert artifact.read_text(encoding="utf-8").startswith("God morgon Anna Berg!")
    normalized = normalize_result(done.stdout.encode(), artifacts=["halsningar.txt"])
    assert not any(getattr(o, "system", False) for o in normalized.outputs)

    # The next step of the session: the action, with the state the first run left.
    (tmp_path / "state.json").write_text(json.dumps(result["state"]["value"]), encoding="utf-8")
    (tmp_path / "action.json").write_text('{"storlek": 2}', encoding="utf-8")
    step = run_offline(
        "--state",
        str(tmp_path / "state.json"),
        "--action",
        "dela_grupper",
        "--action-input",
        str(tmp_path / "action.json"),
        cwd=tmp_path,
    )
    assert step.returncode == 0, step.stderr
    groups = json.loads(step.stdout)["outputs"][1]["rows"]
    assert [g["elever"] for g in groups] == [
        "Anna Berg, Bo Ek",
        "Cecilia Holm, David Lind",
        "Ebba Sjö",
    ]


def test_a_user_error_offline_exits_1_with_the_message(tmp_path: Path) -> None:
    roster = tmp_path / "fel.csv"
    roster.write_text("Förnamn\nAnna\n", encoding="utf-8")
    done = run_offline("--file", f"klasslista={roster}", cwd=tmp_path)
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"] == {
        "code": "user_error",
        "message": "Klasslistan saknar kolumnen Namn.",
    }


def test_the_platforms_request_is_what_ctx_reads(tmp_path: Path) -> None:
    request = RunRequest(
        run=RunInfo(
            id="r1",
            mode="action",
            env="production",
            tool="hej",
            version=2,
            deadline_s=60,
            entrypoint="app.py:main",
        ),
        inputs={"halsning": "Hej", "antal": 3},
        action=ActionCall(id="dela_om", input={"storlek": 2}),
        state={"elever": ["Anna"]},
        settings={"signatur": "/A"},
        files=[
            RequestFile(
                id="f1",
                field="klasslista",
                name="7A.csv",
                path="/work/input/7A.csv",
                bytes=10,
                media_type="text/csv",
                sha256="0" * 64,
            )
        ],
    )
    decoded = json.loads(msgspec.json.encode(request))
    assert decoded["action"] is not None and decoded["run"]["entrypoint"] == "app.py:main"
    ctx = Context.from_request(decoded, output_dir=tmp_path, input_dir=tmp_path)
    assert ctx.inputs == {"halsning": "Hej", "antal": 3}
    assert ctx.action is not None and (ctx.action.id, ctx.action.input) == (
        "dela_om",
        {"storlek": 2},
    )
    assert ctx.state == {"elever": ["Anna"]} and ctx.settings == {"signatur": "/A"}
    assert ctx.files("klasslista")[0].path == tmp_path / "7A.csv"
    assert ctx.run["mode"] == "action"
