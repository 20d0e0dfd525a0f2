"""The first process of every sandbox, in both runners: the Docker runner runs this file's source
with `python -c`, bubblewrap mounts it read-only. It imports only the standard library itself.

1. Makes itself non-dumpable, so the tool (the same user) cannot ptrace it or open its fds.
2. Imports the modules named in argv[1] (`{"preload": [...]}`), then says READY and waits for
   one request line on stdin (`{"rlimits": {...}}`), sent once the worker has staged /work. A
   pooled sandbox waits here; a cold one gets its request at once. End of input: it exits.
   With `"stage": N` the line is followed by N bytes of the stage's tar, extracted into /work
   here: the Docker runner's way under a runtime whose tmpfs the engine's archive upload cannot
   reach (gVisor). The staged files are then the tool user's own rather than root's.
3. Forks the harness: the child inherits the imported modules, gets the rlimits, its own
   stdout/stderr pipes and no other fd, and is the first the OOM killer picks.
4. Relays the tool's stdout/stderr as frames; when the harness has exited, kills every other
   process of the sandbox (nothing may change /work/output while it is read), then sends one
   tar: `exit_code` (128+N for signal N), `settle` (processes left, OOM kills, peak and limit
   of the memory cgroup; -1 unknown), `result.json` if there, `output/` as it is. Then it
   waits for the worker to remove the sandbox (at most LINGER_S).

Frames on fd 1: a kind byte, a 4-byte big-endian length, the payload (sandbox_frames.py reads
them). The worker never trusts their content more than any other output of the tool.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import resource
import select
import signal
import struct
import sys
import tarfile
import time
from typing import Any, NoReturn

PR_SET_DUMPABLE = 4
CHUNK = 256 * 1024
LINGER_S = 10.0
RLIMITS = {
    "as": resource.RLIMIT_AS,
    "cpu": resource.RLIMIT_CPU,
    "fsize": resource.RLIMIT_FSIZE,
    "nofile": resource.RLIMIT_NOFILE,
    "nproc": resource.RLIMIT_NPROC,
    "core": resource.RLIMIT_CORE,
}


def send(out: int, kind: bytes, payload: bytes = b"") -> None:
    data = kind + struct.pack(">I", len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


class ArchiveWriter(io.RawIOBase):
    def __init__(self, out: int) -> None:
        self.out = out

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        for start in range(0, len(data), CHUNK):
            send(self.out, b"A", bytes(data[start : start + CHUNK]))
        return len(data)


def child(request: dict[str, Any], stdout_w: int, stderr_w: int) -> NoReturn:
    code = 1
    try:
        os.dup2(stdout_w, 1)
        os.dup2(stderr_w, 2)
        devnull = os.open("/dev/null", os.O_RDONLY)
        os.dup2(devnull, 0)
        os.closerange(3, 1 << 16)
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
        try:
            with open("/proc/self/oom_score_adj", "w") as adj:
                adj.write("1000")
        except OSError:
            pass
        for name, value in request.get("rlimits", {}).items():
            resource.setrlimit(RLIMITS[name], (value, value))
        os.chdir("/work")
        if not os.path.lexists("/work/result.json"):
            os.close(os.open("/work/result.json", os.O_WRONLY | os.O_CREAT, 0o644))
        from skriptoteket_toolkit import harness  # type: ignore[import-not-found]

        code = harness.main([])
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        import traceback

        try:
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    os._exit(code)


def others() -> list[int]:
    keep = {1, os.getpid()}
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) not in keep:
            try:
                with open(f"/proc/{name}/stat") as stat:
                    if stat.read().rsplit(")", 1)[1].split()[0] != "Z":
                        found.append(int(name))
            except (OSError, IndexError):
                pass
    return found


def settle() -> int:
    """SIGKILL everything but init and us until nothing is left (a fork bomb adds more)."""
    for _ in range(200):
        if not others():
            return 0
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        time.sleep(0.005)
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
    return len(others())


def number(*paths: str, key: str | None = None) -> int:
    for path in paths:
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        if key is None:
            value = text.strip()
            return int(value) if value.isdigit() else -1
        for line in text.splitlines():
            name, _, value = line.partition(" ")
            if name == key:
                return int(value)
    return -1


def memory_figures() -> tuple[int, int, int]:
    oom = number(
        "/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control", key="oom_kill"
    )
    peak = number("/sys/fs/cgroup/memory.peak", "/sys/fs/cgroup/memory/memory.max_usage_in_bytes")
    limit = number("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")
    return oom, peak, limit


def relay(out: int, pid: int, pipes: tuple[int, int]) -> int:
    """Forward the tool's output until the harness has exited and every writer is gone."""
    kinds = {pipes[0]: b"O", pipes[1]: b"E"}
    status: int | None = None
    open_fds = set(kinds)
    try:
        pidfd: int | None = os.pidfd_open(pid)
    except OSError:  # no pidfd (gVisor before 2023): look at the child every 50 ms instead
        pidfd = None
    while open_fds or status is None:
        watched = list(open_fds) + ([pidfd] if status is None and pidfd is not None else [])
        polling = status is None and pidfd is None
        ready, _, _ = select.select(watched, [], [], 0.05 if polling else None)
        if status is None and (pidfd is None or pidfd in ready):
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = code
                if pidfd is not None:
                    os.close(pidfd)
                left[0] = settle()  # the pipes' other writers die here
        for fd in ready:
            if fd not in open_fds:
                continue  # the pidfd
            data = os.read(fd, CHUNK)
            if data:
                send(out, kinds[fd], data)
            else:
                open_fds.discard(fd)
                os.close(fd)
    assert status is not None
    return status


