"""From what the runner reports to the run's terminal verdict (docs/tool-contract.md "Status
and errors"): result.json goes through the contract's normalizer; the collected files become
artifact records; a succeeded run in a session carries the session's change (state mode,
pending actions, promoted artifacts) for the worker to apply with compare-and-swap."""

from __future__ import annotations

import mimetypes
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.contract import DEFAULT_LIMITS, Limits, normalize_result
from skriptoteket.domain.clock import utcnow
from skriptoteket.domain.runs import (
    ErrorCode,
    NewArtifact,
    PromotedFile,
    RunStatus,
    ToolSessionChange,
    Verdict,
)
from skriptoteket.protocols.runner import CollectedArtifact, RunOutcome

from .uploads import unique_name


@dataclass(frozen=True, slots=True)
class ToolSessionRef:
    """The session a run belongs to and its state_rev when the run was queued."""

    session_id: UUID
    base_rev: int


def interpret_outcome(
    outcome: RunOutcome,
    *,
    cancel_requested: bool,
    limits: Limits = DEFAULT_LIMITS,
    session: ToolSessionRef | None = None,
    now: datetime | None = None,
) -> Verdict:
    verdict = _status(outcome, cancel_requested, limits)
    now = now or utcnow()
    artifacts = _artifacts(outcome.artifacts, verdict.result, limits, now)
    change = None
    if verdict.status is RunStatus.SUCCEEDED and session is not None:
        change = _session_change(session, verdict.result or {}, artifacts, limits, now)
    return replace(verdict, artifacts=artifacts, session=change)


def _status(outcome: RunOutcome, cancel_requested: bool, limits: Limits) -> Verdict:
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
    verdict = read_result(
        outcome.result_json, limits, artifacts=[a.path for a in outcome.artifacts]
    )
    return replace(verdict, logs=logs)


def read_result(
    result_json: bytes, limits: Limits = DEFAULT_LIMITS, *, artifacts: list[str] | None = None
) -> Verdict:
    """The one place that reads result.json: normalized by the contract, stored as is."""
    result = normalize_result(result_json, limits, artifacts=artifacts)
    body: dict[str, Any] = msgspec.to_builtins(result)
    if result.status == "succeeded":
        return Verdict(RunStatus.SUCCEEDED, result=body)
    error = result.error
    code = ErrorCode(error.code) if error is not None else ErrorCode.EXCEPTION
    message = error.message if error is not None and error.message else "The tool failed."
    return Verdict(RunStatus.FAILED, code, message, result=body)


def media_type_of(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def _artifacts(
    collected: list[CollectedArtifact],
    result: dict[str, Any] | None,
    limits: Limits,
    now: datetime,
) -> list[NewArtifact]:
    labels: dict[str, tuple[str | None, bool]] = {}
    for item in (result or {}).get("artifacts") or []:
        labels[str(item.get("path"))] = (item.get("label"), bool(item.get("promote")))
    expires = now + timedelta(days=limits.artifact_retention_days)
    found = []
    for a in sorted(collected, key=lambda a: a.path):
        label, promote = labels.get(a.path, (None, False))
        name = a.path.rsplit("/", 1)[-1]
        found.append(
            NewArtifact(
                id=uuid.uuid4(),
                path=a.path,
                name=name,
                bytes=a.bytes,
                media_type=media_type_of(name),
                sha256=a.sha256,
                store_key=a.key,
                expires_at=expires,
                label=label,
                promote=promote,
            )
        )
    return found


def _session_change(
    session: ToolSessionRef,
    result: dict[str, Any],
    artifacts: list[NewArtifact],
    limits: Limits,
    now: datetime,
) -> ToolSessionChange:
    state: dict[str, Any] = result.get("state") or {"mode": "keep"}
    expires = now + timedelta(hours=limits.session_file_retention_h)
    promoted: list[PromotedFile] = []
    taken: set[str] = set()
    for a in artifacts:
        if a.promote:
            name = unique_name(a.name, taken)
            taken.add(name)
            promoted.append(
                PromotedFile(id=uuid.uuid4(), name=name, artifact=a, expires_at=expires)
            )
    return ToolSessionChange(
        session_id=session.session_id,
        base_rev=session.base_rev,
        state_mode=str(state.get("mode", "keep")),
        state_value=state.get("value") if state.get("mode") == "replace" else None,
        pending_actions=list(result.get("actions") or []),
        promoted=promoted,
        expires_at=expires,
    )
