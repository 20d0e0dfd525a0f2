"""Every example of every script bank tool, run through the API as a teacher's browser would:
the seeded version's examples read from GET /tools/{slug}/examples, their files downloaded
and uploaded again (multipart), each action taken on the session, with the real worker and
container runner. Each ends as its expected.json says, as it does offline
(backend/script_bank/test_examples.py runs the same examples without the server)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession
from tests.integration.test_seed_script_bank import TEN, seed

from .conftest import wait_for_run

pytestmark = pytest.mark.usefixtures("docker_worker")


@pytest.fixture
def runs_settings(db: str, data_dir: Path) -> Settings:
    """As conftest's, without the per-user limits on starting and waiting runs: one user
    queues every example (and their actions) at once."""
    return Settings(
        database_url=db,
        log_json=False,
        data_dir=data_dir,
        run_rate_per_user_per_minute=0,
        queue_user_queued_cap=1000,
    )


SIGNATURES = {".xlsx": b"PK", ".docx": b"PK", ".zip": b"PK", ".pdf": b"%PDF", ".png": b"\x89PNG"}


def start(client: TestClient, slug: str, example: dict[str, Any]) -> dict[str, Any]:  # type: ignore[type-arg]
    """The first run: the example's values, and its files as the field named them ({} when
    the upload is refused)."""
    by_name = {f["name"]: f for f in example["files"]}
    files, values = [], {}
    for field, value in example["inputs"].items():
        names = [value] if isinstance(value, str) else value
        if isinstance(names, list) and names and all(n in by_name for n in names):
            for name in names:
                files.append((field, (name, client.get(by_name[name]["download_url"]).content)))
        else:
            values[field] = value
    if files:
        response = client.post(
            f"/api/v1/tools/{slug}/runs", data={"inputs": json.dumps(values)}, files=files
        )
    else:
        response = client.post(f"/api/v1/tools/{slug}/runs", json={"inputs": values})
    if response.status_code == 422 and example["expected"]["status"] == "failed":
        # An image renamed .csv never reaches the tool: the server refuses it, saying what to do.
        [error] = response.json()["errors"]
        assert error["code"] == "invalid_content", (slug, example["case"], error)
        assert "try again" in error["message"], error
        return {}
    assert response.status_code == 202, (slug, example["case"], response.text)
    return dict(response.json())


def test_every_example_ends_through_the_api_as_it_does_offline(
    runs_settings: Settings,
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
) -> None:
    seed(runs_settings)
    as_role("user")
    listed = runs_client.get("/api/v1/tools", params={"limit": 50}).json()
    assert set(TEN) <= {t["slug"] for t in listed["items"]}

    examples = [
        (slug, example)
        for slug in TEN
        for example in runs_client.get(f"/api/v1/tools/{slug}/examples").json()["items"]
    ]
    assert len(examples) >= 50
    # All queued at once, then checked in order.
    started = [(slug, example, start(runs_client, slug, example)) for slug, example in examples]
    for done in started:
        check(runs_client, *done)
    refused = [f"{s}/{e['case']}" for s, e, first in started if not first]
    assert all("/bild-som-" in case for case in refused), refused


def check(
    client: TestClient,  # type: ignore[type-arg]
    slug: str,
    example: dict[str, Any],
    first: dict[str, Any],
) -> None:
    """The example's first run and its actions end as its expected.json says."""
    label = f"{slug}/{example['case']}"
    if not first:
        return  # refused at upload (checked in start)
    run = wait_for_run(client, first["run"]["id"], timeout=300)
    for action in example["actions"]:
        assert run["status"] == "succeeded", (label, run["error"])
        session = client.get(f"/api/v1/sessions/{first['session_id']}").json()
        assert action["id"] in {a["id"] for a in session["pending_actions"]}, label
        taken = client.post(
            f"/api/v1/sessions/{first['session_id']}/actions",
            json={
                "action_id": action["id"],
                "input": action.get("input", {}),
                "expected_state_rev": session["state_rev"],
            },
        )
        assert taken.status_code == 202, (label, taken.text)
        run = wait_for_run(client, taken.json()["run"]["id"], timeout=120)
    expected = example["expected"]
    if expected["status"] == "failed":
        assert run["status"] == "failed", (label, run["status"])
        assert run["error"]["code"] == expected["error_code"], (label, run["error"])
        assert expected["message_contains"] in run["error"]["message"], (label, run["error"])
        return
    assert run["status"] == "succeeded", (label, run["error"])
    assert run["outputs"], label
    assert sorted(a["name"] for a in run["artifacts"]) == sorted(expected["artifacts"]), label
    for artifact in run["artifacts"]:
        body = client.get(artifact["download_url"]).content
        assert len(body) == artifact["bytes"], (label, artifact["name"])
        suffix = "." + artifact["name"].rsplit(".", 1)[-1].lower()
        if suffix in SIGNATURES:
            assert body.startswith(SIGNATURES[suffix]), (label, artifact["name"])
