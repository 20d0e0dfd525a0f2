"""The port between the worker and whatever executes a tool (a container engine in
production, an in-memory runner in tests). It speaks bytes and files, not contract types:
the worker builds request.json and interprets result.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from uuid import UUID

from .files import StoredFile


@dataclass(frozen=True, slots=True)
class RunLimits:
    timeout_s: int = 60
    memory_mb: int = 512
    cpus: float = 1.0
    pids: int = 128
    tmp_mb: int = 256
    output_mb: int = 256
    max_artifacts: int = 50
    max_artifact_bytes_total: int = 100 * 1024 * 1024
    max_result_bytes: int = 2 * 1024 * 1024
    max_log_bytes: int = 200 * 1024


@dataclass(frozen=True, slots=True)
class RunSpec:
    run_id: UUID
    attempt: int
    source_files: dict[str, str]  # staged read-only under /work/tool/
    request_json: bytes  # staged as /work/request.json
    # staged read-only as /work/input/<name>, from where each lies locally
    input_files: dict[str, Path] = field(default_factory=dict)
    limits: RunLimits = field(default_factory=RunLimits)
    # Code no reviewer has approved (a sandbox run of a draft): a runner may isolate it harder.
    unreviewed: bool = False


@dataclass(frozen=True, slots=True)
class RunOutcome:
    exit_code: int | None
    result_json: bytes | None  # None: the tool left no (readable, in-bounds) result.json
    timed_out: bool = False
    oom: bool = False
    killed: bool = False  # stopped on request (cancel)
    output_limit: bool = False  # artifacts over their caps, or links/special files
    # Each regular file the tool left under /work/output, by its path there, as the file
    # store keeps it.
    artifacts: dict[str, StoredFile] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    platform_error: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    output_error: str | None = None  # why output_limit was set, for maintainers
    result_error: str | None = None  # why result_json is None although the tool finished


class ToolRunner(Protocol):
    async def run(self, spec: RunSpec) -> RunOutcome:
        """Execute one attempt to the end (or the deadline); never raises for tool misbehaviour."""
        ...

    async def kill(self, run_id: UUID) -> None:
        """Stop the run's execution now (cancel); `run` then returns with killed=True."""
        ...

    async def remove(self, run_id: UUID) -> None:
        """Remove whatever is left of the run (the reaper calls this for dead workers' runs)."""
        ...
