"""Webhooks' outbound restrictions through the app and the delivery job (no worker): refused
addresses at registration and at delivery (127.0.0.2 is loopback but not allowed; private
ranges come from a stubbed resolver, so no connection to them is ever attempted), a receiver
that hangs is cut at the timeout, a redirect is not followed. Deliveries through the real
worker, retries and signatures: tests/api/test_python_client_flow.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import svcs
from litestar.testing import TestClient

from skriptoteket.application.webhooks.deliver import DeliverWebhook, DeliveryFailed
from skriptoteket.entrypoints.asgi import create_app
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.infrastructure.webhooks.sender import HttpWebhookSender, parse_allow
from skriptoteket.protocols.webhooks import WebhookSender
from tests.builders import TestSession, make_session, make_user
from tests.catalog_builders import act_as
from tests.conftest import fast_hasher
from tests.webhook_receiver import Receiver, webhook_receiver

from .conftest import publish_tool

Client = TestClient  # type: ignore[type-arg]
# What the stubbed resolver answers; anything else resolves for real (only 127.0.0.x here).
NAMES: dict[str, list[str]] = {
    "intranat.skola.example": ["10.1.2.3"],
    "metadata.example": ["169.254.169.254"],
    "v6.example": ["::1"],
    "blandat.example": ["93.184.216.34", "192.168.1.10"],
}


async def stub_resolve(host: str, port: int) -> list[str]:
    if host in NAMES:
        return NAMES[host]
    assert host.startswith("127.0.0."), host  # never resolve (or reach) anything else
    return [host]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as r:
        yield r


@pytest.fixture
def client(db: str, data_dir: Path) -> Iterator[Client]:
    settings = Settings(database_url=db, log_json=False, data_dir=data_dir)

    def configure(registry: svcs.Registry) -> None:
        fast_hasher(registry)
        sender = HttpWebhookSender(parse_allow("127.0.0.1"), 0.5, resolver=stub_resolve)
        registry.register_value(WebhookSender, sender)

    with TestClient(app=create_app(settings, configure=configure)) as c:
        yield c


def as_role(db: str, client: Client, role: str) -> TestSession:
    return act_as(client, make_session(db, make_user(db, role=role)))


def register(client: Client, url: str, **extra: Any) -> Any:
    return client.post(
        "/api/v1/webhooks", json={"url": url, "events": ["version.submitted"], **extra}
    )


def test_private_and_not_allowed_addresses_are_refused_at_registration(
    db: str, client: Client, receiver: Receiver
) -> None:
    as_role(db, client, "admin")
    port = receiver.base.rsplit(":", 1)[1]
    for url in (
        f"http://127.0.0.2:{port}/ok",  # loopback, not in SKRIPTOTEKET_WEBHOOK_ALLOW
        "http://intranat.skola.example/hook",
        "http://metadata.example/latest/meta-data",
        "https://v6.example/hook",
        "https://blandat.example/hook",  # one private address among public ones is enough
        "ftp://127.0.0.1/hook",
    ):
        refused = register(client, url)
        assert refused.status_code == 422, (url, refused.text)
        assert refused.json()["code"] == "validation_failed"
    made = register(client, receiver.base + "/ok")
    assert made.status_code == 201, made.text
    assert made.json()["secret"].startswith("whsec_")
    assert client.get("/api/v1/webhooks").json()[0]["url"] == receiver.base + "/ok"
    assert receiver.received == []  # registering sends nothing


def deliveries(client: Client, hook_id: str) -> list[dict[str, Any]]:
    page = client.get(f"/api/v1/webhooks/{hook_id}/deliveries")
    assert page.status_code == 200, page.text
    return list(page.json()["items"])


async def deliver(client: Client, delivery_id: str) -> None:
    async with svcs.Container(client.app.state.svcs_registry) as container:
        await (await container.aget(DeliverWebhook))({"delivery_id": delivery_id})


def test_a_hanging_receiver_is_cut_a_redirect_is_not_followed_and_the_address_is_checked_again(
    db: str, client: Client, receiver: Receiver
) -> None:
    as_role(db, client, "admin")
    hooks = {
        path: register(client, receiver.base + path).json()["webhook"]["id"]
        for path in ("/hang", "/redirect", "/ok")
    }
    NAMES["flyttad.example"] = ["127.0.0.1"]
    port = receiver.base.rsplit(":", 1)[1]
    hooks["moved"] = register(client, f"http://flyttad.example:{port}/ok").json()["webhook"]["id"]
    publish_tool(
        client,
        as_role(db, client, "contributor"),
        as_role(db, client, "admin"),
        "noll",
        {"contract": 1, "entrypoint": "main.py:run", "usage": "Inget.", "inputs": []},
        {"main.py": "def run(ctx):\n    return {'outputs': []}\n"},
    )
    as_role(db, client, "admin")
    NAMES["flyttad.example"] = ["10.9.8.7"]  # the name now points into a private network

    import anyio

    outcome = {}
    for name, hook_id in hooks.items():
        (delivery,) = deliveries(client, hook_id)  # version.submitted, once per endpoint
        try:
            anyio.run(deliver, client, delivery["id"])
            outcome[name] = "delivered"
        except DeliveryFailed:
            outcome[name] = "retry"
        outcome[name] += ":" + str(deliveries(client, hook_id)[0]["last_error"])

    assert outcome == {
        "/hang": "retry:timeout",
        "/redirect": "retry:redirect_refused",
        "/ok": "delivered:None",
        "moved": "retry:address_refused",
    }
    assert [r.path for r in receiver.received if r.path == "/ok"] == ["/ok"]  # not via redirect

    # Send again: the same message (webhook-id) once more.
    delivery = deliveries(client, hooks["/redirect"])[0]
    again = client.post(
        f"/api/v1/webhooks/{hooks['/redirect']}/deliveries/{delivery['id']}/redeliver"
    )
    assert again.status_code == 200, again.text
    assert (again.json()["status"], again.json()["attempts"]) == ("pending", 0)
    assert again.json()["webhook_id"] == "msg_" + UUID(delivery["id"]).hex
    assert client.delete(f"/api/v1/webhooks/{hooks['/hang']}").status_code == 204
    assert client.get(f"/api/v1/webhooks/{hooks['/hang']}/deliveries").status_code == 404
