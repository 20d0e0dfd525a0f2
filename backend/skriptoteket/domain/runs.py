"""Runs: what a user asked a tool to do, and how it ended (docs/tool-contract.md "Status and errors")."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from .users import Principal, Role


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
    execution (source, request payload, limits), encoded: application/runs/stored_request.py."""

    id: UUID
    user_id: UUID
    tool_id: UUID
    tool_version_id: UUID | None  # None: a sandbox run of an unsaved snapshot
    tool_slug: str
    version_number: int | None
    mode: RunMode
    env: RunEnv
    request: bytes
    session_id: UUID | None = None
    priority: int = Priority.INTERACTIVE


@dataclass(frozen=True, slots=True)
class QueuedRun:
    """What the queue says of a run it has just taken: when, and how many queued runs it
    will take before this one."""

    queued_at: datetime
    position: int


@dataclass(frozen=True, slots=True)
class RunRef:
    """Just enough of a stored run to decide who may act on it."""

    id: UUID
    user_id: UUID
    status: RunStatus


@dataclass(frozen=True, slots=True)
class RunArtifact:
    """A file the tool left under /work/output, already in the file store: as the verdict
    records it, in a run as the API shows it, and for a download (the response shows only what
    the API promises)."""

    id: UUID
    path: str  # relative to /work/output
    name: str  # the download name
    bytes: int
    media_type: str
    sha256: str
    store_key: str
    expires_at: datetime
    label: str | None = None
    promote: bool = False


@dataclass(frozen=True, slots=True)
class ToolSessionChange:
    """What a succeeded run does to its session, applied with compare-and-swap on `base_rev`
    together with storing the verdict (docs/tool-contract.md "Turn protocol" step 3)."""

    session_id: UUID
    base_rev: int
    state_mode: str  # keep | replace | clear
    state_value: dict[str, Any] | None
    pending_actions: list[dict[str, Any]]
    # artifacts the tool promoted, as the session files they become (kept until `expires_at`)
    promoted: list[ToolSessionFile] = field(default_factory=list)
    expires_at: datetime | None = None  # the session is in use: keep it this long at least


@dataclass(frozen=True, slots=True)
class Verdict:
    """How an attempt ended: the terminal status with its error and the tool's (normalized)
    result, the artifacts to record and, for a succeeded run in a session, its change."""

    status: RunStatus
    error_code: ErrorCode | None = None
    error_message: str | None = None
    result: dict[str, Any] | None = None
    logs: dict[str, str] = field(default_factory=dict)
    artifacts: list[RunArtifact] = field(default_factory=list)
    session: ToolSessionChange | None = None

    @classmethod
    def platform_error(cls, message: str) -> Verdict:
        return cls(RunStatus.FAILED, ErrorCode.PLATFORM_ERROR, message)


# --- the read model: a run as the API shows it ------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunErrorView:
    code: str
    message: str
    # For the tool's maintainers and admins only (a traceback; where a syntax error is).
    detail: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class RunView:
    """Everything the API's `Run` shows. `outputs` and `actions` are the stored, normalized
    contract values (builtins: lists of dicts); `logs` is None unless the viewer may see it."""

    id: UUID
    user_id: UUID
    tool_id: UUID
    tool_slug: str
    tool_title: str
    version: int | None
    session_id: UUID | None
    mode: RunMode
    env: RunEnv
    status: RunStatus
    error: RunErrorView | None
    outputs: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    artifacts: list[RunArtifact]
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    logs: dict[str, str] | None = None
    # While queued: how many queued runs the queue will take before this one.
    queue_position: int | None = None
    # Retention (application/runs/retention.py): when the owner first received the finished
    # run, and whether its content has since been deleted (and after how many days).
    delivered_at: datetime | None = None
    content_expired: bool = False
    retention_days: int | None = None
    # Who ran it: filled in where an admin lists everyone's runs.
    user_name: str | None = None
    # An example run (domain/example_runs.py): whether it ended as its example expects; None
    # while it runs, and for every run that checks no example.
    expected_met: bool | None = None

    def for_viewer(self, access: RunAccess) -> RunView:
        """What `access` may see: logs and error internals only for maintainers and admins."""
        error = self.error
        internal_error = error is not None and (
            error.detail is not None
            or error.file is not None
            or error.line is not None
            or error.column is not None
        )
        # Nothing to hide (no logs, no error internals): the view as it is, not a copy (a
        # replace() of its 25 fields was a tenth of a poll's own code).
        if access.sees_internals or (self.logs is None and not internal_error):
            return self
        if error is not None:
            error = RunErrorView(code=error.code, message=error.message)
        return replace(self, error=error, logs=None)


@dataclass(frozen=True, slots=True)
class RunAccess:
    can_view: bool  # the run, its events and its artifacts
    sees_internals: bool  # logs and error detail
    is_owner: bool


def run_access(principal: Principal, owner_id: UUID, *, is_maintainer: bool) -> RunAccess:
    """The owner, the tool's maintainers and admins see a run; to everyone else it
    does not exist (404). Logs and tracebacks are for maintainers and admins (a maintainer
    running their own tool sees them too)."""
    owner = principal.id == owner_id
    staff = principal.role.at_least(Role.ADMIN) or (
        is_maintainer and principal.role.at_least(Role.CONTRIBUTOR)
    )
    return RunAccess(can_view=owner or staff, sees_internals=staff, is_owner=owner)


@dataclass(frozen=True, slots=True)
class RunQuery:
    """GET /runs: one user's runs (None: everyone's, for admins), newest first, optionally of
    one tool, status and period; `failures_first` puts failed and timed-out runs on top."""

    user_id: UUID | None
    tool_slug: str | None = None
    status: RunStatus | None = None
    since: datetime | None = None
    until: datetime | None = None
    failures_first: bool = False
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ToolSessionFile:
    """A file of a tool session: uploaded with a run or an action, or promoted from an
    artifact. Its bytes are in the file store under `store_key`; the tool sees it as
    /work/input/<name> (names are unique within the session)."""

    id: UUID
    field: str | None  # the file field it was uploaded to (None: promoted)
    name: str
    bytes: int
    media_type: str
    sha256: str
    store_key: str


class ToolSessionStatus(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class ToolSessionView:
    id: UUID
    user_id: UUID
    tool_id: UUID
    tool_slug: str
    tool_title: str
    env: RunEnv
    status: ToolSessionStatus
    state_rev: int
    pending_actions: list[dict[str, Any]]
    files: list[ToolSessionFile]
    last_run_id: UUID | None
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    inputs: dict[str, Any] = field(default_factory=dict)  # the first run's (files excluded)
    state: dict[str, Any] = field(default_factory=dict)  # the tool's, for sandbox sessions


@dataclass(frozen=True, slots=True)
class NewToolSession:
    id: UUID
    tool_id: UUID
    tool_version_id: UUID | None
    user_id: UUID
    env: RunEnv
    inputs: dict[str, Any]
    expires_at: datetime
    snapshot: dict[str, Any] | None = None  # sandbox: the unsaved {manifest, files}


@dataclass(frozen=True, slots=True)
class ToolSessionRecord:
    """A tool session as the action handler needs it."""

    id: UUID
    tool_id: UUID
    tool_slug: str
    tool_version_id: UUID | None
    user_id: UUID
    env: RunEnv
    state: dict[str, Any]
    state_rev: int
    inputs: dict[str, Any]
    pending_actions: list[dict[str, Any]]
    snapshot: dict[str, Any] | None
    files: list[ToolSessionFile]
    expires_at: datetime
