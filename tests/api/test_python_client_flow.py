"""The integrators' generated Python client (openapi/python-client) drives a full flow against
a live server (`skriptoteket serve` on 127.0.0.1) with the real worker and the real Docker
runner: a personal access token, the catalog, a run with an uploaded file followed to its end,
and the artifact downloaded."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from itertools import pairwise
from pathlib import Path

import pytest
from litestar.testing import TestClient

from tests.builders import TestSession
from tests.live_server import live_server
from tests.webhook_receiver import verifies, webhook_receiver

from .conftest import TERMINAL, publish_tool

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "openapi" / "python-client"))

from skriptoteket_client import AuthenticatedClient
from skriptoteket_client.api.catalog import list_tools
from skriptoteket_client.api.runs import create_run, download_artifact, get_run
from skriptoteket_client.api.webhooks import create_webhook, list_webhook_deliveries, list_webhooks
from skriptoteket_client.helpers import follow_run, run_and_wait
from skriptoteket_client.models import (
    CreateRunFilesBody,
    CreateWebhookRequest,
    CreateWebhookRequestEventsItem,
    DeliveryPage,
    Problem,
    RunResponse,
    RunStarted,
    WebhookCreatedResponse,
)
from skriptoteket_client.types import File

pytestmark = pytest.mark.usefixtures("docker_worker")

TOOL = """
def run(ctx):
    rows = ctx.files("lista")[0].read_text(encoding="utf-8").splitlines()[1:]
    names = sorted(r.strip() for r in rows if r.strip())
    (ctx.output_dir / "sorterad.txt").write_text("\\n".join(names) + "\\n", encoding="utf-8")
    return {"outputs": [{"kind": "notice", "level": "success", "message": f"{len(names)} namn"}]}
