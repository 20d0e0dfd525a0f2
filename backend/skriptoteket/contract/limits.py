"""The limits table: one typed object with the contract's defaults, configurable within hard
maxima (docs/tool-contract.md "Limits").

Served at GET /api/v1/limits, used by the validator, the normalizer, the runs API and the
worker. A deployment lowers (or, where the contract allows, raises) a limit with the environment
variable `SKRIPTOTEKET_LIMIT_<NAME>` (e.g. `SKRIPTOTEKET_LIMIT_MAX_TIMEOUT_S=120`); values
outside 1..the hard maximum are clamped, so no configuration can exceed the contract.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Final

import msgspec

KIB: Final = 1024
MIB: Final = 1024 * KIB
ENV_PREFIX: Final = "SKRIPTOTEKET_LIMIT_"


def _doc(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class Limits(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Every limit of a run, its request and its result (sizes in bytes unless named _mb)."""

    # Execution: what a tool gets unless its manifest asks for more (up to max_*).
    timeout_s: Annotated[int, _doc("Run timeout a tool gets by default")] = 60
    max_timeout_s: Annotated[int, _doc("The most a manifest may ask for")] = 300
    memory_mb: Annotated[int, _doc("Memory (swap = memory) a tool gets by default")] = 512
    max_memory_mb: Annotated[int, _doc("The most a manifest may ask for")] = 2048
    cpus: float = 1.0
    pids: int = 128
    tmp_mb: Annotated[int, _doc("The tmpfs at /tmp")] = 256
    output_mb: Annotated[int, _doc("/work/output")] = 256

    # Uploads and artifacts
    upload_files: Annotated[int, _doc("Files per run")] = 20
    upload_file_bytes: int = 20 * MIB
    upload_total_bytes: int = 50 * MIB
    artifacts: Annotated[int, _doc("Artifacts per run")] = 50
    artifact_total_bytes: int = 100 * MIB

    # Envelope sizes
    request_bytes: Annotated[int, _doc("request.json")] = 1 * MIB
    result_bytes: Annotated[int, _doc("result.json as the tool wrote it")] = 2 * MIB
    state_bytes: Annotated[int, _doc("Session state, encoded as JSON")] = 64 * KIB
    ui_payload_bytes: Annotated[int, _doc("Stored, normalized {outputs, actions}")] = 512 * KIB

    # Result contents
    outputs: Annotated[int, _doc("Outputs per result")] = 50
    actions: Annotated[int, _doc("Actions per result")] = 10
    fields_per_form: int = 25
    notice_bytes: int = 8 * KIB
    markdown_bytes: int = 64 * KIB
    html_bytes: int = 256 * KIB
    json_bytes: Annotated[int, _doc("A json output's value, encoded")] = 256 * KIB
    json_depth: Annotated[int, _doc("Nesting depth of a json output's value and of state")] = 32
    table_rows: int = 1000
    table_columns: int = 50
    table_cell_bytes: int = 1 * KIB

    # Versions, logs, retention
    source_bytes: Annotated[int, _doc("All source files of a version together")] = 512 * KIB
    log_bytes: Annotated[int, _doc("Captured stdout/stderr per stream")] = 200 * KIB
    session_file_retention_h: int = 24
    artifact_retention_days: int = 7

    def clamp_timeout(self, asked: int | None) -> int:
        """The timeout a run gets: the manifest's wish within 1..max_timeout_s."""
        return self.timeout_s if asked is None else max(1, min(asked, self.max_timeout_s))

    def clamp_memory(self, asked: int | None) -> int:
        """The memory a run gets: the manifest's wish within 64..max_memory_mb."""
        return self.memory_mb if asked is None else max(64, min(asked, self.max_memory_mb))

    def session_expiry(self, now: datetime) -> datetime:
        """When a tool session's files, and the session, expire if nothing touches it again
        (a turn from `now` sets it)."""
        return now + timedelta(hours=self.session_file_retention_h)


DEFAULT_LIMITS: Final = Limits()

# The contract's maxima. Where it gives only a default, that default is the maximum
# (a deployment may lower it, never raise it); retention may be raised.
HARD_MAXIMA: Final[Mapping[str, float]] = {
    **msgspec.structs.asdict(DEFAULT_LIMITS),
    "timeout_s": 300,
    "max_timeout_s": 300,
    "memory_mb": 2048,
    "max_memory_mb": 2048,
    "cpus": 2.0,
    "pids": 512,
    "tmp_mb": 1024,
    "output_mb": 1024,
    "json_depth": 64,
    "session_file_retention_h": 24 * 30,
    "artifact_retention_days": 365,
}


def configure_limits(overrides: Mapping[str, float], base: Limits = DEFAULT_LIMITS) -> Limits:
    """`base` with `overrides` applied, each clamped to 1..its hard maximum; defaults never
    exceed their own max_* limit. Unknown names are an error (a typo should not pass)."""
    names = set(HARD_MAXIMA)
    unknown = sorted(set(overrides) - names)
    if unknown:
        raise ValueError(f"unknown limits: {', '.join(unknown)}")
    values: dict[str, float] = dict(msgspec.structs.asdict(base))
    for name, raw in overrides.items():
        if isinstance(raw, bool) or not math.isfinite(raw):
            raise ValueError(f"limit {name} must be a finite number")
        value = min(max(raw, 1), HARD_MAXIMA[name])
        values[name] = value if name == "cpus" else int(value)
    values["timeout_s"] = min(values["timeout_s"], values["max_timeout_s"])
    values["memory_mb"] = min(values["memory_mb"], values["max_memory_mb"])
    return msgspec.convert(values, Limits)


def limits_from_env(env: Mapping[str, str]) -> Limits:
    """The limits configured by `SKRIPTOTEKET_LIMIT_<NAME>` variables (the rest default)."""
    overrides: dict[str, float] = {}
    for key, raw in env.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :].lower()
        try:
            overrides[name] = float(raw) if name == "cpus" else int(raw)
        except ValueError as exc:
            raise ValueError(f"{key}={raw!r} is not a number") from exc
    return configure_limits(overrides)
