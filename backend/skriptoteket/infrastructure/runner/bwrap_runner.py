"""The ToolRunner over bubblewrap, for machines without a container engine.

The same contract, staging and collection as the Docker runner, with one sandbox per attempt:
- fresh user, PID, IPC, UTS, network (loopback only) and cgroup namespaces; the tool runs as
  uid 1000 with no capabilities, no_new_privs, no further user namespaces, its own session, and
  dies with the worker (--die-with-parent);
- a read-only root holding only /usr (and the /bin, /lib links), the venv (runner_venv.py) at
  /opt/venv, the interpreter it links to, a two-line /etc/passwd, and /proc and a minimal /dev;
- /work and /work/output are size-capped tmpfs; /work/tool, /work/input/<file> and
  /work/request.json are read-only binds; /tmp is a size-capped tmpfs;
- limits: a per-run cgroup (memory, pids, CPU) where this process may create one
  (cgroups.py), and always rlimits (address space when there is no cgroup, CPU seconds,
  file size, open files, processes);
- the environment is cleared; the worker's own variables never reach the sandbox (not even
  bubblewrap's PID 1, whose environment the tool can read).

Run as root, the sandbox is entered as an unprivileged uid (setpriv): the kernel does not
apply RLIMIT_NPROC to root. That uid must be able to walk to the sandbox directory (the venv
and the runs' staged files; check() says so when it cannot); each run's stage is readable by
its group only.

bwrap_init.py is the sandbox's first process: it runs the harness, then kills what the tool
left and writes exit code, result.json and /work/output as one tar stream to fd 3.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from uuid import UUID

from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import RunOutcome, RunSpec

from .archive import (
    TOOL_UID,
    SandboxArchive,
    UnsafeName,
    collect_sandbox_archive,
    safe_relative,
)
from .artifact_sink import ArtifactSink, output_caps
from .cgroups import CgroupLimits, RunCgroup, cgroup_name, create_run_cgroup
from .logs import HeadTail
from .runner_venv import base_prefix, ensure_runner_venv

INIT_SCRIPT = Path(__file__).with_name("bwrap_init.py")
MIB = 1024 * 1024
# The host uid a root worker enters the sandbox as (no account needed; only ever inside it).
SANDBOX_HOST_UID = 1_999_000
NOFILE = 1024
KILL_GRACE_S = 10.0
COLLECT_TIMEOUT_S = 120.0
SIGKILL_EXIT = 137
ARCHIVE_FD_PLACEHOLDER = "{archive_fd}"  # replaced by the pipe's fd number at start
ARCHIVE_CHUNK = 256 * 1024
PASSWD = f"tool:x:{TOOL_UID}:{TOOL_UID}:tool:/tmp:/usr/sbin/nologin\n"
GROUP = f"tool:x:{TOOL_UID}:\n"
# Host files that are public and that programs read (the loader's cache, time zone).
ETC_FILES = ("ld.so.cache", "localtime")


def bwrap_help() -> str:
    return (
        "bubblewrap is not installed: `sudo apt-get install bubblewrap` (Debian, Ubuntu), "
        "`sudo dnf install bubblewrap` (Fedora), or use a container engine (Docker or podman) "
        "and SKRIPTOTEKET_RUNNER=docker."
    )


@dataclass(slots=True)
class _Active:
    process: asyncio.subprocess.Process | None = None
    killed: bool = False

    def was_killed(self) -> bool:
        return self.killed


@dataclass(slots=True)
class _Sandbox:
    """What one attempt holds on the host: the staged files, their fds, the cgroup."""

    stage: Path
    fds: list[int] = field(default_factory=list)
    cgroup: RunCgroup | None = None

    def close(self) -> None:
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds.clear()
        if self.cgroup is not None:
            self.cgroup.destroy()
        shutil.rmtree(self.stage, ignore_errors=True)


class BwrapRunner:
    def __init__(
        self,
        store: FileStore,
        *,
        sandbox_dir: Path,
        bwrap: str = "bwrap",
        artifact_prefix: str = "runs",
        use_cgroups: bool = True,
    ) -> None:
        self._store = store
        self._sandbox_dir = sandbox_dir.resolve()
        self._bwrap = bwrap
        self._prefix = artifact_prefix
        self._use_cgroups = use_cgroups
        self._venv: Path | None = None
        self._active: dict[UUID, _Active] = {}
        self._stages = self._sandbox_dir / "runs"

    @property
    def stages_dir(self) -> Path:
        """Where runs are staged (one directory per attempt, removed when it ends)."""
        return self._stages

    # -- readiness -----------------------------------------------------------------------

    def check(self) -> None:
        """Raise Unavailable (saying what to do) unless bubblewrap can start a sandbox here
        and the venv is built (building it when missing). Blocking."""
        bwrap = shutil.which(self._bwrap)
        if bwrap is None:
            raise Unavailable(bwrap_help())
        if os.geteuid() == 0:
            _check_searchable(self._sandbox_dir)
        self._venv = ensure_runner_venv(self._sandbox_dir)
        probe = subprocess.run(
            [
                *self._as_sandbox_user(),
                bwrap,
                *("--unshare-all", "--unshare-user", "--disable-userns", "--ro-bind", "/", "/"),
                *("--size", "65536", "--tmpfs", "/run", "--die-with-parent", "--", "/bin/true"),
            ],
            check=False,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin"},
        )
        if probe.returncode != 0:
            raise Unavailable(
                "bubblewrap cannot create a sandbox here: it must be 0.8 or newer "
                "(--disable-userns, --size), and user namespaces must be allowed "
                "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0): "
                + probe.stderr.strip()[-300:]
            )

    async def ping(self) -> None:
        await asyncio.to_thread(self.check)

    # -- the port ------------------------------------------------------------------------

    async def run(self, spec: RunSpec) -> RunOutcome:
        active = _Active()
        self._active[spec.run_id] = active
        try:
            return await self._run(spec, active)
        finally:
            self._active.pop(spec.run_id, None)

    async def kill(self, run_id: UUID) -> None:
        active = self._active.get(run_id)
        if active is None:
            return  # a sandbox dies with the worker that ran it: nothing else to stop
        active.killed = True
        if active.process is not None:
            _kill(active.process)

    async def remove(self, run_id: UUID) -> None:
        """A dead worker's sandboxes died with it; only their staged files may be left."""
        for stage in self._stages.glob(f"{run_id}-*"):
            await asyncio.to_thread(shutil.rmtree, stage, True)

    # -- one attempt ---------------------------------------------------------------------

    async def _run(self, spec: RunSpec, active: _Active) -> RunOutcome:
        timings: dict[str, float] = {}
        if active.killed:
            return RunOutcome(None, None, killed=True)
        started = time.perf_counter()
        try:
            if self._venv is None:
                await self.ping()
            sandbox, argv = await asyncio.to_thread(self._prepare, spec)
        except Unavailable as exc:
            return RunOutcome(None, None, platform_error=exc.message)
        except (UnsafeName, OSError) as exc:
            return RunOutcome(None, None, platform_error=f"cannot stage the run: {exc}")
        timings["create"] = _ms(started)
        try:
            return await self._execute(spec, active, sandbox, argv, timings)
        finally:
            started = time.perf_counter()
            await asyncio.to_thread(sandbox.close)
            timings["remove"] = _ms(started)  # the outcome holds this same dict

    async def _execute(
        self,
        spec: RunSpec,
        active: _Active,
        sandbox: _Sandbox,
        argv: list[str],
        timings: dict[str, float],
    ) -> RunOutcome:
        limits = spec.limits
        if active.was_killed():
            return RunOutcome(None, None, killed=True, timings_ms=timings)
        archive_r, archive_w = os.pipe()
        started = time.perf_counter()
        try:
            process = await asyncio.create_subprocess_exec(
                *[str(archive_w) if a == ARCHIVE_FD_PLACEHOLDER else a for a in argv],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=[*sandbox.fds, archive_w],
                env=_host_env(),
                start_new_session=True,
            )
        except OSError as exc:
            os.close(archive_r)
            return RunOutcome(None, None, platform_error=f"cannot start bubblewrap: {exc}")
        finally:
            os.close(archive_w)
        active.process = process
        if active.was_killed():  # cancelled while starting
            _kill(process)
        timings["start"] = _ms(started)

        stdout, stderr = HeadTail(limits.max_log_bytes), HeadTail(limits.max_log_bytes)
        assert process.stdout is not None and process.stderr is not None
        drains = [
            asyncio.ensure_future(_drain(process.stdout, stdout)),
            asyncio.ensure_future(_drain(process.stderr, stderr)),
        ]
        loop = asyncio.get_running_loop()
        tool_done = asyncio.Event()
        sink = await ArtifactSink.fresh(self._store, self._prefix, spec)

        def chunks() -> Iterator[bytes]:
            with os.fdopen(archive_r, "rb", buffering=0) as pipe:
                first = True
                while chunk := pipe.read(ARCHIVE_CHUNK):
                    if first:
                        loop.call_soon_threadsafe(tool_done.set)
                        first = False
                    yield chunk
            loop.call_soon_threadsafe(tool_done.set)

        collecting = asyncio.ensure_future(
            asyncio.to_thread(
                collect_sandbox_archive,
                chunks(),
                output_caps(limits),
                limits.max_result_bytes,
                sink,
            )
        )
        started = time.perf_counter()
        timed_out = False
        try:
            await asyncio.wait_for(tool_done.wait(), timeout=limits.timeout_s)
        except TimeoutError:
            timed_out = not active.was_killed()
            _kill(process)
        timings["tool"] = _ms(started)

        started = time.perf_counter()
        found: SandboxArchive | None = None
        try:
            found = await asyncio.wait_for(asyncio.shield(collecting), COLLECT_TIMEOUT_S)
        except TimeoutError:
            _kill(process)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), KILL_GRACE_S)
        if process.returncode is None:
            _kill(process)
            await process.wait()
        if found is None:
            found = await collecting
        await asyncio.gather(*drains)
        timings["collect"] = _ms(started)

        killed = active.was_killed()
        outcome = RunOutcome(
            exit_code=found.exit_code,
            result_json=None,
            timed_out=timed_out,
            killed=killed,
            stdout=stdout.text(),
            stderr=stderr.text(),
            timings_ms=timings,
        )
        if timed_out or killed or found.exit_code is None:
            await sink.discard()
            if timed_out or killed:
                return outcome
            # The sandbox ended without the init's report: it could not start, or the tool
            # killed the init.
            oom = sandbox.cgroup is not None and sandbox.cgroup.oom_killed()
            if (
                process.returncode not in (0, None)
                and not stdout.seen
                and "bwrap:" in (outcome.stderr)
            ):
                return replace(outcome, platform_error=f"bubblewrap failed: {outcome.stderr}")
            return replace(outcome, oom=oom, result_error="the sandbox ended early")
        oom = (
            sandbox.cgroup.oom_killed()
            if sandbox.cgroup is not None
            else _memory_error(found.result_json)
        )
        error = found.output.error
        if error:
            await sink.discard()
        return replace(
            outcome,
            oom=oom,
            result_json=None if oom and sandbox.cgroup is None else found.result_json,
            result_error=found.result_error,
            artifacts=[] if error else sink.stored,
            output_limit=error is not None,
            output_error=error,
        )

    # -- staging -------------------------------------------------------------------------

    def _prepare(self, spec: RunSpec) -> tuple[_Sandbox, list[str]]:
        assert self._venv is not None
        limits = spec.limits
        self._stages.mkdir(parents=True, exist_ok=True)
        self._stages.chmod(0o711)
        stage = Path(tempfile.mkdtemp(prefix=f"{spec.run_id}-{spec.attempt}-", dir=self._stages))
        sandbox = _Sandbox(stage)
        try:
            argv = self._stage(spec, sandbox)
            if self._use_cgroups:
                sandbox.cgroup = create_run_cgroup(
                    cgroup_name(f"{spec.run_id}-{spec.attempt}"),
                    CgroupLimits(
                        memory_bytes=limits.memory_mb * MIB, pids=limits.pids, cpus=limits.cpus
                    ),
                )
        except BaseException:
            sandbox.close()
            raise
        rlimits: dict[str, int] = {
            "cpu": max(1, math.ceil(limits.timeout_s * max(limits.cpus, 1.0))) + 1,
            "fsize": max(limits.output_mb, limits.tmp_mb) * MIB,
            "nofile": NOFILE,
            "nproc": limits.pids,
            "core": 0,
        }
        if sandbox.cgroup is None:
            rlimits["as"] = limits.memory_mb * MIB
        command = [
            "/opt/venv/bin/python",
            "-I",
            "-S",
            "/opt/skriptoteket/init.py",
            json.dumps(rlimits),
            ARCHIVE_FD_PLACEHOLDER,
        ]
        prefix: list[str] = []
        if sandbox.cgroup is not None:
            # Join the cgroup before anything of the sandbox exists; children inherit it.
            prefix = [
                "/bin/sh",
                "-c",
                'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; '
                'shift; exec "$@"',
                "sh",
                *[str(p) for p in sandbox.cgroup.procs_files],
                "--",
            ]
        bwrap = shutil.which(self._bwrap) or self._bwrap
        return sandbox, [*prefix, *self._as_sandbox_user(), bwrap, *argv, "--", *command]

    def _stage(self, spec: RunSpec, sandbox: _Sandbox) -> list[str]:
        """Write the run's files into its stage directory; the bwrap arguments that mount
        them and everything else the sandbox sees."""
        assert self._venv is not None
        limits = spec.limits
        stage = sandbox.stage
        tool, inputs = stage / "tool", stage / "input"
        tool.mkdir()
        inputs.mkdir()
        staged = 0
        for name, text in sorted(spec.source_files.items()):
            path = tool.joinpath(*safe_relative(name).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode()
            path.write_bytes(data)
            staged += len(data)
        for item in spec.input_files:
            if "/" in item.name:
                raise UnsafeName(item.name)
            shutil.copyfile(item.path, inputs / safe_relative(item.name).name)
        files = {
            "request.json": spec.request_json,
            "passwd": PASSWD.encode(),
            "group": GROUP.encode(),
        }
        for name, data in files.items():
            (stage / name).write_bytes(data)
        staged += len(spec.request_json)
        _share_with_sandbox(stage)

        def fd_of(path: Path) -> str:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            sandbox.fds.append(fd)
            return str(fd)

        work_bytes = staged + 2 * limits.max_result_bytes + 4 * MIB
        args = [
            "--unshare-all",
            "--unshare-user",
            "--uid",
            str(TOOL_UID),
            "--gid",
            str(TOOL_UID),
            "--hostname",
            "skriptoteket",
            "--die-with-parent",
            "--new-session",
            "--disable-userns",
            "--cap-drop",
            "ALL",
            "--clearenv",
        ]
        for key, value in _sandbox_env(limits.cpus).items():
            args += ["--setenv", key, value]
        args += ["--ro-bind", "/usr", "/usr"]
        for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            host = Path("/") / top
            if host.is_symlink():
                args += ["--symlink", str(host.readlink()), f"/{top}"]
            elif host.is_dir():
                args += ["--ro-bind", str(host), f"/{top}"]
        for name in ETC_FILES:
            if (Path("/etc") / name).exists():
                args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
        args += ["--ro-bind-fd", fd_of(stage / "passwd"), "/etc/passwd"]
        args += ["--ro-bind-fd", fd_of(stage / "group"), "/etc/group"]
        args += ["--ro-bind-fd", fd_of(self._venv), "/opt/venv"]
        base = base_prefix(self._venv)
        if not base.is_relative_to("/usr"):
            args += ["--ro-bind-fd", fd_of(base), str(base)]
        args += ["--ro-bind-fd", fd_of(INIT_SCRIPT), "/opt/skriptoteket/init.py"]
        args += ["--proc", "/proc", "--dev", "/dev"]
        args += ["--size", str(limits.tmp_mb * MIB), "--tmpfs", "/tmp"]  # noqa: S108
        args += ["--size", str(work_bytes), "--tmpfs", "/work"]
        args += ["--ro-bind-fd", fd_of(tool), "/work/tool"]
        args += ["--ro-bind-fd", fd_of(stage / "request.json"), "/work/request.json"]
        args += ["--ro-bind-fd", fd_of(inputs), "/work/input"]
        args += ["--size", str(limits.output_mb * MIB), "--tmpfs", "/work/output"]
        args += ["--remount-ro", "/", "--chdir", "/work"]
        return args

    @staticmethod
    def _as_sandbox_user() -> list[str]:
        if os.geteuid() != 0:
            return []
        uid = str(SANDBOX_HOST_UID)
        return ["setpriv", "--reuid", uid, "--regid", uid, "--clear-groups", "--inh-caps=-all"]


def _share_with_sandbox(stage: Path) -> None:
    """Read-only for the sandbox, nothing for anyone else: a root worker hands the stage to
    the sandbox's group; otherwise the worker's own user is the sandbox's."""
    group = SANDBOX_HOST_UID if os.geteuid() == 0 else -1
    for path in [stage, *stage.rglob("*")]:
        os.chown(path, -1, group)
        path.chmod(0o750 if path.is_dir() else 0o440)


def unsearchable_parent(directory: Path) -> Path | None:
    """The first of `directory` and its parents that others may not pass through, if any."""
    for parent in [directory, *directory.parents]:
        if parent.exists() and not parent.stat().st_mode & 0o001:
            return parent
    return None


def _check_searchable(directory: Path) -> None:
    """The sandbox's uid walks to the venv and the stages: every parent must let others pass."""
    parent = unsearchable_parent(directory)
    if parent is not None:
        raise Unavailable(
            f"The bubblewrap runner's directory {directory} is not reachable for the "
            f"sandbox's user: {parent} is not searchable by others (chmod o+x {parent}), "
            "or set SKRIPTOTEKET_SANDBOX_DIR to a directory that is."
        )


def _sandbox_env(cpus: float) -> dict[str, str]:
    threads = str(max(1, math.ceil(cpus)))
    env = {
        "PATH": "/opt/venv/bin:/usr/bin:/bin",
        "HOME": "/tmp",  # noqa: S108 - the sandbox's own tmpfs
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",  # noqa: S108
        "OMP_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
    }
    # Settings this machine's numerical libraries need to compute correctly (not secrets).
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def _host_env() -> dict[str, str]:
    """bubblewrap's own environment: nothing of the worker's (its PID 1 keeps it)."""
    return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}


def _kill(process: asyncio.subprocess.Process) -> None:
    """The sandbox dies with bubblewrap's outer process (--die-with-parent)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()


async def _drain(stream: asyncio.StreamReader, capture: HeadTail) -> None:
    while chunk := await stream.read(64 * 1024):
        capture.feed(chunk)


def _memory_error(result_json: bytes | None) -> bool:
    """Without a cgroup, memory is bounded by the address space: the tool then sees
    MemoryError, which the harness reports as an exception. That is the OOM case."""
    if not result_json:
        return False
    try:
        result: Any = json.loads(result_json)
        error = result.get("error") or {}
        return "MemoryError" in str(error.get("detail") or "") and error.get("code") == (
            "exception"
        )
    except (ValueError, AttributeError):
        return False


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
