"""From the runner's report to the run's terminal status."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skriptoteket.application.runs.interpret_outcome import interpret_outcome, read_result
from skriptoteket.domain.runs import ErrorCode, RunStatus
from skriptoteket.protocols.runner import RunOutcome


def outcome(result: object = None, **flags: object) -> RunOutcome:
    body = None if result is None else json.dumps(result).encode()
    return RunOutcome(exit_code=flags.pop("exit_code", 0), result_json=body, **flags)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("report", "cancel", "expected"),
    [
        (outcome({"status": "succeeded"}), False, (RunStatus.SUCCEEDED, None)),
        (
            outcome({"status": "failed", "error": {"code": "user_error", "message": "Tom fil."}}),
            False,
            (RunStatus.FAILED, ErrorCode.USER_ERROR),
        ),
        (outcome(killed=True, exit_code=137), True, (RunStatus.CANCELLED, None)),
        (outcome(killed=True, exit_code=137), False, (RunStatus.FAILED, ErrorCode.PLATFORM_ERROR)),
        (outcome(timed_out=True, exit_code=137), False, (RunStatus.TIMED_OUT, None)),
        (outcome(oom=True, exit_code=137), False, (RunStatus.FAILED, ErrorCode.OOM)),
        (outcome(exit_code=1), False, (RunStatus.FAILED, ErrorCode.PLATFORM_ERROR)),
        (
            outcome(platform_error="engine gone"),
            False,
            (RunStatus.FAILED, ErrorCode.PLATFORM_ERROR),
        ),
        (
            outcome({"status": "succeeded"}, output_limit=True),
            False,
            (RunStatus.FAILED, ErrorCode.OUTPUT_LIMIT),
        ),
        (outcome({"status": "maybe"}), False, (RunStatus.FAILED, ErrorCode.CONTRACT_VIOLATION)),
        (outcome([1, 2]), False, (RunStatus.FAILED, ErrorCode.CONTRACT_VIOLATION)),
    ],
)
def test_each_kind_of_ending_maps_to_its_status_and_error(
    report: RunOutcome, cancel: bool, expected: tuple[RunStatus, ErrorCode | None]
) -> None:
    verdict = interpret_outcome(report, cancel_requested=cancel)
    assert (verdict.status, verdict.error_code) == expected


def test_an_unknown_error_code_from_the_tool_is_a_contract_violation() -> None:
    verdict = read_result(json.dumps({"status": "failed", "error": {"code": "weird"}}).encode())
    assert (verdict.status, verdict.error_code) == (RunStatus.FAILED, ErrorCode.CONTRACT_VIOLATION)


def test_a_succeeded_result_is_stored_normalized() -> None:
    verdict = read_result(
        json.dumps(
            {"status": "succeeded", "outputs": [{"kind": "notice", "message": "Klart"}]}
        ).encode()
    )
    assert verdict.status is RunStatus.SUCCEEDED
    assert verdict.result is not None
    assert verdict.result["outputs"][0]["kind"] == "notice"
    assert verdict.result["state"] == {"mode": "keep"}


@given(st.binary(max_size=200))
def test_any_bytes_as_result_json_give_a_terminal_verdict(data: bytes) -> None:
    verdict = read_result(data)
    assert verdict.status.terminal
