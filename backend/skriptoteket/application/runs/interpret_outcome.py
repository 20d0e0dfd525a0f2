"""From what the runner reports to the run's terminal status (tool-contract.md "Status and
errors"). Reading result.json is kept minimal and behind `read_result`, where the contract's
result normalizer plugs in."""

from __future__ import annotations

import json
from typing import Any

from skriptoteket.domain.runs import ErrorCode, RunStatus, Verdict
from skriptoteket.protocols.runner import RunOutcome


def interpret_outcome(outcome: RunOutcome, *, cancel_requested: bool) -> Verdict:
    logs = {"stdout": outcome.stdout, "stderr": outcome.stderr}
    if outcome.killed:
        if cancel_requested:
            return Verdict(RunStatus.CANCELLED, logs=logs)
        return Verdict(
            RunStatus.FAILED,
            ErrorCode.PLATFORM_ERROR,
            "The run was stopped by the platform before it finished.",
            logs=logs,
        )
    if outcome.timed_out:
        return Verdict(
            RunStatus.TIMED_OUT, error_message="The run took longer than allowed.", logs=logs
        )
    if outcome.platform_error is not None:
        return Verdict(
            RunStatus.FAILED, ErrorCode.PLATFORM_ERROR, outcome.platform_error, logs=logs
        )
    if outcome.output_limit:
        return Verdict(
            RunStatus.FAILED,
            ErrorCode.OUTPUT_LIMIT,
            "The tool wrote more output than allowed.",
            logs=logs,
        )
    if outcome.result_json is None:
        if outcome.oom:
            return Verdict(
                RunStatus.FAILED, ErrorCode.OOM, "The tool ran out of memory.", logs=logs
            )
        return Verdict(
            RunStatus.FAILED,
            ErrorCode.PLATFORM_ERROR,
            f"The tool ended without a result (exit code {outcome.exit_code}).",
            logs=logs,
        )
    verdict = read_result(outcome.result_json)
    return Verdict(
        verdict.status, verdict.error_code, verdict.error_message, verdict.result, logs=logs
    )


def read_result(result_json: bytes) -> Verdict:
    """The one place that reads result.json: its status and error, and the body to store.

    Deliberately minimal; the runs issue replaces it with the contract's normalizer."""
    try:
        body = json.loads(result_json)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _violation("result.json is not valid JSON.")
    if not isinstance(body, dict):
        return _violation("result.json is not a JSON object.")
    status = body.get("status")
    if status == "succeeded":
        return Verdict(RunStatus.SUCCEEDED, result=body)
    if status == "failed":
        error: Any = body.get("error") or {}
        code = error.get("code") if isinstance(error, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        known = {c.value for c in ErrorCode}
        return Verdict(
            RunStatus.FAILED,
            ErrorCode(code) if code in known else ErrorCode.EXCEPTION,
            str(message) if message else "The tool failed.",
            result=body,
        )
    return _violation("result.json has no valid status.")


def _violation(message: str) -> Verdict:
    return Verdict(RunStatus.FAILED, ErrorCode.CONTRACT_VIOLATION, message)
