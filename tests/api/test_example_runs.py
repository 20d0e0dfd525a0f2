"""A version's examples run in the sandbox through POST .../example-runs, with the real worker
and container runner: one run per example, each checked against its expected.json
(`expected_met`), the refused upload counted as the expected failure it is; a wrong
expectation is not met; a review decision records which examples passed."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from skriptoteket.infrastructure.script_bank import DEFAULT_BANK
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession
from tests.integration.test_seed_script_bank import seed

from .conftest import wait_for_run

pytestmark = pytest.mark.usefixtures("docker_worker")

RUNS = "/api/v1/tools/namnlista/versions/{n}/example-runs"


@pytest.fixture
def runs_settings(db: str, data_dir: Path) -> Settings:
    return Settings(database_url=db, log_json=False, data_dir=data_dir, queue_user_queued_cap=100)


def finished(client: TestClient, items: list[dict[str, Any]]) -> dict[str, Any]:  # type: ignore[type-arg]
    """Each example's run as GET /runs/{id} shows it once it ended ({} when refused)."""
    return {
        i["case"]: wait_for_run(client, i["run"]["id"], timeout=180) if i["run"] else {}
        for i in items
    }


def test_examples_run_in_the_sandbox_and_say_whether_they_met_expected(
    runs_settings: Settings,
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
) -> None:
    seed(runs_settings)
    as_role("user")
    assert runs_client.post(RUNS.format(n=1)).status_code == 403  # only who may edit the tool

    as_role("admin")
    started = runs_client.post(RUNS.format(n=1))
    assert started.status_code == 202, started.text
    items = started.json()["runs"]
    folder = DEFAULT_BANK / "namnlista" / "examples"
    assert sorted(i["case"] for i in items) == sorted(p.name for p in folder.iterdir())
    refused = {i["case"]: i for i in items if i["refused"]}
    # An image named .csv never reaches the tool: the expected failure, said in words.
    assert list(refused) == ["bild-som-csv"]
    assert refused["bild-som-csv"]["refused"]["code"] == "invalid_content"
    assert refused["bild-som-csv"]["expected_met"] is True
    for item in items:
        if item["run"]:
            assert item["run"]["env"] == "sandbox" and item["run"]["version"] == 1
            assert item["expected_met"] is None  # still running

    runs = finished(runs_client, items)
    assert {case: run.get("expected_met") for case, run in runs.items() if run} == {
        case: True for case in runs if case != "bild-som-csv"
    }
    listing = runs_client.get(RUNS.format(n=1)).json()["runs"]
    assert {i["case"]: i["expected_met"] for i in listing} == dict.fromkeys(runs, True)

    # A version whose example expects the wrong artifact: run, and not met.
    version = runs_client.get("/api/v1/tools/namnlista/versions/1").json()
    inputs = {"namn": "Åsa Öberg\nCarl von Linné\n", "format": "fornamn_efternamn"}
    wrong = {"case": "fel-fil", "inputs": inputs, "files": {}}
    wrong["expected"] = {"status": "succeeded", "artifacts": ["finns-inte.csv"]}
    data = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 64).decode()
    image = {"case": "bild", "inputs": {"lista": "namn.csv"}, "files": {"namn.csv": data}}
    image["expected"] = {"status": "succeeded", "artifacts": []}
    saved = runs_client.post(
        "/api/v1/tools/namnlista/versions",
        json={
            "base_version": 1,
            "manifest": version["manifest"],
            "files": version["files"],
            "examples": [wrong, image],
        },
    )
    assert saved.status_code == 201, saved.text
    two = runs_client.post(RUNS.format(n=2)).json()["runs"]
    assert finished(runs_client, two)["fel-fil"]["expected_met"] is False
    assert {
        i["case"]: i["expected_met"] for i in runs_client.get(RUNS.format(n=2)).json()["runs"]
    } == {
        "fel-fil": False,
        "bild": False,  # refused, but a success was expected
    }

    # The review decision records the reviewer's latest example results.
    assert runs_client.post("/api/v1/tools/namnlista/versions/2/submit").status_code == 200
    sent_back = runs_client.post(
        "/api/v1/tools/namnlista/versions/2/request-changes", json={"note": "Exemplen fallerar."}
    )
    assert sent_back.status_code == 200, sent_back.text
    events = runs_client.get(
        "/api/v1/audit-events", params={"action": "version.changes_requested"}
    ).json()["items"]
    assert events[0]["details"]["examples"] == {"fel-fil": False, "bild": False}


