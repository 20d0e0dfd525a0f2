"""openapi/openapi.json is what the app produces (the clients are generated from it)."""

from __future__ import annotations

import json
from pathlib import Path

from litestar.testing import TestClient

from skriptoteket.entrypoints.asgi import render_openapi

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def test_committed_openapi_document_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(), (
        "openapi/openapi.json is stale: run `uv run skriptoteket openapi`"
    )


def test_served_document_equals_the_committed_one(client: TestClient) -> None:  # type: ignore[type-arg]
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_operation_has_an_id_a_summary_a_tag_and_error_responses() -> None:
    document = json.loads(render_openapi())
    seen: set[str] = set()
    for path, item in document["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            assert op.get("operationId"), where
            assert op["operationId"][0].islower() and "_" not in op["operationId"], where
            assert op["operationId"] not in seen, f"duplicate operationId at {where}"
            seen.add(op["operationId"])
            assert op.get("summary"), where
            assert op.get("tags"), where
            if path.startswith("/api/"):
                errors = [code for code in op["responses"] if code.startswith(("4", "5"))]
                assert errors, f"{where} documents no error response"
