"""Every operation of the API names the scope a token needs (backend/skriptoteket/web/scopes.py),
and the OpenAPI document declares it."""

from __future__ import annotations

import json
from pathlib import Path

from skriptoteket.web.scopes import SCOPES

OPENAPI = json.loads(
    (Path(__file__).resolve().parents[2] / "openapi" / "openapi.json").read_text(encoding="utf-8")
)


def test_every_operation_with_a_token_has_a_scope_declared() -> None:
    missing, undeclared = [], []
    for path, item in OPENAPI["paths"].items():
        for method, operation in item.items():
            if not any("bearerToken" in r for r in operation.get("security", [])):
                continue
            if operation["operationId"] not in SCOPES:
                missing.append(f"{method.upper()} {path} ({operation['operationId']})")
            bearer = next(r["bearerToken"] for r in operation["security"] if "bearerToken" in r)
            if bearer != [SCOPES.get(operation["operationId"], "?")]:
                undeclared.append(f"{method.upper()} {path}: {bearer}")
    assert not missing, "add these operations to SCOPES in web/scopes.py: " + ", ".join(missing)
    assert not undeclared, "regenerate openapi/openapi.json: " + ", ".join(undeclared)
