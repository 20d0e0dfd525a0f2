"""Example runs: a version's examples run in the sandbox, each checked against its
expected.json (as backend/script_bank/ writes them):

    {"status": "succeeded", "artifacts": ["namnlista.csv", ...]}
    {"status": "failed", "error_code": "user_error", "message_contains": "är tom"}

A run meets its example when it ends with that status and, for a success, exactly those
artifact names; for a failure, that error code and a message containing the words. An example
whose files the server refuses before any run (an image named .csv) meets an expected failure:
the file never reaches the tool, and the refusal says what to do, as it would to a teacher.

An example with actions (actions.json) takes them one after the other, each once the run
before it succeeded, as tests/api/test_script_bank_via_api.py does: expected.json judges the
last run. A run before the last that does not succeed, or an action the server refuses (not
offered, invalid input), means the example is not met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from .runs import RunStatus, RunView


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
    run_id: UUID | None  # the first run
    # why the server refused the example's files (no run), or, with step > 0 or a run, the
    # action after the last run
    refusal: Refusal | None
    # expected.json as it was at the start; None when there is nothing to check
    expected: dict[str, Any] | None
    created_at: datetime
    actions: list[dict[str, Any]] = field(default_factory=list)  # actions.json at the start
    step: int = 0  # how many of the actions have been taken
    last_run_id: UUID | None = None  # the latest run of the chain (the first run until then)

    @property
    def latest_run_id(self) -> UUID | None:
        return self.last_run_id or self.run_id

    @property
    def actions_left(self) -> int:
        return len(self.actions) - self.step

    def next_action(self, run: RunView) -> dict[str, Any] | None:
        """The action to take now: the last run succeeded, and an action is left."""
        if self.refusal is not None or self.actions_left <= 0:
            return None
        if run.status is not RunStatus.SUCCEEDED:
            return None
        return self.actions[self.step]


@dataclass(frozen=True, slots=True)
class ExampleRunView:
    """One example's latest run as the API shows it."""

    case: str
    run: RunView | None
    refusal: Refusal | None
    expected_met: bool | None
    created_at: datetime
    step: int = 0  # actions taken so far
    steps: int = 1  # runs in all: the first and one per action


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


def example_meets(
    expected: dict[str, Any] | None,
    run: RunView,
    *,
    actions_left: int = 0,
    action_refused: bool = False,
) -> bool | None:
    """The run is the latest of an example's chain: with actions left it must have succeeded
    (None: the next action comes), and a refused action fails the example; the last run is
    judged by expected.json."""
    if expected is None or not run.status.terminal:
        return None
    if action_refused:
        return False
    if actions_left > 0:
        return None if run.status is RunStatus.SUCCEEDED else False
    return run_meets(expected, run)


def refusal_meets(expected: dict[str, Any] | None) -> bool | None:
    if expected is None:
        return None
    return expected.get("status") == "failed"