def test_examples_with_actions_take_them_one_by_one_and_judge_the_last_run(
    runs_settings: Settings,
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
) -> None:
    """Gruppgenerator's klasslista takes four actions (actions.json) after its first run;
    reading the list (as the SPA polls it) takes each once the run before it succeeded."""
    seed(runs_settings)
    as_role("admin")
    url = "/api/v1/tools/gruppgenerator/versions/{n}/example-runs"
    started = runs_client.post(url.format(n=1))
    assert started.status_code == 202, started.text
    first = {i["case"]: i for i in started.json()["runs"]}
    assert (first["klasslista"]["step"], first["klasslista"]["steps"]) == (0, 5)
    assert first["klasslista"]["expected_met"] is None

    listing, steps = until_judged(runs_client, url.format(n=1))
    assert {c: i["expected_met"] for c, i in listing.items()} == dict.fromkeys(first, True)
    assert steps >= {0, 4}  # seen part way, and at its end
    last = listing["klasslista"]
    assert last["step"] == 4 and last["run"]["mode"] == "action"
    assert [a["name"] for a in last["run"]["artifacts"]] == ["grupper.docx"]
    # The run view agrees: the last run is judged, the first (an intermediate step) is not.
    assert runs_client.get(f"/api/v1/runs/{last['run']['id']}").json()["expected_met"] is True
    begun = runs_client.get(f"/api/v1/runs/{first['klasslista']['run']['id']}").json()
    assert begun["status"] == "succeeded" and begun["expected_met"] is None

    # An action the tool does not offer: refused at that step, and the example is not met.
    version = runs_client.get("/api/v1/tools/gruppgenerator/versions/1").json()
    names = "Åsa Öberg\nÖrjan Åkesson\nSara Lindqvist\nOskar Söderberg"
    stray = {
        "case": "fel-steg",
        "inputs": {"namn": names, "gruppstorlek": 2},
        "files": {},
        "actions": [{"id": "finns-inte", "input": {}}],
        "expected": {"status": "succeeded", "artifacts": []},
    }
    saved = runs_client.post(
        "/api/v1/tools/gruppgenerator/versions",
        json={
            "base_version": 1,
            "manifest": version["manifest"],
            "files": version["files"],
            "examples": [stray],
        },
    )
    assert saved.status_code == 201, saved.text
    assert runs_client.post(url.format(n=2)).status_code == 202
    listing, _ = until_judged(runs_client, url.format(n=2))
    assert listing["fel-steg"]["expected_met"] is False
    assert listing["fel-steg"]["refused"]["code"] == "stale_action"
    assert listing["fel-steg"]["step"] == 0 and listing["fel-steg"]["run"]["status"] == "succeeded"


def until_judged(
    client: TestClient,  # type: ignore[type-arg]
    url: str,
    timeout: float = 300.0,
) -> tuple[dict[str, dict[str, Any]], set[int]]:
    """Reads the list, as the SPA polls it, until every example is judged; the steps seen."""
    deadline = time.monotonic() + timeout
    steps: set[int] = set()
    while True:
        listing = {i["case"]: i for i in client.get(url).json()["runs"]}
        steps |= {i["step"] for i in listing.values()}
        if all(i["expected_met"] is not None for i in listing.values()):
            return listing, steps
        assert time.monotonic() < deadline, listing
        time.sleep(0.3)
