"""The contract's structs as OpenAPI: tagged unions are `oneOf` with a discriminator."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, post
from litestar.openapi import OpenAPIConfig

from skriptoteket.contract import FIELD_KINDS, OUTPUT_KINDS, Manifest, RunRequest, RunResult
from skriptoteket.web.openapi_unions import add_discriminators


@post("/probe", sync_to_thread=False)
def probe(data: Manifest) -> RunResult:  # pragma: no cover - never called
    raise NotImplementedError


@post("/probe-request", sync_to_thread=False)
def probe_request(data: RunRequest) -> None:  # pragma: no cover - never called
    raise NotImplementedError


def contract_components() -> dict[str, Any]:
    app = Litestar([probe, probe_request], openapi_config=OpenAPIConfig(title="t", version="1"))
    add_discriminators(app.openapi_schema)
    schemas: dict[str, Any] = app.openapi_schema.to_schema()["components"]["schemas"]
    return schemas


def test_fields_are_a_union_discriminated_by_kind() -> None:
    schemas = contract_components()
    union = schemas["Manifest"]["properties"]["inputs"]["items"]
    assert union["discriminator"]["propertyName"] == "kind"
    assert set(union["discriminator"]["mapping"]) == set(FIELD_KINDS)
    assert len(union["oneOf"]) == len(FIELD_KINDS)
    enum_field = schemas["EnumField"]
    assert enum_field["properties"]["kind"]["const"] == "enum"
    assert {"kind", "name", "label", "options"} <= set(enum_field["required"])
    assert enum_field["properties"]["options"]["maxItems"] == 200
    assert "options" not in schemas["StringField"]["properties"]
    assert schemas["StringField"]["properties"]["name"]["pattern"] == "^[a-z][a-z0-9_]{0,63}$"


def test_outputs_and_actions_of_a_result_are_typed() -> None:
    schemas = contract_components()
    outputs = schemas["RunResult"]["properties"]["outputs"]["items"]
    assert outputs["discriminator"]["propertyName"] == "kind"
    assert set(outputs["discriminator"]["mapping"]) == set(OUTPUT_KINDS)
    assert schemas["RunResult"]["properties"]["actions"]["items"] == {
        "$ref": "#/components/schemas/Action"
    }
    action_fields = schemas["Action"]["properties"]["fields"]["items"]
    assert action_fields["discriminator"]["propertyName"] == "kind"
    state = schemas["RunResult"]["properties"]["state"]
    assert state["discriminator"]["propertyName"] == "mode"
    assert set(state["discriminator"]["mapping"]) == {"keep", "replace", "clear"}


def test_a_union_without_a_common_tag_gets_no_discriminator() -> None:
    schemas = contract_components()
    assert "discriminator" not in schemas["RunResult"]["properties"]["error"]
