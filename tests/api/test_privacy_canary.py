"""The privacy promises end to end, with a real API process, a real worker and the Docker
runner: every script-bank tool runs with a canary string in every text input and in every
file (its name and its contents), plus an e-mail address and a Swedish personnummer.

Then, in order:
1. the owner's export holds those runs' inputs and artifacts; another user's does not;
2. with SKRIPTOTEKET_RETENTION_RUN_CONTENT_DAYS=0, once the owner has read each finished run
   and a retention pass has run, no canary is left in any table (JSONB included) nor in the
   file store, and GET of each run says content_expired;
3. after erasure the owner's e-mail is nowhere in the database and the tools still list;
4. the API and the worker, logging at DEBUG all along, wrote none of the canaries.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from docx import Document

from skriptoteket.infrastructure.settings import Settings
from tests.builders import make_session, make_user
from tests.integration.test_seed_script_bank import TEN, seed
from tests.live_server import live_server
from tests.privacy_support import all_text, archive, database_text, file_store_text
from tests.queue_support import start_worker
from tests.script_bank_support import first_succeeding_example

from .conftest import TERMINAL, docker_host

CANARY = "KANARIE-7Q4Z-elevdata"
EMAIL = "vardnadshavare.kanarie@skola.example"
PNR = "20100314-2382"
SECRETS = (CANARY, EMAIL, PNR)
MARK = f"{CANARY} {EMAIL} {PNR}"


def marked_file(path: Path) -> tuple[str, bytes]:
    """The example file with the canaries in its name and, where the format allows, its
    contents (the first data cell of a table, a paragraph of a document)."""
    name = f"{path.stem}-{CANARY}{path.suffix}"
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".md"}:
        try:
            encoding, text = "utf-8", data.decode("utf-8-sig")
        except UnicodeDecodeError:  # an example in Windows-1252 (Excel's CSV)
            encoding, text = "cp1252", data.decode("cp1252")
        lines = text.splitlines()
        if len(lines) > 1:
            sep = ";" if ";" in lines[0] else ","
            cells = lines[1].split(sep)
            cells[0] = f"{cells[0]} {MARK}"
            lines[1] = sep.join(cells)
        else:
            lines.append(MARK)
        data = ("\n".join(lines) + "\n").encode(encoding)
    elif suffix == ".xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book.worksheets[0]
        cell = sheet.cell(row=2, column=1)
        cell.value = f"{cell.value or ''} {MARK}"
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    elif suffix == ".docx":
        doc = Document(io.BytesIO(data))
        doc.add_paragraph(MARK)
        out = io.BytesIO()
        doc.save(out)
        data = out.getvalue()
    return name, data


@pytest.fixture
def stack(
    db: str, runner_image_for_runs: str, tmp_path: Path
) -> Iterator[tuple[str, Path, Settings]]:
    """API and worker processes on one data dir, both logging at DEBUG into files."""
    data_dir = tmp_path / "data"
    settings = Settings(database_url=db, data_dir=data_dir)
    seed(settings)
    common = {
        "SKRIPTOTEKET_DATA_DIR": str(data_dir),
        "SKRIPTOTEKET_LOG_LEVEL": "DEBUG",
        "SKRIPTOTEKET_LOG_JSON": "true",
        "SKRIPTOTEKET_RETENTION_RUN_CONTENT_DAYS": "0",
        "SKRIPTOTEKET_RETENTION_INTERVAL_MS": "500",
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    with (logs / "worker.log").open("wb") as worker_log, (logs / "api.log").open("wb") as api_log:
        worker = start_worker(
            db,
            tmp_path / "noop.jsonl",
            stderr=worker_log,
            SKRIPTOTEKET_RUNNER="docker",
            SKRIPTOTEKET_RUNNER_IMAGE=runner_image_for_runs,
            SKRIPTOTEKET_DOCKER_HOST=docker_host(),
            SKRIPTOTEKET_QUEUE_POLL_MS="300",
            SKRIPTOTEKET_QUEUE_LEASE_MS="30000",
            SKRIPTOTEKET_QUEUE_HEARTBEAT_MS="2000",
            **common,
        )
        try:
            with live_server(db, stderr=api_log, **common) as base:
                yield base, logs, settings
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def client_for(base: str, db: str, role: str, **fields: Any) -> tuple[httpx.Client, Any]:
    session = make_session(db, make_user(db, role=role, **fields))
    client = httpx.Client(
        base_url=base,
        cookies={"skriptoteket_session": session.cookie},
        headers={"X-CSRF-Token": session.csrf_token},
        timeout=60,
    )
    return client, session


def start_marked_run(client: httpx.Client, slug: str) -> str:
    """Run the tool's example with every string input and file marked; a string field that
    refuses the mark (an enum) keeps its value."""
    example = first_succeeding_example(slug)
    inputs = {k: f"{v} {MARK}" if isinstance(v, str) else v for k, v in example.inputs.items()}
    files = [(field, marked_file(path)) for field, paths in example.files.items() for path in paths]
    for _ in range(len(inputs) + 1):
        response = (
            client.post(
                f"/api/v1/tools/{slug}/runs",
                data={"inputs": json.dumps(inputs)},
                files=files or None,
            )
            if files
            else client.post(f"/api/v1/tools/{slug}/runs", json={"inputs": inputs})
        )
        if response.status_code != 422:
            break
        refused = {e["field"].split(".")[-1] for e in response.json().get("errors") or []}
        inputs = {k: example.inputs[k] if k in refused else v for k, v in inputs.items()}
    assert response.status_code == 202, (slug, response.text)
    return str(response.json()["run"]["id"])


def wait(predicate: Any, what: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


def test_canaries_are_exported_then_expire_then_the_person_is_erased_and_no_log_has_them(
    db: str, stack: tuple[str, Path, Settings]
) -> None:
    base, logs, settings = stack
    teacher, session = client_for(base, db, "user", email="larare.kanarie@skola.example")
    other, _ = client_for(base, db, "user")
    admin, _ = client_for(base, db, "admin")
    runs = {slug: start_marked_run(teacher, slug) for slug in TEN}

    def finished() -> bool:  # the list does not count as the owner receiving the result
        page = teacher.get("/api/v1/runs", params={"limit": 50}).json()
        return sum(r["status"] in TERMINAL for r in page["items"]) == len(runs)

    wait(finished, "every run to end")

    # 1. The export holds the inputs and the artifacts; another user's holds nothing of it.
    mine = archive(teacher.get("/api/v1/me/export").content)
    for run_id in runs.values():
        assert f"runs/{run_id}/run.json" in mine
    assert CANARY in all_text({k: v for k, v in mine.items() if k.endswith("run.json")})
    artifacts = [k for k in mine if "/artifacts/" in k]
    inputs = [k for k in mine if "/inputs/" in k]
    assert artifacts and inputs and all(CANARY in k for k in inputs)
    assert CANARY not in all_text(archive(other.get("/api/v1/me/export").content))

    # 2. Retention 0: the owner reads each finished run once, then a pass removes it all.
    for run_id in runs.values():
        run = teacher.get(f"/api/v1/runs/{run_id}").json()
        assert run["status"] in TERMINAL
    wait(
        lambda: all(
            teacher.get(f"/api/v1/runs/{r}").json()["content_expired"] for r in runs.values()
        ),
        "every run's content to expire",
    )
    expired = teacher.get(f"/api/v1/runs/{runs[TEN[0]]}").json()
    assert expired["outputs"] == [] and expired["artifacts"] == []
    assert expired["retention_days"] == 0
    store = settings.data_dir / "files"
    wait(lambda: CANARY.encode() not in file_store_text(store), "the files to go")
    everything = database_text(db)
    for secret in SECRETS:
        assert secret not in everything, secret
        assert secret.encode().hex() not in everything, secret  # bytea columns dump as hex
        assert secret.encode() not in file_store_text(store), secret

    # 3. Erasure: the e-mail is nowhere; the bank's tools still list.
    erased = admin.post(
        f"/api/v1/users/{session.user.id}/erase",
        json={"confirm": "larare.kanarie"},
    )
    assert erased.status_code == 200, erased.text
    assert "larare.kanarie@skola.example" not in database_text(db)
    listed = admin.get("/api/v1/tools", params={"limit": 50}).json()["items"]
    assert set(TEN) <= {t["slug"] for t in listed}

    # 4. Nothing of the canaries in any log line of either process.
    lines = [
        line
        for name in ("api.log", "worker.log")
        for line in (logs / name).read_text(encoding="utf-8", errors="replace").splitlines()
    ]
    assert len(lines) > 20, "DEBUG logging wrote too little to prove anything"
    leaks = [line for line in lines if any(secret in line for secret in SECRETS)]
    assert not leaks, "\n".join(leaks[:5])
