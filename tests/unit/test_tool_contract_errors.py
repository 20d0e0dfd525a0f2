"""Contract errors become the domain's InvalidInput, one FieldError per issue."""

from __future__ import annotations

import pytest

from skriptoteket.application.tool_contract import invalid_input
from skriptoteket.contract import ManifestError, validate_manifest
from skriptoteket.domain.errors import FieldError


def test_a_manifest_error_becomes_invalid_input_with_json_paths() -> None:
    with pytest.raises(ManifestError) as caught:
        validate_manifest({"inputs": [{"kind": "string", "name": "X", "label": "x"}]})
    error = invalid_input(caught.value, "The manifest is invalid.")
    assert error.code == "validation_failed"
    assert error.message == "The manifest is invalid."
    assert error.errors == [
        FieldError("$.inputs[0].name", "pattern", caught.value.issues[0].message)
    ]
