"""After seeding, the ten script bank tools are in the catalog and each runs one of its
succeeding examples through the API (multipart upload, the real worker and Docker runner),
ending succeeded with outputs and artifacts that open as what they claim to be."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from litestar.testing import TestClient

from skriptoteket.infrastructure.script_bank import DEFAULT_BANK
from skriptoteket.infrastructure.settings import Settings
from tests.builders import TestSession
from tests.integration.test_seed_script_bank import TEN, seed

from .conftest import wait_for_run

pytestmark = pytest.mark.usefixtures("docker_worker")

SIGNATURES = {".xlsx": b"PK", ".docx": b"PK", ".zip": b"PK", ".pdf": b"%PDF", ".png": b"\x89PNG"}


def bank_testing() -> ModuleType:
    if "bank_testing" in sys.modules:
        return sys.modules["bank_testing"]
    spec = importlib.util.spec_from_file_location("bank_testing", DEFAULT_BANK / "bank_testing.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bank_testing"] = module
    spec.loader.exec_module(module)
    return module


def first_succeeding_example(slug: str) -> Any:
    bank = bank_testing()
    for s, case in bank.all_examples():
        example = bank.Example.load(s, case)
        if s == slug and example.expected["status"] == "succeeded" and not example.actions:
            return example
    raise AssertionError(f"{slug} has no single-step succeeding example")


def test_every_seeded_tool_runs_an_example_through_the_api(
    runs_settings: Settings,
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
) -> None:
    seed(runs_settings)
    as_role("user")
    listed = runs_client.get("/api/v1/tools", params={"limit": 50}).json()
    assert set(TEN) <= {t["slug"] for t in listed["items"]}

    started: dict[str, tuple[str, Any]] = {}
    for slug in TEN:
        example = first_succeeding_example(slug)
        files = [
            (field, (path.name, path.read_bytes()))
            for field, paths in example.files.items()
            for path in paths
        ]
        response = (
            runs_client.post(
                f"/api/v1/tools/{slug}/runs",
                data={"inputs": json.dumps(example.inputs)},
                files=files or None,
            )
            if files
            else runs_client.post(f"/api/v1/tools/{slug}/runs", json={"inputs": example.inputs})
        )
        assert response.status_code == 202, (slug, example.case, response.text)
        started[slug] = (response.json()["run"]["id"], example)

    for slug, (run_id, example) in started.items():
        run = wait_for_run(runs_client, run_id, timeout=180)
        assert run["status"] == "succeeded", (slug, example.case, run["error"])
        assert run["outputs"], slug
        names = {a["name"] for a in run["artifacts"]}
        assert set(example.expected.get("artifacts", [])) <= names, (slug, names)
        for artifact in run["artifacts"]:
            body = runs_client.get(artifact["download_url"]).content
            assert len(body) == artifact["bytes"], (slug, artifact["name"])
            suffix = "." + artifact["name"].rsplit(".", 1)[-1].lower()
            if suffix in SIGNATURES:
                assert body.startswith(SIGNATURES[suffix]), (slug, artifact["name"])
