"""expected.json against a finished run (domain/example_runs.py)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime

from skriptoteket.domain.example_runs import example_meets, refusal_meets, run_meets
from skriptoteket.domain.runs import (
    RunArtifact,
    RunEnv,
    RunErrorView,
    RunMode,
    RunStatus,
    RunView,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def run(status: RunStatus, *artifacts: str, error: RunErrorView | None = None) -> RunView:
    run_id = uuid.uuid4()
    return RunView(
        id=run_id,
        user_id=uuid.uuid4(),
        tool_id=uuid.uuid4(),
        tool_slug="t",
        tool_title="T",
        version=1,
        session_id=None,
        mode=RunMode.INITIAL,
        env=RunEnv.SANDBOX,
        status=status,
        error=error,
        outputs=[],
        actions=[],
        artifacts=[
            RunArtifact(uuid.uuid4(), name, name, 1, "text/csv", "", "", NOW) for name in artifacts
        ],
        queued_at=NOW,
        started_at=None,
        finished_at=None,
    )


def test_a_success_meets_its_status_and_exact_artifact_names() -> None:
    expected = {"status": "succeeded", "artifacts": ["b.xlsx", "a.csv"]}
    assert run_meets(expected, run(RunStatus.SUCCEEDED, "a.csv", "b.xlsx")) is True
    assert run_meets(expected, run(RunStatus.SUCCEEDED, "a.csv")) is False
    assert run_meets(expected, run(RunStatus.TIMED_OUT)) is False
    assert run_meets(expected, run(RunStatus.RUNNING)) is None
    assert run_meets(None, run(RunStatus.SUCCEEDED)) is None


def test_a_failure_meets_its_code_and_words() -> None:
    expected = {"status": "failed", "error_code": "user_error", "message_contains": "är tom"}
    empty = run(RunStatus.FAILED, error=RunErrorView("user_error", "Filen är tom."))
    assert run_meets(expected, empty) is True
    other = dataclasses.replace(empty, error=RunErrorView("user_error", "Fel kolumner."))
    assert run_meets(expected, other) is False
    crash = dataclasses.replace(empty, error=RunErrorView("exception", "Filen är tom."))
    assert run_meets(expected, crash) is False
    assert run_meets(expected, run(RunStatus.SUCCEEDED)) is False


def test_a_refused_upload_meets_an_expected_failure_only() -> None:
    assert refusal_meets({"status": "failed", "error_code": "user_error"}) is True
    assert refusal_meets({"status": "succeeded", "artifacts": []}) is False
    assert refusal_meets(None) is None


def test_an_example_with_actions_is_judged_on_its_last_run_only() -> None:
    expected = {"status": "succeeded", "artifacts": ["grupper.docx"]}
    done = run(RunStatus.SUCCEEDED)
    # Succeeded with actions left: the next action comes, nothing to judge yet.
    assert example_meets(expected, done, actions_left=2) is None
    assert example_meets(expected, run(RunStatus.RUNNING), actions_left=0) is None
    # A step before the last that does not succeed fails the example, whatever it expects.
    failed = run(RunStatus.FAILED, error=RunErrorView(code="user_error", message="är tom"))
    assert (
        example_meets({"status": "failed", "error_code": "user_error"}, failed, actions_left=1)
        is False
    )
    assert example_meets(expected, failed, actions_left=1) is False
    # A refused action fails it too; the last run is judged by expected.json.
    assert example_meets(expected, done, actions_left=1, action_refused=True) is False
    assert example_meets(expected, run(RunStatus.SUCCEEDED, "grupper.docx")) is True
    assert example_meets(expected, done) is False
    assert example_meets(None, done) is None
