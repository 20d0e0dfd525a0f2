"""From what the runner reports to the run's terminal verdict (docs/tool-contract.md "Status
and errors"): result.json goes through the contract's normalizer once, and the typed RunResult
it gives decides the rest: the collected files become artifact records; a succeeded run in a
tool session carries the session's change (state mode, pending actions, promoted artifacts)
for the worker to apply with compare-and-swap. The verdict keeps the result as plain JSON
values, the shape it is stored in."""

from __future__ import annotations

import mimetypes
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import msgspec

from skriptoteket.contract import (
    DEFAULT_LIMITS,
    Limits,
    ReplaceState,
    RunResult,
    normalize_result,
)
from skriptoteket.domain.clock import utcnow
from skriptoteket.domain.names import visible_name
from skriptoteket.domain.runs import (
    ErrorCode,
    RunArtifact,
    RunStatus,
    ToolSessionChange,
    ToolSessionFile,
    Verdict,
)
from skriptoteket.protocols.files import StoredFile
from skriptoteket.protocols.runner import RunOutcome

from .stored_request import ToolSessionRef
from .uploads import unique_name


def interpret_outcome(
    outcome: RunOutcome,
    *,
    cancel_requested: bool,
    limits: Limits = DEFAULT_LIMITS,
    session: ToolSessionRef | None = None,
    now: datetime | None = None,
) -> Verdict:
    """`limits` are the run's own (its stored request's), the ones its container had."""
    logs = {"stdout": outcome.stdout, "stderr": outcome.stderr}
    result: RunResult | None = None
    verdict = _without_result(outcome, cancel_requested, logs)
    if verdict is None:
        assert outcome.result_json is not None  # _without_result answers when it is missing
        result = normalize_result(outcome.result_json, limits, artifacts=list(outcome.artifacts))
        verdict = replace(verdict_of(result), logs=logs)
    now = now or utcnow()
    artifacts = _artifacts(outcome.artifacts, result, limits, now)
    change = None
    if verdict.status is RunStatus.SUCCEEDED and session is not None and result is not None:
        change = _session_change(session, result, artifacts, limits, now)
    return replace(verdict, artifacts=artifacts, session=change)


def _without_result(
    outcome: RunOutcome, cancel_requested: bool, logs: dict[str, str]
) -> Verdict | None:
    """The verdict of a run that ended without a result to read; None when there is one."""
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
    return None


def verdict_of(result: RunResult) -> Verdict:
    """A normalized result's status and error; the result kept as plain JSON values."""
    body: dict[str, Any] = msgspec.to_builtins(result)
    if result.status == "succeeded":
        return Verdict(RunStatus.SUCCEEDED, result=body)
    error = result.error
    code = ErrorCode(error.code) if error is not None else ErrorCode.EXCEPTION
    message = error.message if error is not None and error.message else "The tool failed."
    return Verdict(RunStatus.FAILED, code, message, result=body)


def read_result(
    result_json: bytes, limits: Limits = DEFAULT_LIMITS, *, artifacts: list[str] | None = None
) -> Verdict:
    """result.json alone, normalized by the contract (the verdict without logs or files)."""
    return verdict_of(normalize_result(result_json, limits, artifacts=artifacts))


def media_type_of(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def _artifacts(
    collected: dict[str, StoredFile],
    result: RunResult | None,
    limits: Limits,
    now: datetime,
) -> list[RunArtifact]:
    labels = {a.path: a for a in result.artifacts} if result is not None else {}
    expires = now + timedelta(days=limits.artifact_retention_days)
    found = []
    for path, stored in sorted(collected.items()):
        label = labels.get(path)
        name = visible_name(path.rsplit("/", 1)[-1]) or "fil"
        found.append(
            RunArtifact(
                id=uuid.uuid4(),
                path=path,
                name=name,
                bytes=stored.bytes,
                media_type=media_type_of(name),
                sha256=stored.sha256,
                store_key=stored.key,
                expires_at=expires,
                label=label.label if label is not None else None,
                promote=label.promote if label is not None else False,
            )
        )
    return found


def _session_change(
    session: ToolSessionRef,
    result: RunResult,
    artifacts: list[RunArtifact],
    limits: Limits,
    now: datetime,
) -> ToolSessionChange:
    expires = limits.session_expiry(now)
    promoted: list[ToolSessionFile] = []
    taken: set[str] = set()
    for a in artifacts:
        if a.promote:
            name = unique_name(a.name, taken)
            taken.add(name)
            promoted.append(
                ToolSessionFile(
                    id=uuid.uuid4(),
                    field=None,
                    name=name,
                    bytes=a.bytes,
                    media_type=a.media_type,
                    sha256=a.sha256,
                    store_key=a.store_key,
                )
            )
    state = result.state
    return ToolSessionChange(
        session_id=session.id,
        base_rev=session.base_rev,
        state_mode=str(state.__struct_config__.tag),  # keep | replace | clear
        state_value=state.value if isinstance(state, ReplaceState) else None,
        pending_actions=msgspec.to_builtins(result.actions),
        promoted=promoted,
        expires_at=expires,
    )
