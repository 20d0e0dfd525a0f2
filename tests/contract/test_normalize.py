"""The result normalizer: deterministic, total, within every limit, idempotent."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skriptoteket.contract import (
    DEFAULT_LIMITS,
    OUTPUT_KINDS,
    JsonOutput,
    Limits,
    MarkdownOutput,
    NoticeOutput,
    ReplaceState,
    RunResult,
    TableOutput,
    configure_limits,
)
from skriptoteket.contract.normalize import normalize_result, safe_artifact_path, ui_payload_size

from .strategies import json_values

TINY = configure_limits(
    {
        "outputs": 4,
        "actions": 2,
        "fields_per_form": 2,
        "notice_bytes": 60,
        "markdown_bytes": 80,
        "html_bytes": 80,
        "json_bytes": 120,
        "json_depth": 3,
        "table_rows": 3,
        "table_columns": 2,
        "table_cell_bytes": 8,
        "state_bytes": 60,
        "ui_payload_bytes": 3000,
        "artifacts": 2,
    }
)


def ok(**envelope: Any) -> dict[str, Any]:
    return {"contract": 1, "status": "succeeded", **envelope}


def system_notices(result: RunResult) -> list[str]:
    return [o.message for o in result.outputs if isinstance(o, NoticeOutput) and o.system]


def test_a_plain_result_passes_unchanged() -> None:
    raw = ok(
        outputs=[
            {"kind": "notice", "level": "success", "message": "Klart!"},
            {"kind": "markdown", "markdown": "# Grupper"},
            {
                "kind": "table",
                "title": "7A",
                "columns": [{"key": "n", "label": "Namn"}],
                "rows": [{"n": "Anna"}, {"n": "Bo"}],
            },
            {"kind": "json", "value": {"a": [1, 2.5, None, True]}},
            {"kind": "html", "html": "<b>hej</b>", "height": 200},
            {"kind": "file", "artifact": "grupper.docx", "label": "Grupper"},
            {"kind": "image", "artifact": "plots/diagram.png", "alt": "Diagram"},
        ],
        actions=[
            {
                "id": "blanda.om",
                "label": "Blanda om",
                "fields": [{"kind": "integer", "name": "antal", "label": "Antal", "min": 2}],
            }
        ],
        state={"mode": "replace", "value": {"seed": 4}},
        artifacts=[{"path": "grupper.docx", "label": "Grupper", "promote": True}],
    )
    result = normalize_result(msgspec.json.encode(raw))
    assert result.status == "succeeded"
    assert msgspec.to_builtins(result.outputs) == raw["outputs"]
    assert result.actions[0].primary  # the only action is the primary one
    assert result.state == ReplaceState(value={"seed": 4})
    assert system_notices(result) == []


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'"succeeded"',
        b'{"status": "done"}',
        b'{"contract": 2, "status": "succeeded"}',
        b'{"status": "succeeded", "outputs": {}}',
        b'{"status": "succeeded", "actions": "none"}',
        b'{"status": "succeeded", "state": {"mode": "merge"}}',
        b'{"status": "succeeded", "state": {"mode": "replace", "value": [1]}}',
        b'{"status": "failed", "error": {"code": "no_such_code", "message": "x"}}',
        b'{"status": "failed"}',
        b'{"status": "succeeded", "actions": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}',
    ],
)
def test_only_a_malformed_envelope_is_a_contract_violation(raw: bytes) -> None:
    result = normalize_result(raw)
    assert result.status == "failed"
    assert result.error is not None and result.error.code == "contract_violation"
    assert result.outputs == [] and result.actions == []


def test_unknown_and_invalid_outputs_become_notices_and_the_run_succeeds() -> None:
    result = normalize_result(
        ok(
            outputs=[
                {"kind": "video", "src": "x"},
                {"message": "no kind"},
                "a string",
                {"kind": "notice", "level": "loud", "message": "x"},
                {"kind": "table", "columns": [{"key": "a"}], "rows": [[1]]},
                {"kind": "image", "artifact": "a.gif", "alt": "x"},
                {"kind": "markdown", "markdown": "kept"},
            ]
        )
    )
    assert result.status == "succeeded"
    assert len(system_notices(result)) == 6
    assert "okänd sort (video)" in system_notices(result)[0]
    assert result.outputs[-1] == MarkdownOutput(markdown="kept")


def test_a_100000_row_table_keeps_the_first_1000_rows_and_says_so() -> None:
    rows = [{"n": i, "namn": f"Elev {i}"} for i in range(100_000)]
    table = {
        "kind": "table",
        "columns": [{"key": "n", "label": "Nr"}, {"key": "namn"}],
        "rows": rows,
    }
    result = normalize_result(ok(outputs=[table]))
    shown = result.outputs[0]
    assert isinstance(shown, TableOutput)
    assert len(shown.rows) == 1000
    assert shown.columns[1].label == "namn"
    assert "de första 1000 av 100000 rader" in system_notices(result)[0]


def test_a_5_mb_result_json_is_an_output_limit_failure() -> None:
    rows = [{"text": "x" * 40} for _ in range(100_000)]
    raw = json.dumps(ok(outputs=[{"kind": "table", "columns": [{"key": "text"}], "rows": rows}]))
    assert len(raw) > 4_000_000
    result = normalize_result(raw.encode())
    assert result.error is not None and result.error.code == "output_limit"
    assert ui_payload_size(result) < 100


def test_the_same_huge_table_as_a_value_is_cut_to_fit_the_stored_payload() -> None:
    rows = [{f"c{c}": "é" * 2000 for c in range(50)} for _ in range(1_500)]
    columns = [{"key": f"c{c}"} for c in range(60)]
    result = normalize_result(ok(outputs=[{"kind": "table", "columns": columns, "rows": rows}]))
    table = result.outputs[0]
    assert isinstance(table, TableOutput)
    assert len(table.columns) == 50
    assert all(len(str(cell).encode()) <= 1024 for row in table.rows for cell in row.values())
    assert ui_payload_size(result) <= DEFAULT_LIMITS.ui_payload_bytes
    assert any("rader: resultatet blev för stort" in m for m in system_notices(result))


def test_json_nested_1000_deep_is_cut_at_the_depth_limit() -> None:
    deep = "[" * 1000 + "]" * 1000
    raw = f'{{"status": "succeeded", "outputs": [{{"kind": "json", "value": {deep}}}]}}'
    result = normalize_result(raw.encode())
    shown = result.outputs[0]
    assert isinstance(shown, JsonOutput)
    depth, value = 0, shown.value
    while isinstance(value, list):
        depth, value = depth + 1, value[0]
    assert depth == DEFAULT_LIMITS.json_depth
    assert value == "…"
    assert "djupare än 32" in system_notices(result)[0]


def test_nan_and_infinity_become_null() -> None:
    raw = b'{"status": "succeeded", "outputs": [{"kind": "json", "value": [NaN, Infinity, -Infinity, 1.5]}]}'
    result = normalize_result(raw)
    assert result.outputs == [JsonOutput(value=[None, None, None, 1.5])]
    from_python = normalize_result(
        ok(outputs=[{"kind": "table", "columns": [{"key": "x"}], "rows": [{"x": float("nan")}]}])
    )
    assert isinstance(from_python.outputs[0], TableOutput)
    assert from_python.outputs[0].rows == [{"x": None}]


def test_invalid_utf8_and_nul_and_lone_surrogates_are_replaced() -> None:
    raw = b'{"status": "succeeded", "outputs": [{"kind": "notice", "message": "bad \xff\xfe end"}]}'
    result = normalize_result(raw)
    assert result.outputs == [NoticeOutput(message="bad \ufffd\ufffd end")]
    other = normalize_result(ok(outputs=[{"kind": "markdown", "markdown": "nul\x00 and \ud800"}]))
    assert isinstance(other.outputs[0], MarkdownOutput)
    assert "\x00" not in other.outputs[0].markdown
    other.outputs[0].markdown.encode("utf-8")


def test_long_texts_are_truncated_with_a_notice() -> None:
    result = normalize_result(ok(outputs=[{"kind": "markdown", "markdown": "å" * 100_000}]))
    shown = result.outputs[0]
    assert isinstance(shown, MarkdownOutput)
    assert len(shown.markdown.encode()) <= DEFAULT_LIMITS.markdown_bytes
    assert shown.markdown.endswith("…")
    assert "64 KiB" in system_notices(result)[0]


def test_too_many_outputs_and_actions_are_capped_with_notices() -> None:
    outputs = [{"kind": "markdown", "markdown": str(i)} for i in range(60)]
    actions = [{"id": f"a{i}", "label": f"A{i}"} for i in range(12)]
    result = normalize_result(ok(outputs=outputs, actions=actions))
    assert len(result.outputs) == 50
    assert len(result.actions) == 10
    assert isinstance(result.outputs[-1], NoticeOutput) and result.outputs[-1].system


def test_one_primary_action_remains() -> None:
    actions = [
        {"id": "a", "label": "A"},
        {"id": "b", "label": "B", "primary": True},
        {"id": "c", "label": "C", "primary": True},
    ]
    result = normalize_result(ok(actions=actions))
    assert [a.primary for a in result.actions] == [False, True, False]


def test_an_invalid_action_is_dropped_with_a_notice() -> None:
    actions = [
        {"id": "Bad Id", "label": "A"},
        {"id": "ok", "label": "B", "fields": [{"kind": "string", "name": "x"}]},
        {"id": "fine", "label": "C"},
    ]
    result = normalize_result(ok(actions=actions))
    assert [a.id for a in result.actions] == ["fine"]
    assert len(system_notices(result)) == 2


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("report.docx", True),
        ("plots/a.png", True),
        ("/etc/passwd", False),
        ("../x", False),
        ("a/../../x", False),
        ("a//b", False),
        ("./a", False),
        ("C:/x", False),
        ("a\\b", False),
        ("", False),
        (5, False),
    ],
)
def test_artifact_paths_are_relative_without_dot_dot(path: object, safe: bool) -> None:
    assert safe_artifact_path(path) is safe


def test_artifacts_are_checked_against_what_the_worker_collected() -> None:
    result = normalize_result(
        ok(
            outputs=[
                {"kind": "file", "artifact": "missing.pdf"},
                {"kind": "file", "artifact": "a.pdf"},
            ],
            artifacts=[{"path": "a.pdf", "label": "A"}, {"path": "missing.pdf"}, {"path": "../x"}],
        ),
        artifacts=["a.pdf"],
    )
    assert [a.path for a in result.artifacts] == ["a.pdf"]
    assert "missing.pdf finns inte" in system_notices(result)[0]


def test_state_over_its_limit_fails_the_run_and_changes_nothing() -> None:
    result = normalize_result(ok(state={"mode": "replace", "value": {"x": "y" * 70_000}}))
    assert result.error is not None and result.error.code == "output_limit"
    assert result.state.__struct_config__.tag == "keep"


def test_a_failed_result_keeps_its_error_and_never_changes_state() -> None:
    result = normalize_result(
        {
            "status": "failed",
            "error": {"code": "user_error", "message": "Filen saknar kolumnen Namn."},
            "state": {"mode": "clear"},
            "actions": [{"id": "x", "label": "X"}],
        }
    )
    assert result.error is not None and result.error.message == "Filen saknar kolumnen Namn."
    assert result.state.__struct_config__.tag == "keep"
    assert result.actions == []


# --- properties -----------------------------------------------------------------------------

kinds = st.sampled_from([*OUTPUT_KINDS, "video"])
texts = st.text(max_size=40) | st.sampled_from(["x" * 200, "å" * 100, "a.png", "../x", "r.csv"])
outputs = st.fixed_dictionaries(
    {"kind": kinds},
    optional={
        "message": texts,
        "level": st.sampled_from(["info", "error", "loud"]),
        "markdown": texts,
        "html": texts,
        "height": st.integers(-10, 5000),
        "value": json_values,
        "title": texts | st.none(),
        "columns": st.lists(
            st.fixed_dictionaries(
                {"key": st.sampled_from(["a", "b", "c"])}, optional={"label": texts}
            ),
            max_size=4,
        ),
        "rows": st.lists(
            st.dictionaries(st.sampled_from(["a", "b", "z"]), json_values, max_size=3), max_size=6
        ),
        "artifact": texts,
        "alt": texts,
        "label": texts,
        "system": st.booleans(),
    },
)
fields = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["string", "integer", "enum"]),
        "name": st.sampled_from(["a", "b", "c", "B"]),
        "label": texts,
    }
)
actions = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "c", "d", "Bad"]), "label": texts},
    optional={"fields": st.lists(fields, max_size=3), "primary": st.booleans(), "confirm": texts},
)
states = st.none() | st.fixed_dictionaries(
    {"mode": st.sampled_from(["keep", "replace", "clear", "merge"])},
    optional={"value": json_values},
)
envelopes = st.fixed_dictionaries(
    {"status": st.sampled_from(["succeeded", "succeeded", "failed", "x"])},
    optional={
        "contract": st.sampled_from([1, 1, 2]),
        "outputs": st.lists(outputs, max_size=8),
        "actions": st.lists(actions, max_size=4, unique_by=lambda a: a["id"]),
        "state": states,
        "artifacts": st.lists(
            st.fixed_dictionaries({"path": texts}, optional={"label": texts}), max_size=4
        ),
        "error": st.fixed_dictionaries(
            {"code": st.sampled_from(["user_error", "exception", "oom", "x"]), "message": texts}
        ),
    },
)
anything = st.one_of(envelopes, envelopes, envelopes, json_values)


def json_depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(json_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(json_depth, value.values()), default=0)
    return 0


def assert_within_limits(result: RunResult, limits: Limits) -> None:
    assert len(result.outputs) <= limits.outputs
    assert len(result.actions) <= limits.actions
    assert ui_payload_size(result) <= limits.ui_payload_bytes
    assert len(result.artifacts) <= limits.artifacts
    assert all(safe_artifact_path(a.path) for a in result.artifacts)
    assert sum(a.primary for a in result.actions) == (1 if result.actions else 0)
    for action in result.actions:
        assert len(action.fields) <= limits.fields_per_form
    for output in result.outputs:
        match output:
            case NoticeOutput():
                assert len(output.message.encode()) <= limits.notice_bytes
            case MarkdownOutput():
                assert len(output.markdown.encode()) <= limits.markdown_bytes
            case JsonOutput():
                assert len(msgspec.json.encode(output.value)) <= limits.json_bytes
                assert json_depth(output.value) <= limits.json_depth
            case TableOutput():
                assert len(output.rows) <= limits.table_rows
                assert len(output.columns) <= limits.table_columns
                for row in output.rows:
                    for cell in row.values():
                        if isinstance(cell, str):
                            assert len(cell.encode()) <= limits.table_cell_bytes
    if isinstance(result.state, ReplaceState):
        assert len(msgspec.json.encode(result.state.value)) <= limits.state_bytes
        assert json_depth(result.state.value) <= limits.json_depth
    if result.status == "failed":
        assert result.state.__struct_config__.tag == "keep"
        assert result.actions == []
    assert result.error is None or result.error.code != "platform_error"


def check_normalizer(raw: Any, limits: Limits) -> None:
    for given_as in (raw, msgspec.json.encode(raw) if _encodable(raw) else raw):
        result = normalize_result(given_as, limits)
        assert_within_limits(result, limits)
        encoded = msgspec.json.encode(result)
        assert msgspec.json.decode(encoded, type=RunResult) == result  # re-validates
        assert normalize_result(encoded, limits) == result  # idempotent
        assert normalize_result(msgspec.to_builtins(result), limits) == result


def _encodable(raw: Any) -> bool:
    try:
        msgspec.json.encode(raw)
    except (TypeError, OverflowError, UnicodeEncodeError, ValueError):
        return False
    return True


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_any_json_normalizes_within_the_default_limits_idempotently(raw: Any) -> None:
    check_normalizer(raw, DEFAULT_LIMITS)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_any_json_normalizes_within_tiny_limits_idempotently(raw: Any) -> None:
    check_normalizer(raw, TINY)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash_the_normalizer(raw: bytes) -> None:
    result = normalize_result(raw)
    assert_within_limits(result, DEFAULT_LIMITS)


def test_normalizing_is_deterministic() -> None:
    raw = ok(
        outputs=[
            {"kind": "table", "columns": [{"key": "a"}], "rows": [{"a": i} for i in range(2000)]}
        ]
    )
    assert msgspec.json.encode(normalize_result(raw)) == msgspec.json.encode(normalize_result(raw))
