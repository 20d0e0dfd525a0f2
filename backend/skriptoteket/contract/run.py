"""A run's request (what the tool reads) and result (what the tool returns), with actions,
state modes, artifacts and the error."""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

import msgspec

from .base import ContractStruct
from .fields import Field, Label
from .outputs import ArtifactPath, Output, Title

CONTRACT_VERSION: Final = 1

ACTION_ID_PATTERN: Final = r"^[a-z0-9_.-]{1,64}$"

Status = Literal["succeeded", "failed"]
ErrorCode = Literal[
    "user_error",
    "exception",
    "syntax_error",
    "contract_violation",
    "output_limit",
    "oom",
    "platform_error",
]
FieldValue = str | int | float | bool | list[str]
"""A validated form value (dates as ISO strings; file fields are in `files`, not here)."""


class Action(ContractStruct, kw_only=True, frozen=True):
    """A next step the user can take; it has its own form."""

    id: Annotated[str, msgspec.Meta(pattern=ACTION_ID_PATTERN)]
    label: Label
    fields: list[Field] = msgspec.field(default_factory=list)
    primary: bool = False
    confirm: Annotated[str, msgspec.Meta(max_length=500)] | None = None


class StateBase(
    msgspec.Struct,
    kw_only=True,
    frozen=True,
    forbid_unknown_fields=True,
    omit_defaults=True,
    tag_field="mode",
):
    pass


class KeepState(StateBase, tag="keep", kw_only=True, frozen=True):
    """Leave the session state as it is (also what an omitted state means)."""


class ReplaceState(StateBase, tag="replace", kw_only=True, frozen=True):
    """Replace the session state with `value`."""

    value: dict[str, Any]


class ClearState(StateBase, tag="clear", kw_only=True, frozen=True):
    """Empty the session state."""


StateChange = KeepState | ReplaceState | ClearState


class Artifact(ContractStruct, kw_only=True, frozen=True):
    """A label for a file under /work/output; `promote` adds it to the session's files."""

    path: ArtifactPath
    label: Title | None = None
    promote: bool = False


class RunError(ContractStruct, kw_only=True, frozen=True):
    """Why a run failed. `detail` (a traceback) is for the tool's maintainers only;
    `file`, `line`, `column` locate a syntax error."""

    code: ErrorCode
    message: Annotated[str, msgspec.Meta(max_length=8192)]
    detail: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None


class RunResult(ContractStruct, kw_only=True, frozen=True, omit_defaults=False):
    """result.json, and (normalized) what the platform stores and draws."""

    contract: Literal[1] = 1
    status: Status
    error: RunError | None = None
    outputs: list[Output] = msgspec.field(default_factory=list)
    actions: list[Action] = msgspec.field(default_factory=list)
    state: StateChange = msgspec.field(default_factory=KeepState)
    artifacts: list[Artifact] = msgspec.field(default_factory=list)


class RunInfo(ContractStruct, kw_only=True, frozen=True):
    id: str
    mode: Literal["initial", "action"]
    env: Literal["production", "sandbox"]
    tool: str
    version: int
    deadline_s: int
    locale: str = "sv-SE"
    entrypoint: str = "main.py:run"  # the manifest's, so the harness needs no manifest


class ActionCall(ContractStruct, kw_only=True, frozen=True):
    """The action the user took, with its validated input."""

    id: Annotated[str, msgspec.Meta(pattern=ACTION_ID_PATTERN)]
    input: dict[str, FieldValue] = msgspec.field(default_factory=dict)


class RequestFile(ContractStruct, kw_only=True, frozen=True):
    """A staged file: `path` is where it lies inside the container (/work/input/<name>)."""

    id: str
    field: str
    name: str
    path: str
    bytes: int
    media_type: str
    sha256: str


class RunRequest(ContractStruct, kw_only=True, frozen=True, omit_defaults=False):
    """request.json: everything a tool reads."""

    contract: Literal[1] = 1
    run: RunInfo
    inputs: dict[str, FieldValue] = msgspec.field(default_factory=dict)
    action: ActionCall | None = None
    state: dict[str, Any] = msgspec.field(default_factory=dict)
    settings: dict[str, FieldValue] = msgspec.field(default_factory=dict)
    files: list[RequestFile] = msgspec.field(default_factory=list)
