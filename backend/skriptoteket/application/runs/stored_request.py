"""The request the worker reads, kept with the run (its `request` JSONB column): encoded once
when the run is created, decoded once by the worker. The JSON it is stored as:
```
{"source":      {"files": {"main.py": "..."}}         # inline (sandbox snapshots, tests)
             or {"version_id": "<uuid>"},             # a stored version's files
 "payload":     {...},                                # request.json, as the tool reads it
 "input_keys":  {"klass.csv": "sessions/<id>/<file id>"},  # each input file's FileStore key
 "limits":      {"timeout_s": 60, "memory_mb": 512, ...},  # the run's limits table
 "session":     {"id": "<uuid>", "base_rev": 3}}      # the tool session and its rev at enqueue
```
The input files are described once, in the payload's `files` (request.json's); `input_keys`
adds only where each one's bytes lie. (Requests queued before it have `input_files`:
[{"name", "key"}], still read.)
`limits` is the contract's limits table as this run got it (timeout and memory already
clamped for its manifest): the container's limits and the result normaliser's both come from
it, so a worker configured differently from the API still applies the run's own limits.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from skriptoteket.contract import DEFAULT_LIMITS, Limits, RunRequest


class Source(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The tool's source: inline `files`, or the stored version `version_id`."""

    files: dict[str, str] | None = None
    version_id: UUID | None = None


class ToolSessionRef(msgspec.Struct, frozen=True, kw_only=True):
    """The tool session a run belongs to, and its state_rev when the run was queued."""

    id: UUID
    base_rev: int


class RunLimitsTable(Limits, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """The limits table as stored with a run. Unknown names are ignored (and missing ones take
    the defaults), so requests queued by an older version still decode."""


class StoredRequest(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    source: Source
    payload: RunRequest
    input_keys: dict[str, str] = msgspec.field(default_factory=dict)  # name -> FileStore key
    limits: RunLimitsTable = msgspec.field(default_factory=RunLimitsTable)
    session: ToolSessionRef | None = None
    input_files: list[dict[str, str]] = msgspec.field(default_factory=list)  # before input_keys

    def store_keys(self) -> dict[str, str]:
        """Each input file's FileStore key, by its name under /work/input."""
        older = {f["name"]: f["key"] for f in self.input_files if "name" in f and "key" in f}
        return older | self.input_keys

    def encode(self) -> bytes:
        return _ENCODER.encode(self)

    @staticmethod
    def decode(raw: bytes) -> StoredRequest:
        return _DECODER.decode(raw)


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(StoredRequest)


def limits_table(limits: Limits) -> RunLimitsTable:
    """`limits` as the stored type (the same values)."""
    if isinstance(limits, RunLimitsTable):
        return limits
    return RunLimitsTable(**msgspec.structs.asdict(limits))


def stored_request(
    *,
    payload: RunRequest,
    files: dict[str, str] | None = None,
    version_id: UUID | None = None,
    input_keys: dict[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    session: ToolSessionRef | None = None,
) -> bytes:
    """The encoded request to store with a new run: inline `files`, or `version_id`."""
    return StoredRequest(
        source=Source(files=files) if files is not None else Source(version_id=version_id),
        payload=payload,
        input_keys=input_keys or {},
        limits=limits_table(limits),
        session=session,
    ).encode()


def as_builtins(raw: bytes) -> dict[str, Any]:
    """The stored request as plain JSON values (tests and tooling that inspect it)."""
    decoded: dict[str, Any] = msgspec.json.decode(raw)
    return decoded