"""
MANIFEST = {
    "contract": 1,
    "entrypoint": "main.py:run",
    "usage": "Sorterar en namnlista.",
    "inputs": [
        {"name": "lista", "kind": "file", "label": "Lista", "required": True, "accept": [".csv"]}
    ],
}


def test_an_integrator_runs_a_tool_with_a_file_and_downloads_its_artifact(
    db: str,
    data_dir: Path,
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
) -> None:
    publish_tool(
        runs_client,
        as_role("contributor"),
        as_role("admin"),
        "sortera",
        MANIFEST,
        {"main.py": TOOL},
    )
    as_role("user")
    created = runs_client.post(
        "/api/v1/auth/tokens",
        json={"name": "skolans system", "scopes": ["catalog:read", "runs:write", "runs:read"]},
    )
    assert created.status_code == 201, created.text
    token = created.json()["token"]

    # From here on only the generated client over HTTP, with the token (no cookie, no CSRF).
    with live_server(db, SKRIPTOTEKET_DATA_DIR=str(data_dir)) as base:
        integrator_flow(AuthenticatedClient(base_url=base, token=token))


def integrator_flow(api: AuthenticatedClient) -> None:
    page = list_tools.sync(client=api)
    assert page is not None and "sortera" in [t.slug for t in page.items]

    body = CreateRunFilesBody(inputs=json.dumps({}))
    body["lista"] = File(
        payload=BytesIO("Namn\nÖrjan\nAda\nBo\n".encode()), file_name="7A.csv", mime_type="text/csv"
    )
    started = create_run.sync("sortera", client=api, body=body)
    assert isinstance(started, RunStarted), started

    deadline = time.monotonic() + 90
    run = started.run
    while run.status.value not in TERMINAL and time.monotonic() < deadline:
        time.sleep(0.3)
        fetched = get_run.sync(run.id, client=api)
        assert isinstance(fetched, RunResponse), fetched
        run = fetched
    assert run.status.value == "succeeded", run.error
    assert [a.name for a in run.artifacts] == ["sorterad.txt"]

    downloaded = download_artifact.sync(run.id, run.artifacts[0].id, client=api)
    assert isinstance(downloaded, File), downloaded
    assert downloaded.payload.read().decode() == "Ada\nBo\nÖrjan\n"


def service_token(client: TestClient, scopes: list[str]) -> str:  # type: ignore[type-arg]
    account = client.post("/api/v1/service-accounts", json={"name": "Närvarorapporter"})
    assert account.status_code == 201, account.text
    made = client.post(
        f"/api/v1/service-accounts/{account.json()['id']}/tokens",
        json={"name": f"nattjobb {scopes}", "scopes": scopes},
    )
    assert made.status_code == 201, made.text
    return str(made.json()["token"])


def class_list() -> File:
    return File(payload=BytesIO(b"Namn\nBo\nAda\n"), file_name="7A.csv", mime_type="text/csv")


def test_a_service_account_runs_and_waits_retries_safely_and_is_held_to_its_scopes(
    db: str,
    data_dir: Path,
    runs_client: TestClient,  # type: ignore[type-arg]
    as_role: Callable[..., TestSession],
) -> None:
    publish_tool(
        runs_client,
        as_role("contributor"),
        as_role("admin"),
        "sortera",
        MANIFEST,
        {"main.py": TOOL},
    )
    as_role("admin")
    runner = service_token(runs_client, ["catalog:read", "runs:write", "runs:read"])
    reader = service_token(runs_client, ["catalog:read"])
    hooks = service_token(runs_client, ["admin"])

    with (
        webhook_receiver() as receiver,
        live_server(
            db, SKRIPTOTEKET_DATA_DIR=str(data_dir), SKRIPTOTEKET_WEBHOOK_ALLOW="127.0.0.1"
        ) as base,
    ):
        admin = AuthenticatedClient(base_url=base, token=hooks)
        ok = create_webhook.sync(
            client=admin,
            body=CreateWebhookRequest(
                url=receiver.base + "/ok", events=[CreateWebhookRequestEventsItem.RUN_FINISHED]
            ),
        )
        failing = create_webhook.sync(
            client=admin,
            body=CreateWebhookRequest(
                url=receiver.base + "/fail",
                events=[
                    CreateWebhookRequestEventsItem.RUN_FAILED,
                    CreateWebhookRequestEventsItem.RUN_FINISHED,
                ],
                tool="sortera",
            ),
        )
        assert isinstance(ok, WebhookCreatedResponse), ok
        assert isinstance(failing, WebhookCreatedResponse), failing
        assert ok.secret.startswith("whsec_")

        api = AuthenticatedClient(base_url=base, token=runner, timeout=90.0)
        finished = run_and_wait(api, "sortera", files={"lista": class_list()}, timeout=90)
        assert finished.status.value == "succeeded", finished.error
        assert [a.name for a in finished.artifacts] == ["sorterad.txt"]

        # The run's end reaches the receiver, signed with the endpoint's secret.
        (message,) = receiver.wait_for(1)
        assert verifies(ok.secret, message)
        assert json.loads(message.body)["data"]["run_id"] == str(finished.id)
        assert json.loads(message.body)["type"] == "run.finished"
        assert not verifies(failing.secret, message)

        # A receiver answering 500 is tried max_attempts (3) times with backoff, then failing.
        attempts = receiver.wait_for(3, "/fail")
        gaps = [b.at - a.at for a, b in pairwise(attempts)]
        assert gaps[0] >= 0.18 and gaps[1] >= 0.36, gaps  # the backoff: 0.2 s, then 0.4 s
        deadline = time.monotonic() + 30
        while True:
            log = list_webhook_deliveries.sync(failing.webhook.id, client=admin)
            assert isinstance(log, DeliveryPage), log
            if log.items[0].status.value == "failing" or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert (log.items[0].status.value, log.items[0].attempts) == ("failing", 3)
        assert log.items[0].last_status_code == 500
        listed = {h.id: h for h in list_webhooks.sync(client=admin) or []}
        assert listed[failing.webhook.id].failing_since is not None
        assert listed[ok.webhook.id].failing_since is None
        statuses = [r.status.value for r in follow_run(api, str(finished.id), timeout=30)]
        assert statuses == ["succeeded"]  # a finished run's stream: the end, then it closes

        # A retry with the same key (here four at once) is the same run, never a second.
        def post() -> RunStarted:
            body = CreateRunFilesBody(inputs=json.dumps({}))
            body["lista"] = class_list()
            answer = create_run.sync(
                "sortera", client=api, body=body, idempotency_key="rapport-v49"
            )
            assert isinstance(answer, RunStarted), answer
            return answer

        with ThreadPoolExecutor(4) as pool:
            ids = {started.run.id for started in pool.map(lambda _: post(), range(4))}
        assert len(ids) == 1
        assert post().run.id in ids

        refused = create_run.sync(
            "sortera",
            client=AuthenticatedClient(base_url=base, token=reader),
            body=CreateRunFilesBody(inputs="{}"),
        )
        assert isinstance(refused, Problem)
        assert refused.code == "insufficient_scope"
