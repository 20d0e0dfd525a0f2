"""Files without a shared disk (SKRIPTOTEKET_FILE_STORE=postgres): the API and a worker with its
own empty data directory share nothing but the database, yet a tool with an upload runs and its
artifact downloads through the API."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from skriptoteket.domain.errors import Unavailable
from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.files.local import LocalFileStore
from skriptoteket.infrastructure.runner.bwrap_runner import BwrapRunner
from skriptoteket.infrastructure.settings import Settings
from tests.builders import make_session, make_user
from tests.catalog_builders import act_as
from tests.conftest import fast_hasher
from tests.queue_support import start_worker, stop_worker
from tests.runner.conftest import shared_sandbox_dir

from .conftest import publish_tool, wait_for_run

MANIFEST = {
    "contract": 1,
    "entrypoint": "main.py:run",
    "usage": "Vänder listan.",
    "inputs": [
        {"name": "lista", "kind": "file", "label": "Lista", "required": True, "accept": [".csv"]}
    ],
}
TOOL = """
def run(ctx):
    lines = ctx.files("lista")[0].read_text().splitlines()
    (ctx.output_dir / "omvand.txt").write_text("\\n".join(reversed(lines)) + "\\n")
    return {"outputs": [{"kind": "notice", "level": "success", "message": f"{len(lines)} rader"}],
            "artifacts": [{"path": "omvand.txt", "label": "Omvänd"}]}
"""


@pytest.fixture
def sandbox() -> Path:
    path = shared_sandbox_dir()
    try:
        BwrapRunner(LocalFileStore(path / "unused"), sandbox_dir=path).check()
    except Unavailable as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true and the bubblewrap runner cannot run: {exc.message}")
        pytest.skip(exc.message)
    return path


@pytest.fixture
def api(db: str, tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = Settings(
        database_url=db, log_json=False, data_dir=tmp_path / "api", file_store="postgres"
    )
    with TestClient(app=create_app(settings, configure=fast_hasher)) as client:
        yield client


def test_a_worker_on_another_host_runs_a_tool_with_an_upload(
    db: str,
    api: TestClient,  # type: ignore[type-arg]
    sandbox: Path,
    tmp_path: Path,
) -> None:
    worker_dir = tmp_path / "worker"
    worker_dir.mkdir()
    maintainer = make_session(db, make_user(db, role="contributor"))
    admin = make_session(db, make_user(db, role="admin"))
    publish_tool(api, maintainer, admin, "omvand", MANIFEST, {"main.py": TOOL})
    act_as(api, make_session(db, make_user(db)))
    csv = "Ada\nBo\nCia\n" * 40_000  # over a chunk: streamed both ways
    response = api.post(
        "/api/v1/tools/omvand/runs",
        files={"lista": ("klass.csv", csv.encode(), "text/csv")},
        data={"inputs": "{}"},
    )
    assert response.status_code == 202, response.text
    run_id = response.json()["run"]["id"]

    process = start_worker(
        db,
        tmp_path / "events.jsonl",
        SKRIPTOTEKET_RUNNER="bwrap",
        SKRIPTOTEKET_SANDBOX_DIR=str(sandbox),
        SKRIPTOTEKET_DATA_DIR=str(worker_dir),
        SKRIPTOTEKET_FILE_STORE="postgres",
    )
    try:
        run = wait_for_run(api, run_id, timeout=120)
    finally:
        stop_worker(process)
    assert run["status"] == "succeeded", run
    assert run["outputs"][0]["message"] == "120000 rader"
    [artifact] = run["artifacts"]
    download = api.get(artifact["download_url"])
    assert download.status_code == 200
    assert download.content == ("\n".join(reversed(csv.splitlines())) + "\n").encode()
    # Neither side kept the files on its disk: the API has no files/, the worker only a cache.
    assert not (tmp_path / "api" / "files").exists()
    assert not (worker_dir / "files").exists()