left = [0]


def extract_stage(source: Any, size: int) -> None:
    """The worker's stage tar (its own making: relative names it checked) into /work."""
    data = bytearray()
    while len(data) < size:
        chunk = source.read(size - len(data))
        if not chunk:
            raise EOFError("the stage ended early")
        data += chunk
    with tarfile.open(fileobj=io.BytesIO(bytes(data)), mode="r") as tar:
        members = [m for m in tar.getmembers() if m.name not in {".", ""}]
        tar.extractall("/work", members=members)  # noqa: S202 - the worker built it


def main() -> int:
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    config = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    out = os.dup(1)  # frames; the child gets pipes instead
    if os.environ.get("MPLCONFIGDIR"):
        try:
            os.makedirs(os.environ["MPLCONFIGDIR"], exist_ok=True)
        except OSError:
            pass
    import importlib

    for name in ["skriptoteket_toolkit.harness", *config.get("preload", [])]:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a missing library: the tool finds out itself
            sys.stderr.write(f"preload {name}: {exc!r}\n")
    sys.stderr.flush()
    send(out, b"R")
    # An idle sandbox whose worker went away ends by itself after a while.
    if not select.select([0], [], [], config.get("wait_s"))[0]:
        return 0
    line = sys.stdin.buffer.readline()
    if not line.strip():
        return 0  # drained: no run came
    request = json.loads(line)
    if request.get("stage"):
        extract_stage(sys.stdin.buffer, request["stage"])
    stdout_r, stdout_w = os.pipe()
    stderr_r, stderr_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        child(request, stdout_w, stderr_w)
    os.close(stdout_w)
    os.close(stderr_w)
    send(out, b"S")
    status = relay(out, pid, (stdout_r, stderr_r))
    if os.WIFSIGNALED(status):
        code = 128 + os.WTERMSIG(status)
    else:
        code = os.WEXITSTATUS(status)
    oom, peak, limit = memory_figures()
    with tarfile.open(fileobj=ArchiveWriter(out), mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for name, text in (("exit_code", str(code)), ("settle", f"{left[0]} {oom} {peak} {limit}")):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if os.path.lexists("/work/result.json"):
            tar.add("/work/result.json", arcname="result.json", recursive=False)
        if os.path.lexists("/work/output"):
            tar.add("/work/output", arcname="output", recursive=True)
    send(out, b"Z")
    # Stay until the worker removes the sandbox (or closes stdin; at most LINGER_S): an engine
    # may drop what a container wrote just before it exited. Under podman with gVisor the
    # archive was lost so, now and then, when the init exited right after sending it.
    select.select([0], [], [], LINGER_S)
    return 0


if __name__ == "__main__":
    try:
        code = main()
    except BrokenPipeError:  # the worker stopped reading (a cap was reached)
        code = 0
    # No interpreter teardown: with the preloaded libraries it takes a CPU-second, and the
    # sandbox is done (everything it had to say is sent).
    os._exit(code)
