"""The worker's side of sandbox_init.py's protocol, shared by both runners: read the frames a
sandbox sends, keep the tool's stdout/stderr in bounded buffers, stream the final archive into
the collector, and enforce the deadline.

A runner supplies the byte stream (the container's attach stream, or bubblewrap's stdout pipe),
read in a thread, and a way to kill the sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import struct
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol

from skriptoteket.protocols.runner import RunLimits, RunOutcome

from .archive import SandboxArchive, collect_sandbox_archive
from .artifact_sink import ArtifactSink, output_caps
from .logs import HeadTail

READY, STARTED, STDOUT, STDERR, ARCHIVE, END = (bytes([c]) for c in b"RSOEAZ")
HEADER = struct.Struct(">I")
MAX_FRAME = 1024 * 1024  # the init sends at most 256 KiB; more is not our init talking
START_TIMEOUT_S = 30.0
COLLECT_TIMEOUT_S = 120.0
KILL_GRACE_S = 10.0
TRAILING_FRAMES = 16


class Frames:
    """Frames out of a stream of byte chunks; None at the end (or at a broken frame)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def _fill(self, n: int) -> bool:
        while len(self._buffer) < n:
            chunk = next(self._chunks, b"")
            if not chunk:
                return False
            self._buffer += chunk
        return True

    def next(self) -> tuple[bytes, bytes] | None:
        if not self._fill(5):
            return None
        kind = bytes(self._buffer[:1])
        (size,) = HEADER.unpack_from(self._buffer, 1)
        if size > MAX_FRAME or not self._fill(5 + size):
            return None
        payload = bytes(self._buffer[5 : 5 + size])
        del self._buffer[: 5 + size]
        return kind, payload


def go_line(rlimits: dict[str, int], stage: int = 0) -> bytes:
    """The one request a sandbox's init waits for, once /work is staged; or, with `stage`, just
    before that many bytes of the stage's tar, which the init extracts itself."""
    request: dict[str, object] = {"rlimits": rlimits}
    if stage:
        request["stage"] = stage
    return json.dumps(request).encode() + b"\n"


class Killed(Protocol):
    def was_killed(self) -> bool: ...


@dataclass(slots=True)
class Driven:
    """What one run's frames said."""

    started: bool
    archive: SandboxArchive
    stdout: HeadTail
    stderr: HeadTail
    timed_out: bool = False
    ended: bool = False  # the init said END: it reported everything


def reported(driven: Driven, killed: bool, timings: dict[str, float]) -> RunOutcome:
    """The outcome as the frames tell it: the exit code, the logs, a deadline or a cancel; what
    the archive holds is added by `settled` once the runner knows the run ended cleanly."""
    return RunOutcome(
        exit_code=driven.archive.exit_code,
        result_json=None,
        timed_out=driven.timed_out,
        killed=killed,
        stdout=driven.stdout.text(),
        stderr=driven.stderr.text(),
        timings_ms=timings,
    )


async def settled(
    outcome: RunOutcome,
    archive: SandboxArchive,
    sink: ArtifactSink,
    *,
    oom: bool,
    result_json: bytes | None,
) -> RunOutcome:
    """The outcome of a run whose init reported the tool's end: a platform error when tool
    processes outlived it; otherwise result.json and the artifacts (none, and `output_limit`,
    when the output broke a cap)."""
    left = archive.settle[0]
    if left:
        await sink.discard()
        return replace(
            outcome, platform_error=f"stopping the tool: {left} tool processes would not die"
        )
    error = archive.output.error
    if error:
        await sink.discard()
    return replace(
        outcome,
        oom=oom,
        result_json=result_json,
        result_error=archive.result_error,
        artifacts={} if error else sink.stored,
        output_limit=error is not None,
        output_error=error,
    )


async def drive(
    frames: Frames,
    kill: Callable[[], Awaitable[None]],
    limits: RunLimits,
    sink: ArtifactSink,
    active: Killed,
    timings: dict[str, float],
) -> Driven:
    """Read one run's frames (after the request line was sent) to the end: the tool's output,
    then its archive into `sink`. Kills the sandbox at the deadline; `started` is False when
    the sandbox ended before it started the tool (a pooled one killed from outside)."""
    loop = asyncio.get_running_loop()
    started, tool_done = asyncio.Event(), asyncio.Event()
    stdout, stderr = HeadTail(limits.max_log_bytes), HeadTail(limits.max_log_bytes)
    state = {"ended": False}

    def chunks() -> Iterator[bytes]:
        first = True
        while (frame := frames.next()) is not None:
            kind, payload = frame
            if kind == STARTED:
                loop.call_soon_threadsafe(started.set)
            elif kind == STDOUT:
                stdout.feed(payload)
            elif kind == STDERR:
                stderr.feed(payload)
            elif kind == ARCHIVE:
                if first:
                    loop.call_soon_threadsafe(tool_done.set)
                    first = False
                yield payload
            elif kind == END:
                state["ended"] = True
                break
        loop.call_soon_threadsafe(tool_done.set)

    stream = chunks()
    collecting = asyncio.ensure_future(
        asyncio.to_thread(
            collect_sandbox_archive, stream, output_caps(limits), limits.max_result_bytes, sink
        )
    )
    began = loop.time()
    waiting = [asyncio.ensure_future(e.wait()) for e in (started, tool_done)]
    await asyncio.wait(waiting, timeout=START_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
    for task in waiting:
        task.cancel()
    if not started.is_set():
        await kill()
        return Driven(False, await collecting, stdout, stderr)
    timings["start"] = round((loop.time() - began) * 1000, 1)

    began = loop.time()
    timed_out = False
    try:
        await asyncio.wait_for(tool_done.wait(), timeout=limits.timeout_s)
    except TimeoutError:
        timed_out = not active.was_killed()
        await kill()
    timings["tool"] = round((loop.time() - began) * 1000, 1)

    began = loop.time()
    archive: SandboxArchive | None = None
    try:
        archive = await asyncio.wait_for(asyncio.shield(collecting), COLLECT_TIMEOUT_S)
    except TimeoutError:
        await kill()
    if archive is None:
        with contextlib.suppress(TimeoutError):
            archive = await asyncio.wait_for(collecting, KILL_GRACE_S)
    if archive is not None and not archive.output.error:
        # The tar's reader stops at its end marker: read on to END (the padding, one frame),
        # so the runner knows the sandbox is done and need not be killed.
        await asyncio.to_thread(lambda: list(itertools.islice(stream, TRAILING_FRAMES)))
    timings["collect"] = round((loop.time() - began) * 1000, 1)
    if archive is None:
        archive = SandboxArchive(result_error="the sandbox's archive never ended")
    return Driven(True, archive, stdout, stderr, timed_out=timed_out, ended=state["ended"])
