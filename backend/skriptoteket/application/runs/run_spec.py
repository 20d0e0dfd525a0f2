"""From a claimed job to what the runner executes: the job's stored request (stored_request.py),
decoded once, becomes the RunSpec, and the limits and tool session its verdict is judged by."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from uuid import UUID

import msgspec

from skriptoteket.contract import Limits
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.queue import ClaimedJob
from skriptoteket.protocols.runner import RunLimits, RunSpec

from .stored_request import StoredRequest, ToolSessionRef


class SourceFiles(Protocol):
    """A stored version's source files (the catalog provides them)."""

    async def load(self, version_id: UUID) -> dict[str, str]: ...


class MissingSourceFiles:
    """Until the catalog plugs in: version references cannot be resolved."""

    async def load(self, version_id: UUID) -> dict[str, str]:
        raise LookupError(f"no source store is configured for version {version_id}")


@dataclass(frozen=True, slots=True)
class PreparedRun:
    """A job ready to execute: the spec for the runner, and what its outcome is judged by."""

    spec: RunSpec
    limits: Limits
    session: ToolSessionRef | None


def container_limits(limits: Limits) -> RunLimits:
    """What the runner enforces, from the run's limits table."""
    return RunLimits(
        timeout_s=limits.timeout_s,
        memory_mb=limits.memory_mb,
        cpus=limits.cpus,
        pids=limits.pids,
        tmp_mb=limits.tmp_mb,
        output_mb=limits.output_mb,
        max_artifacts=limits.artifacts,
        max_artifact_bytes_total=limits.artifact_total_bytes,
        max_result_bytes=limits.result_bytes,
        max_log_bytes=limits.log_bytes,
    )


class StoredRequestSpecs:
    """Builds the RunSpec from the run's stored request."""

    def __init__(self, sources: SourceFiles, store: FileStore | None = None) -> None:
        self._sources = sources
        self._store = store

    async def _local(self, key: str) -> Path:
        if self._store is None:
            raise LookupError("no file store is configured for stored input files")
        return await self._store.materialize(key)

    async def build(self, job: ClaimedJob) -> PreparedRun:
        request = StoredRequest.decode(job.request)
        source = request.source
        if source.files is not None:
            files = dict(source.files)
        elif source.version_id is not None:
            files = await self._sources.load(source.version_id)
        else:
            raise LookupError("the stored request names no source")
        spec = RunSpec(
            run_id=job.run_id,
            attempt=job.attempt,
            source_files=files,
            request_json=msgspec.json.encode(request.payload),
            input_files={
                name: await self._local(key) for name, key in request.store_keys().items()
            },
            limits=container_limits(request.limits),
            unreviewed=request.payload.run.env == "sandbox",
        )
        return PreparedRun(spec=spec, limits=request.limits, session=request.session)
