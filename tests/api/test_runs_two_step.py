"""End to end, with the real worker and the real Docker runner: a two-step tool through the
API (docs/tool-contract.md "Turn protocol"), artifacts, promoted files, settings, and who sees what."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from tests.builders import TestSession
from tests.catalog_builders import act_as

from .conftest import publish_tool, wait_for_run

pytestmark = pytest.mark.usefixtures("docker_worker")

NEXT_ACTION = {
    "id": "next",
    "label": "Nästa steg",
    "fields": [{"name": "n", "kind": "integer", "label": "Antal", "required": True, "min": 1}],
}

TOOL = f"""
from skriptoteket_toolkit import UserError

NEXT = {NEXT_ACTION!r}
NEXT["fields"][0]["required"] = True


def run(ctx):
    if ctx.action is None:
        lines = ctx.files("lista")[0].read_text().splitlines()[1:]
        names = [line.strip() for line in lines if line.strip()]
        (ctx.output_dir / "namn.txt").write_text("\\n".join(names) + "\\n", encoding="utf-8")
        signature = ctx.settings.get("signatur", "")
        return {{
            "outputs": [{{"kind": "notice", "level": "info",
                         "message": f"{{len(names)}} namn {{signature}}".strip()}}],
            "actions": [NEXT],
            "state": {{"mode": "replace", "value": {{"names": names, "steps": 1}}}},
            "artifacts": [{{"path": "namn.txt", "label": "Namn", "promote": True}}],
        }}
    n = ctx.action.input["n"]
    if n == 5:
        print("five is refused")
        raise UserError("Fem går inte.")
    steps = ctx.state["steps"] + 1
    files = sorted(f.name for f in ctx.files())
    return {{
        "outputs": [{{"kind": "json", "value": {{"steps": steps, "n": n, "files": files,
                                                "names": ctx.state["names"]}}}}],
        "actions": [NEXT],
        "state": {{"mode": "replace", "value": {{"names": ctx.state["names"], "steps": steps}}}},
    }}
