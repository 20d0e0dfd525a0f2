"""The stored request of a run, and the RunSpec built from it.

A run's `request` column holds everything the worker needs, written at enqueue:
```
{"source":      {"files": {"main.py": "..."}}        # inline (sandbox snapshots, tests)
             or {"version_id": "<uuid>"},            # a stored version's files
 "payload":     {...},                               # request.json, as the tool reads it
 "input_files": [{"name": "klass.csv", "key": "sessions/<id>/<file id>"}]  # FileStore keys
             (or "path": "/local/path" for tests without a store),
 "limits":      {"timeout_s": 60, "memory_mb": 512}, # RunLimits fields, already clamped
 "session":     {"id": "<uuid>", "base_rev": 3}}     # the session and its rev at enqueue
```
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.queue import ClaimedJob
from skriptoteket.protocols.runner import InputFile, RunLimits, RunSpec

from .interpret_outcome import ToolSessionRef


class SourceFiles(Protocol):
    """A stored version's source files (the catalog provides them)."""

    async def load(self, version_id: UUID) -> dict[str, str]: ...


class MissingSourceFiles:
    """Until the catalog plugs in: version references cannot be resolved."""

    async def load(self, version_id: UUID) -> dict[str, str]:
        raise LookupError(f"no source store is configured for version {version_id}")


def stored_request(
    *,
    payload: dict[str, Any],
    files: dict[str, str] | None = None,
    version_id: UUID | None = None,
    input_files: list[InputFile] | None = None,
    limits: RunLimits | None = None,
    stored_files: list[tuple[str, str]] | None = None,
    session: ToolSessionRef | None = None,
) -> dict[str, Any]:
    """The `request` to store with a new run; `stored_files` are (name, FileStore key)."""
    source: dict[str, Any] = (
        {"files": files} if files is not None else {"version_id": str(version_id)}
    )
    request: dict[str, Any] = {
        "source": source,
        "payload": payload,
        "input_files": [{"name": f.name, "path": str(f.path)} for f in input_files or []]
        + [{"name": name, "key": key} for name, key in stored_files or []],
        "limits": {f.name: getattr(limits, f.name) for f in fields(RunLimits)} if limits else {},
    }
    if session is not None:
        request["session"] = {"id": str(session.session_id), "base_rev": session.base_rev}
    return request


def session_of(request: dict[str, Any]) -> ToolSessionRef | None:
    """The session a stored request belongs to, if any."""
    session = request.get("session")
    if not isinstance(session, dict):
        return None
    return ToolSessionRef(session_id=UUID(session["id"]), base_rev=int(session["base_rev"]))


class StoredRequestSpecs:
    """Builds the RunSpec from the run's stored request."""

    def __init__(self, sources: SourceFiles, store: FileStore | None = None) -> None:
        self._sources = sources
        self._store = store

    def _local(self, item: dict[str, Any]) -> Path:
        if "key" in item:
            if self._store is None:
                raise LookupError("no file store is configured for stored input files")
            return self._store.local_path(str(item["key"]))
        return Path(item["path"])

    async def build(self, job: ClaimedJob) -> RunSpec:
        request = job.request
        source = request["source"]
        if "files" in source:
            files = dict(source["files"])
        else:
            files = await self._sources.load(UUID(source["version_id"]))
        known = {f.name for f in fields(RunLimits)}
        limits = RunLimits(**{k: v for k, v in request.get("limits", {}).items() if k in known})
        return RunSpec(
            run_id=job.run_id,
            attempt=job.attempt,
            source_files=files,
            request_json=json.dumps(request.get("payload", {}), ensure_ascii=False).encode(),
            input_files=[
                InputFile(name=f["name"], path=self._local(f))
                for f in request.get("input_files", [])
            ],
            limits=limits,
        )
