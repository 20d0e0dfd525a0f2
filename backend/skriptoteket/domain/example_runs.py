"""Example runs: a version's examples run in the sandbox, each checked against its
expected.json (as backend/script_bank/ writes them):

    {"status": "succeeded", "artifacts": ["namnlista.csv", ...]}
    {"status": "failed", "error_code": "user_error", "message_contains": "är tom"}

A run meets its example when it ends with that status and, for a success, exactly those
artifact names; for a failure, that error code and a message containing the words. An example
whose files the server refuses before any run (an image named .csv) meets an expected failure:
the file never reaches the tool, and the refusal says what to do, as it would to a teacher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from .runs import RunView


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why the server refused an example before running it (the 422's first error)."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class NewExampleRun:
    id: UUID
    version_id: UUID
    case: str
    user_id: UUID
    run_id: UUID | None
    refusal: Refusal | None
    # expected.json as it was at the start; None when there is nothing to check (no
    # expected.json, or the example takes actions, which example runs do not take)
    expected: dict[str, Any] | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ExampleRunView:
    """One example's latest run as the API shows it."""

    case: str
    run: RunView | None
    refusal: Refusal | None
    expected_met: bool | None
    created_at: datetime


def run_meets(expected: dict[str, Any] | None, run: RunView) -> bool | None:
    """Whether the finished run ends as expected; None while it runs or without expectation."""
    if expected is None or not run.status.terminal:
        return None
    if run.status.value != expected.get("status"):
        return False
    if run.status.value == "failed":
        error = run.error
        return (
            error is not None
            and error.code == expected.get("error_code", error.code)
            and str(expected.get("message_contains", "")) in error.message
        )
    if run.status.value == "succeeded" and "artifacts" in expected:
        return sorted(a.name for a in run.artifacts) == sorted(expected["artifacts"])
    return True


def refusal_meets(expected: dict[str, Any] | None) -> bool | None:
    if expected is None:
        return None
    return expected.get("status") == "failed"