"""

MANIFEST = {
    "contract": 1,
    "entrypoint": "main.py:run",
    "usage": "Två steg.",
    "inputs": [
        {"name": "lista", "kind": "file", "label": "Lista", "required": True, "accept": [".csv"]}
    ],
    "settings": [{"name": "signatur", "kind": "string", "label": "Signatur", "max_length": 40}],
    "limits": {"timeout_s": 30},
}
CSV = "Namn\nAda\nBo\nCia\n"


@pytest.fixture
def tool(runs_client: TestClient, as_role: Callable[..., TestSession]) -> TestSession:  # type: ignore[type-arg]
    """The two-step tool, published; returns its maintainer."""
    maintainer = as_role("contributor")
    admin = as_role("admin")
    publish_tool(runs_client, maintainer, admin, "tva-steg", MANIFEST, {"main.py": TOOL})
    return maintainer


def start(client: TestClient, csv: str = CSV) -> dict[str, Any]:  # type: ignore[type-arg]
    response = client.post(
        "/api/v1/tools/tva-steg/runs",
        files={"lista": ("klass 7A.csv", csv.encode(), "text/csv")},
        data={"inputs": "{}"},
    )
    assert response.status_code == 202, response.text
    started: dict[str, Any] = response.json()
    return started


def act(client: TestClient, session_id: str, **body: Any) -> Any:  # type: ignore[type-arg]
    return client.post(f"/api/v1/sessions/{session_id}/actions", json=body)


def session_of(client: TestClient, session_id: str) -> dict[str, Any]:  # type: ignore[type-arg]
    response = client.get(f"/api/v1/sessions/{session_id}")
    assert response.status_code == 200, response.text
    session: dict[str, Any] = response.json()
    return session


def test_a_two_step_tool_follows_the_turn_protocol(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    tool: TestSession,
) -> None:
    client = runs_client
    as_role("user")
    started = start(client)
    session_id = started["session_id"]
    # The worker may have claimed it by the time the answer is read back.
    assert started["run"]["status"] in ("queued", "running")
    assert started["run"]["mode"] == "initial"

    first = wait_for_run(client, started["run"]["id"])
    assert first["status"] == "succeeded", first
    assert first["outputs"][0]["message"] == "3 namn"
    assert [a["id"] for a in first["actions"]] == ["next"]
    assert first["logs"] is None  # a plain user sees no logs
    session = session_of(client, session_id)
    assert session["state_rev"] == 1
    assert [a["id"] for a in session["pending_actions"]] == ["next"]
    assert session["last_run_id"] == first["id"]
    # The uploaded file and the promoted artifact are the session's files.
    assert sorted(f["name"] for f in session["files"]) == ["klass 7A.csv", "namn.txt"]

    stale = act(client, session_id, action_id="next", input={"n": 2}, expected_state_rev=0)
    assert stale.status_code == 409 and stale.json()["code"] == "state_conflict"

    unknown = act(client, session_id, action_id="later", input={}, expected_state_rev=1)
    assert unknown.status_code == 409 and unknown.json()["code"] == "stale_action"

    invalid = act(client, session_id, action_id="next", input={"n": "två"}, expected_state_rev=1)
    assert invalid.status_code == 422
    assert [(e["field"], e["code"]) for e in invalid.json()["errors"]] == [("n", "invalid_type")]

    failing = act(client, session_id, action_id="next", input={"n": 5}, expected_state_rev=1)
    assert failing.status_code == 202, failing.text
    failed = wait_for_run(client, failing.json()["run"]["id"])
    assert failed["status"] == "failed", json.dumps(failed)
    assert failed["error"] == {
        "code": "user_error",
        "message": "Fem går inte.",
        "detail": None,
        "file": None,
        "line": None,
        "column": None,
    }
    after_failure = session_of(client, session_id)
    assert after_failure["state_rev"] == 1
    assert after_failure["pending_actions"] == session["pending_actions"]
    assert after_failure["last_run_id"] == first["id"]

    good = act(client, session_id, action_id="next", input={"n": "2"}, expected_state_rev=1)
    assert good.status_code == 202, good.text
    assert good.json()["run"]["mode"] == "action"
    second = wait_for_run(client, good.json()["run"]["id"])
    assert second["status"] == "succeeded", second
    # The tool read the state the first run left and the promoted file.
    assert second["outputs"][0]["value"] == {
        "steps": 2,
        "n": 2,
        "files": ["klass 7A.csv", "namn.txt"],
        "names": ["Ada", "Bo", "Cia"],
    }
    assert session_of(client, session_id)["state_rev"] == 2

    # The maintainer sees the logs of a run of their tool; the owner does not.
    act_as(client, tool)
    seen = client.get(f"/api/v1/runs/{failed['id']}").json()
    assert seen["logs"]["stdout"].strip() == "five is refused"
    # ... but not the user's session.
    assert client.get(f"/api/v1/sessions/{session_id}").status_code == 404


def test_artifacts_download_with_their_bytes_and_name_and_only_for_those_who_may(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    tool: TestSession,
    db: str,
) -> None:
    client = runs_client
    owner = as_role("user")
    started = start(client, "Namn\nÅsa\nÖrjan\n")
    run = wait_for_run(client, started["run"]["id"])
    assert run["status"] == "succeeded", run
    [artifact] = run["artifacts"]
    assert (artifact["name"], artifact["label"], artifact["media_type"]) == (
        "namn.txt",
        "Namn",
        "text/plain",
    )
    response = client.get(artifact["download_url"])
    assert response.status_code == 200
    assert response.content == "Åsa\nÖrjan\n".encode()
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"namn.txt\"; filename*=UTF-8''namn.txt"
    )

    as_role("user")  # someone else
    assert client.get(artifact["download_url"]).status_code == 404
    assert client.get(f"/api/v1/runs/{run['id']}").status_code == 404
    assert client.get(f"/api/v1/sessions/{started['session_id']}").status_code == 404
    assert client.get("/api/v1/runs").json()["total"] == 0

    # An admin may read it, and that is audited.
    admin = as_role("admin")
    assert client.get(artifact["download_url"]).content == "Åsa\nÖrjan\n".encode()
    assert client.get(f"/api/v1/runs/{run['id']}").status_code == 200
    with psycopg.connect(db) as conn:
        actions = [
            r[0]
            for r in conn.execute(
                "SELECT action FROM audit_events WHERE actor_id = %s ORDER BY at", (admin.user.id,)
            )
        ]
    assert actions == ["run.artifact_read", "run.read"]

    act_as(client, owner)
    mine = client.get("/api/v1/runs", params={"tool": "tva-steg", "status": "succeeded"}).json()
    assert [r["id"] for r in mine["items"]] == [run["id"]]


def test_settings_are_validated_saved_and_passed_to_every_run(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    tool: TestSession,
) -> None:
    client = runs_client
    as_role("user")
    assert client.get("/api/v1/tools/tva-steg/settings").json() == {"values": {}}
    too_long = client.put(
        "/api/v1/tools/tva-steg/settings", json={"values": {"signatur": "x" * 41}}
    )
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "signatur"
    unknown = client.put("/api/v1/tools/tva-steg/settings", json={"values": {"farg": "röd"}})
    assert unknown.status_code == 422
    saved = client.put("/api/v1/tools/tva-steg/settings", json={"values": {"signatur": " /Anna "}})
    assert saved.status_code == 200 and saved.json() == {"values": {"signatur": "/Anna"}}
    assert client.get("/api/v1/tools/tva-steg/settings").json() == {"values": {"signatur": "/Anna"}}

    run = wait_for_run(client, start(client)["run"]["id"])
    assert run["outputs"][0]["message"] == "3 namn /Anna"


def test_a_sandbox_run_executes_an_unsaved_snapshot_with_logs_and_takes_actions(
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
    tool: TestSession,
    data_dir: Path,
) -> None:
    client = runs_client
    act_as(client, tool)
    changed = TOOL.replace('"3 namn', '"namn').replace("{len(names)} namn", "sandlåda {len(names)}")
    snapshot = {"manifest": MANIFEST, "files": {"main.py": changed}}
    response = client.post(
        "/api/v1/tools/tva-steg/sandbox-runs",
        files={"lista": ("lista.csv", CSV.encode(), "text/csv")},
        data={
            "snapshot": json.dumps(snapshot),
            "inputs": "{}",
            "settings": json.dumps({"signatur": " /Prov "}),  # tried, not saved
        },
    )
    assert response.status_code == 202, response.text
    started = response.json()
    assert started["run"]["env"] == "sandbox" and started["run"]["version"] is None
    run = wait_for_run(client, started["run"]["id"])
    assert run["status"] == "succeeded", run
    assert run["outputs"][0]["message"] == "sandlåda 3 /Prov"
    assert run["logs"] == {"stdout": "", "stderr": ""}
    # the author sees the state the step left (only in a sandbox session)
    session = client.get(f"/api/v1/sessions/{started['session_id']}").json()
    assert session["state"] == {"names": ["Ada", "Bo", "Cia"], "steps": 1}
    bad = client.post(
        "/api/v1/tools/tva-steg/sandbox-runs",
        json={
            "snapshot": {**snapshot, "manifest": {**MANIFEST, "inputs": []}},
            "settings": {"signatur": "x" * 41},
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "settings.signatur"

    step = act(
        client, started["session_id"], action_id="next", input={"n": 1}, expected_state_rev=1
    )
    assert step.status_code == 202, step.text
    second = wait_for_run(client, step.json()["run"]["id"])
    assert second["status"] == "succeeded" and second["env"] == "sandbox"
    assert second["outputs"][0]["value"]["steps"] == 2

    # A syntax error in the snapshot is refused like a save, before anything runs.
    broken = client.post(
        "/api/v1/tools/tva-steg/sandbox-runs",
        json={"snapshot": {"manifest": MANIFEST, "files": {"main.py": "def run(:\n"}}},
    )
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["code"] == "syntax_error"

    as_role("user")
    denied = client.post(
        "/api/v1/tools/tva-steg/sandbox-runs", json={"snapshot": snapshot, "inputs": {}}
    )
    assert denied.status_code == 403
