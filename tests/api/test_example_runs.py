"""A version's examples run in the sandbox through POST .../example-runs, with the real worker
and container runner: one run per example, each checked against its expected.json
(`expected_met`), the refused upload counted as the expected failure it is; a wrong
expectation is not met; a review decision records which examples passed."""

from __future__ import annotations

import base64
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
