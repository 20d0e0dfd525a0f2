"""The manifest: every field kind decodes, and validate_manifest reports problems at JSON paths."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from skriptoteket.contract import (
    DEFAULT_LIMITS,
    EnumField,
    FileField,
    Manifest,
    ManifestError,
    configure_limits,
    validate_manifest,
    validate_sources,
)


def field(kind: str, name: str = "f", **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "name": name, "label": name.capitalize(), **extra}


def issues_of(data: object) -> set[tuple[str, str]]:
    with pytest.raises(ManifestError) as caught:
        validate_manifest(data)
    return {(issue.path, issue.code) for issue in caught.value.issues}


EVERY_KIND = [
    field("string", "namn", placeholder="Anna", max_length=80, default="x", required=True),
    field("text", "text", max_length=10_000, help="Klistra in"),
    field("integer", "antal", min=1, max=30, default=5),
    field("number", "vikt", min=0.5, max=1.5),
    field("boolean", "blanda", default=True),
    field("enum", "niva", options=[{"value": "a", "label": "A"}], default="a"),
    field(
        "multi_enum",
        "val",
        options=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
        min_items=1,
        max_items=2,
        default=["a"],
    ),
    field("date", "datum", min="2026-01-01", max="2026-12-31", default="2026-06-01"),
    field("file", "roster", accept=[".csv"], min_files=1, max_files=2, max_bytes=1000),
]


def test_a_manifest_with_every_field_kind_round_trips_through_json() -> None:
    manifest = validate_manifest(
        {"contract": 1, "entrypoint": "main.py:run", "usage": "# Hej", "inputs": EVERY_KIND}
    )
    assert [f.name for f in manifest.inputs] == [f["name"] for f in EVERY_KIND]
    assert isinstance(manifest.inputs[-1], FileField)
    again = validate_manifest(msgspec.json.decode(msgspec.json.encode(manifest)))
    assert again == manifest


def test_an_empty_object_is_a_manifest_with_defaults() -> None:
    manifest = validate_manifest({})
    assert manifest == Manifest()
    assert manifest.entry_file == "main.py"
    assert manifest.entry_function == "run"
    assert msgspec.json.decode(msgspec.json.encode(manifest))["contract"] == 1


def test_every_problem_is_reported_with_its_json_path() -> None:
    found = issues_of(
        {
            "inputs": [
                field("string", "a"),
                field("string", "a"),
                field("enum", "Bad", options=[{"value": "x", "label": "X"}]),
                field("integer", "n", min=5, max=1),
                {"kind": "colour", "name": "c", "label": "C"},
                field("string", "s", max_length=10_001),
            ],
            "settings": [field("file", "f")],
            "extra": 1,
        }
    )
    assert found == {
        ("$.inputs[1].name", "duplicate"),
        ("$.inputs[2].name", "pattern"),
        ("$.inputs[3].min", "invalid_range"),
        ("$.inputs[4].kind", "invalid_choice"),
        ("$.inputs[5].max_length", "out_of_range"),
        ("$.settings[0].kind", "not_allowed"),
        ("$.extra", "unknown_field"),
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], ("$", "invalid_type")),
        ({"contract": 2}, ("$.contract", "invalid_choice")),
        ({"entrypoint": "main:run"}, ("$.entrypoint", "pattern")),
        ({"entrypoint": "../x.py:run"}, ("$.entrypoint", "pattern")),
        ({"entrypoint": "a/../../x.py:run"}, ("$.entrypoint", "pattern")),
        ({"inputs": [field("string", "s", label="  ")]}, ("$.inputs[0].label", "pattern")),
        ({"inputs": [{"kind": "string", "name": "s"}]}, ("$.inputs[0].label", "required")),
        ({"inputs": [field("enum", "e", options=[])]}, ("$.inputs[0].options", "too_short")),
        (
            {"inputs": [field("enum", "e", options=[{"value": "a", "label": "A"}] * 201)]},
            ("$.inputs[0].options", "too_long"),
        ),
        (
            {"inputs": [field("enum", "e", options=[{"value": "a", "label": "A"}] * 2)]},
            ("$.inputs[0].options[1].value", "duplicate"),
        ),
        (
            {"inputs": [field("enum", "e", options=[{"value": "a", "label": "A"}], default="b")]},
            ("$.inputs[0].default", "invalid_choice"),
        ),
        (
            {"inputs": [field("integer", "i", max=3, default=4)]},
            ("$.inputs[0].default", "out_of_range"),
        ),
        (
            {"inputs": [field("date", "d", min="2026-02-01", max="2026-01-01")]},
            ("$.inputs[0].min", "invalid_range"),
        ),
        ({"inputs": [field("date", "d", min="not a date")]}, ("$.inputs[0].min", "invalid")),
        (
            {"inputs": [field("string", "s", max_length=3, default="long")]},
            ("$.inputs[0].default", "too_long"),
        ),
        (
            {"inputs": [field("file", "f", min_files=3, max_files=1)]},
            ("$.inputs[0].min_files", "invalid_range"),
        ),
        ({"inputs": [field("file", "f", accept=["csv"])]}, ("$.inputs[0].accept[0]", "pattern")),
        ({"inputs": [field("file", "f", default="x")]}, ("$.inputs[0].default", "unknown_field")),
        ({"inputs": [field("string", f"f{i}") for i in range(26)]}, ("$.inputs", "too_many")),
        ({"inputs": "not a list"}, ("$.inputs", "invalid_type")),
        ({"limits": {"timeout_s": 0}}, ("$.limits.timeout_s", "out_of_range")),
    ],
)
def test_a_broken_manifest_names_the_problem(data: object, expected: tuple[str, str]) -> None:
    assert expected in issues_of(data)


def test_tool_limits_are_clamped_to_the_platform_maxima() -> None:
    manifest = validate_manifest({"limits": {"timeout_s": 10_000, "memory_mb": 100_000}})
    assert manifest.limits is not None
    assert manifest.limits.timeout_s == DEFAULT_LIMITS.max_timeout_s == 300
    assert manifest.limits.memory_mb == 2048
    stricter = configure_limits({"max_timeout_s": 120})
    limited = validate_manifest({"limits": {"timeout_s": 200}}, stricter)
    assert limited.limits is not None and limited.limits.timeout_s == 120


def test_the_fields_per_form_limit_is_configurable_downwards() -> None:
    with pytest.raises(ManifestError) as caught:
        validate_manifest(
            {"inputs": [field("boolean", f"b{i}") for i in range(3)]},
            configure_limits({"fields_per_form": 2}),
        )
    assert caught.value.issues[0].path == "$.inputs"


def test_an_enum_field_decodes_as_its_own_kind() -> None:
    manifest = validate_manifest({"inputs": [EVERY_KIND[5]]})
    assert isinstance(manifest.inputs[0], EnumField)
    assert manifest.inputs[0].options[0].value == "a"


def test_sources_need_the_entrypoint_safe_paths_and_fit_the_size_limit() -> None:
    manifest = validate_manifest({"entrypoint": "app.py:main"})
    validate_sources(manifest, {"app.py": "def main(ctx): ...", "lib/helpers.py": ""})
    with pytest.raises(ManifestError) as caught:
        validate_sources(
            manifest, {"main.py": "x" * (DEFAULT_LIMITS.source_bytes + 1), "../evil.py": ""}
        )
    assert {(i.path, i.code) for i in caught.value.issues} == {
        ('$.files["../evil.py"]', "pattern"),
        ("$.files", "too_large"),
        ("$.entrypoint", "not_found"),
    }
