"""Runs: what a user asked a tool to do, and how it ended (tool-contract.md "Status and errors")."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self not in (RunStatus.QUEUED, RunStatus.RUNNING)


class RunMode(enum.StrEnum):
    INITIAL = "initial"
    ACTION = "action"


class RunEnv(enum.StrEnum):
    PRODUCTION = "production"
    SANDBOX = "sandbox"


class ErrorCode(enum.StrEnum):
    USER_ERROR = "user_error"
    EXCEPTION = "exception"
    SYNTAX_ERROR = "syntax_error"
    CONTRACT_VIOLATION = "contract_violation"
    OUTPUT_LIMIT = "output_limit"
    OOM = "oom"
    PLATFORM_ERROR = "platform_error"


class Priority(enum.IntEnum):
    """Lower runs first."""

    INTERACTIVE = 0  # someone is waiting in the browser
    BACKGROUND = 10


@dataclass(frozen=True, slots=True)
class NewRun:
    """A run to create together with its job. `request` is what the worker needs to build the
    execution (source reference, request payload, limits): see application/runs/run_spec.py."""

    id: UUID
    user_id: UUID
    tool_id: UUID
    tool_version_id: UUID
    tool_slug: str
    version_number: int
    mode: RunMode
    env: RunEnv
    request: dict[str, Any]
    session_id: UUID | None = None
    priority: int = Priority.INTERACTIVE


@dataclass(frozen=True, slots=True)
class RunRef:
    """Just enough of a stored run to decide who may act on it."""

    id: UUID
    user_id: UUID
    status: RunStatus


@dataclass(frozen=True, slots=True)
class Verdict:
    """How an attempt ended: the terminal status with its error and the tool's result."""

    status: RunStatus
    error_code: ErrorCode | None = None
    error_message: str | None = None
    result: dict[str, Any] | None = None
    logs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def platform_error(cls, message: str) -> Verdict:
        return cls(RunStatus.FAILED, ErrorCode.PLATFORM_ERROR, message)
