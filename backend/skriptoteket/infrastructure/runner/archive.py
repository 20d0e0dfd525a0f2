"""The tar archives that carry files into and out of a run's container.

In: /work as the tool user finds it (tool files and inputs owned by root, read-only).
Out: /work/output read as a stream, member by member, under the artifact caps; anything that is
not a regular file or a directory, or whose path escapes, stops the collection.
"""

from __future__ import annotations

import io
import itertools
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO

from skriptoteket.protocols.runner import RunSpec

# The uid and gid tools run as: high, and given to no account on a host (uid 1000 is often a real
# person's), yet below 65536 so a rootless engine's default subordinate range can map it.
TOOL_UID = 65533
ROOT = 0


class UnsafeName(ValueError):
    """A staged file name that is not a plain relative path."""


def safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        raise UnsafeName(name)
    if any(part in {"", ".", ".."} for part in name.split("/")):
        raise UnsafeName(name)
    return path


def _info(
    name: str, *, size: int = 0, mode: int = 0o444, uid: int = ROOT, is_dir: bool = False
) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE if is_dir else tarfile.REGTYPE
    info.size = 0 if is_dir else size
    info.mode = mode
    info.uid = info.gid = uid
    info.mtime = int(time.time())
    return info


def stage_archive(spec: RunSpec) -> tuple[IO[bytes], int]:
    """The tar to extract at /work, spooled to disk, and the bytes its files occupy."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it after the upload
    staged = 0
    dirs: set[str] = set()

    def add_dirs(path: PurePosixPath) -> None:
        for parent in reversed(path.parents):
            name = str(parent)
            if name != "." and name not in dirs:
                dirs.add(name)
                tar.addfile(_info(name, mode=0o755, is_dir=True))

    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        # /work itself is sticky and world-writable: the harness writes result.json atomically
        # (a temporary file, then rename), and the sticky bit keeps the root-owned staged files
        # from being removed or replaced. The tmpfs size caps what lands here.
        tar.addfile(_info(".", mode=0o1777, is_dir=True))
        # No output/ entry: its tmpfs (mode 1777) would take the staged directory's owner.
        for top in ("tool", "input"):
            dirs.add(top)
            tar.addfile(_info(top, mode=0o755, is_dir=True))
        for name, text in sorted(spec.source_files.items()):
            path = PurePosixPath("tool") / safe_relative(name)
            add_dirs(path)
            data = text.encode()
            tar.addfile(_info(str(path), size=len(data)), io.BytesIO(data))
            staged += len(data)
        for name, local in spec.input_files.items():
            if "/" in name:
                raise UnsafeName(name)
            path = PurePosixPath("input") / safe_relative(name)
            size = local.stat().st_size
            with local.open("rb") as source:
                tar.addfile(_info(str(path), size=size), source)
            staged += size
        tar.addfile(
            _info("request.json", size=len(spec.request_json)), io.BytesIO(spec.request_json)
        )
        staged += len(spec.request_json)
        # Pre-created (owned by the tool user, so the harness may replace it): a harness that
        # dies leaves it empty, which the runner reports as a missing result.
        tar.addfile(_info("result.json", mode=0o644, uid=TOOL_UID))
    out.seek(0)
    return out, staged


class ChunkReader(io.RawIOBase):
    """A file object over an iterator of byte chunks (the engine's archive response)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks: Iterator[bytes] = iter(chunks)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


@dataclass(frozen=True, slots=True)
class OutputCaps:
    max_files: int
    max_bytes: int
    max_entries: int  # files + directories, so a tree of empty directories stops too


@dataclass(slots=True)
class Collected:
    files: list[tuple[str, int]] = field(default_factory=list)  # (relative path, bytes)
    error: str | None = None


StoreFile = Callable[[str, IO[bytes], int], None]  # (relative path, reader, byte cap)


def collect_output(chunks: Iterable[bytes], caps: OutputCaps, store: StoreFile) -> Collected:
    """Read the tar of /work/output as a stream and hand each regular file to `store`.
    Stops at the first violation; the caller discards what was stored then."""
    result = Collected()
    try:
        with tarfile.open(fileobj=io.BufferedReader(ChunkReader(chunks)), mode="r|") as tar:
            _collect_members(tar, iter(tar), caps, store, result)
    except tarfile.TarError as exc:
        result.error = f"the output archive could not be read: {exc}"
    return result


def _collect_members(
    tar: tarfile.TarFile,
    members: Iterator[tarfile.TarInfo],
    caps: OutputCaps,
    store: StoreFile,
    result: Collected,
) -> None:
    total = 0
    entries = 0
    for member in members:
        name = member.name
        if name in {"output", "output/", "."}:
            continue
        if not name.startswith("output/"):
            result.error = f"unexpected entry {name!r} in the output archive"
            return
        relative = name[len("output/") :].rstrip("/")
        try:
            safe_relative(relative)
        except UnsafeName:
            result.error = f"output path {relative!r} is not a plain relative path"
            return
        entries += 1
        if entries > caps.max_entries:
            result.error = f"more than {caps.max_entries} entries under output/"
            return
        if member.isdir():
            continue
        if not member.isreg():
            kind = "link" if member.issym() or member.islnk() else "special file"
            result.error = f"output/{relative} is a {kind}; only regular files are artifacts"
            return
        if len(result.files) + 1 > caps.max_files:
            result.error = f"more than {caps.max_files} files under output/"
            return
        total += member.size
        if total > caps.max_bytes:
            result.error = f"artifacts exceed {caps.max_bytes} bytes together"
            return
        reader = tar.extractfile(member)
        if reader is None:  # pragma: no cover - isreg() guarantees a reader
            continue
        store(relative, reader, member.size)
        result.files.append((relative, member.size))


@dataclass(slots=True)
class SandboxArchive:
    """What a sandbox's init wrote after the harness ended (sandbox_init.py)."""

    exit_code: int | None = None
    # After the harness: tool processes left alive, OOM kills, peak and limit of the memory
    # cgroup as the init saw them from inside (-1: unknown; no cgroup in the sandbox).
    settle: tuple[int, int, int, int] = (0, -1, -1, -1)
    result_json: bytes | None = None
    result_error: str | None = None
    output: Collected = field(default_factory=Collected)


def collect_sandbox_archive(
    chunks: Iterable[bytes], caps: OutputCaps, max_result_bytes: int, store: StoreFile
) -> SandboxArchive:
    """One tar stream: `exit_code`, `settle`, then `result.json` (when the tool left one), then
    output/ under the same rules as collect_output."""
    found = SandboxArchive()
    try:
        with tarfile.open(fileobj=io.BufferedReader(ChunkReader(chunks)), mode="r|") as tar:
            members = iter(tar)
            member = next(members, None)
            if member is None or member.name != "exit_code" or not member.isreg():
                found.result_error = "the sandbox ended before the tool did"
                return found
            reader = tar.extractfile(member)
            found.exit_code = int((reader.read(16) if reader else b"").strip() or b"-1")
            member = next(members, None)
            if member is not None and member.name == "settle" and member.isreg():
                reader = tar.extractfile(member)
                left, oom, peak, limit = (
                    int(n) for n in (reader.read(200) if reader else b"").split()
                )
                found.settle = (left, oom, peak, limit)
                member = next(members, None)
            if member is not None and member.name == "result.json":
                found.result_json, found.result_error = _small_file(tar, member, max_result_bytes)
                member = next(members, None)
            elif found.result_error is None:
                found.result_error = "result.json: missing or empty"
            if member is not None:
                _collect_members(tar, itertools.chain([member], members), caps, store, found.output)
    except (tarfile.TarError, ValueError) as exc:
        found.output.error = f"the sandbox's archive could not be read: {exc}"
    return found


def _small_file(
    tar: tarfile.TarFile, member: tarfile.TarInfo, max_bytes: int
) -> tuple[bytes | None, str | None]:
    if not member.isreg():
        return None, "result.json: not a regular file"
    if member.size > max_bytes:
        return None, f"result.json: larger than {max_bytes} bytes ({member.size})"
    reader = tar.extractfile(member)
    data = reader.read(max_bytes + 1) if reader else b""
    if not data:
        return None, "result.json: missing or empty"
    return data, None


def read_single_file(chunks: Iterable[bytes], max_bytes: int) -> tuple[bytes | None, str | None]:
    """The one regular file in an archive response, or why it cannot be used."""
    try:
        with tarfile.open(fileobj=io.BufferedReader(ChunkReader(chunks)), mode="r|") as tar:
            member = tar.next()
            if member is None:
                return None, "empty archive"
            if not member.isreg():
                return None, "not a regular file"
            if member.size > max_bytes:
                return None, f"larger than {max_bytes} bytes ({member.size})"
            reader = tar.extractfile(member)
            return (reader.read(max_bytes + 1) if reader else None), None
    except tarfile.TarError as exc:
        return None, f"unreadable archive: {exc}"
