"""The ToolRunner over bubblewrap, for machines without a container engine.

The same contract, staging and collection as the Docker runner, with one sandbox per attempt,
never reused (with the pool, pool.py, it was started before its run was claimed):
- fresh user, PID, IPC, UTS, network (loopback only) and cgroup namespaces; the tool runs as
  uid 65533 (TOOL_UID; 1999000 on the host when the worker is root) with no capabilities,
  no_new_privs, no further user namespaces, its own session, and dies with the worker
  (--die-with-parent);
- a read-only root holding only /usr (and the /bin, /lib links), the venv (runner_venv.py) at
  /opt/venv, the interpreter it links to, a two-line /etc/passwd, and /proc and a minimal /dev;
- /work and /work/output are size-capped tmpfs; /work/tool, /work/input and /work/request.json
  are read-only binds of the sandbox's own stage directory, which the worker fills when the
  run is known (a pooled sandbox sees it empty until then); /tmp is a size-capped tmpfs;
- limits: a per-sandbox cgroup (memory, pids, CPU) where this process may create one
  (cgroups.py), and always rlimits (address space when there is no cgroup, CPU seconds,
  file size, open files, processes), applied to the tool by the init;
- the environment is cleared; the worker's own variables never reach the sandbox (not even
  bubblewrap's PID 1, whose environment the tool can read).

Run as root, the sandbox is entered as an unprivileged uid (setpriv): the kernel does not
apply RLIMIT_NPROC to root. That uid must be able to walk to the sandbox directory (the venv
and the stages; check() says so when it cannot); each stage is readable by its group only.

sandbox_init.py is the sandbox's first process (after bubblewrap's own reaper): it imports the
pool's preloads, waits for the request line on stdin, forks the harness, and sends the tool's
output and then exit code, result.json and /work/output as frames on stdout.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import select
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import RunLimits, RunOutcome, RunSpec

from .archive import TOOL_UID, UnsafeName, safe_relative
from .cgroups import CgroupLimits, RunCgroup, cgroup_name, create_run_cgroup
from .logs import HeadTail
from .pool import Active, Attempt, PoolConfig, PooledRunner
from .runner_venv import base_prefix, ensure_runner_venv
from .sandbox_frames import READY, Frames, go_line, settled

INIT_SCRIPT = Path(__file__).with_name("sandbox_init.py")
MIB = 1024 * 1024
# The host uid a root worker enters the sandbox as (no account needed; only ever inside it).
SANDBOX_HOST_UID = 1_999_000
NOFILE = 1024
KILL_GRACE_S = 10.0
READ_CHUNK = 256 * 1024
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


def _shape(limits: RunLimits) -> tuple[object, ...]:
    """What a sandbox is made with (the deadline and the output caps are the worker's)."""
    return (
        limits.memory_mb,
        limits.cpus,
        limits.pids,
        limits.tmp_mb,
        limits.output_mb,
        limits.max_result_bytes,
    )


@dataclass(eq=False, slots=True)
class _Sandbox:
    """One started sandbox (bubblewrap and its init) waiting for, or serving, its one run."""

    stage: Path
    generation: str
    fds: list[int] = field(default_factory=list)
    cgroup: RunCgroup | None = None
    process: asyncio.subprocess.Process | None = None
    request_w: int = -1  # the init's stdin
    frames_r: int = -1  # the init's stdout
    frames: Frames = field(init=False)  # read from frames_r once it is open
    errors: HeadTail = field(default_factory=lambda: HeadTail(16 * 1024))
    drain: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.frames = Frames(self.chunks())

    def chunks(self) -> Iterator[bytes]:
        while chunk := os.read(self.frames_r, READ_CHUNK):
            yield chunk

    def alive(self) -> bool:
        if self.process is None or self.process.returncode is not None:
            return False
        try:
            return not select.select([self.frames_r], [], [], 0)[0]
        except (OSError, ValueError):
            return False

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.request_w, view) :]

    async def kill(self) -> None:
        if self.process is not None:
            _kill(self.process)

    async def stop(self) -> None:
        process = self.process
        assert process is not None
        await self.kill()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), KILL_GRACE_S)
        if process.returncode is None:
            await self.kill()
            await process.wait()
        if self.drain is not None:
            await self.drain

    async def destroy(self) -> None:
        await self.kill()
        if self.process is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.process.wait(), KILL_GRACE_S)
        if self.drain is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self.drain, 1)
        await asyncio.to_thread(self.close)

    def close(self) -> None:
        for fd in [*self.fds, self.request_w, self.frames_r]:
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.fds.clear()
        self.request_w = self.frames_r = -1
        if self.cgroup is not None:
            self.cgroup.destroy()
        shutil.rmtree(self.stage, ignore_errors=True)


_Active = Active[_Sandbox]


class BwrapRunner(PooledRunner[_Sandbox]):
    def __init__(
        self,
        store: FileStore,
        *,
        sandbox_dir: Path,
        bwrap: str = "bwrap",
        artifact_prefix: str = "runs",
        use_cgroups: bool = True,
        pool: PoolConfig | None = None,
        pool_limits: RunLimits | None = None,
    ) -> None:
        super().__init__(store, artifact_prefix, pool, pool_limits)
        self._sandbox_dir = sandbox_dir.resolve()
        self._bwrap = bwrap
        self._use_cgroups = use_cgroups
        self._venv: Path | None = None
        self._stages = self._sandbox_dir / "runs"

    @property
    def stages_dir(self) -> Path:
        """Where runs are staged (one directory per sandbox, removed with it)."""
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

    # -- the pool ------------------------------------------------------------------------

    async def _generation(self) -> str:
        if self._venv is None:
            await self.ping()
        return str(self._venv)

    async def _warm(self) -> _Sandbox:
        sandbox = await self._launch(
            self._pool_limits, f"pool-{uuid4()}", list(self.pool.config.preload), None
        )
        try:
            ready = await asyncio.to_thread(sandbox.frames.next)
            if ready is None or ready[0] != READY:
                raise Unavailable(f"the sandbox did not start: {sandbox.errors.text()[-500:]}")
        except BaseException:
            await sandbox.destroy()
            raise
        return sandbox

    # -- the port ------------------------------------------------------------------------

    async def kill(self, run_id: UUID) -> None:
        active = self._active.get(run_id)
        if active is None:
            return  # a sandbox dies with the worker that ran it: nothing else to stop
        active.killed = True
        if active.sandbox is not None:
            await active.sandbox.kill()

    async def remove(self, run_id: UUID) -> None:
        """The run's stage and cgroup (its sandbox has ended); a dead worker's sandboxes died
        with it, only their staged files may be left."""
        if await self._destroy_done(run_id):
            return
        for stage in self._stages.glob(f"{run_id}-*"):
            await asyncio.to_thread(shutil.rmtree, stage, True)

    # -- one attempt ---------------------------------------------------------------------

    async def _run(
        self, spec: RunSpec, active: _Active, timings: dict[str, float]
    ) -> Attempt[_Sandbox] | RunOutcome:
        if active.killed:
            return RunOutcome(None, None, killed=True)

        async def cold() -> _Sandbox:
            return await self._launch(spec.limits, f"{spec.run_id}-{spec.attempt}-", [], spec)

        async def send(sandbox: _Sandbox, pooled: bool) -> None:
            if pooled:
                await asyncio.to_thread(self._fill_stage, sandbox, spec)
            await asyncio.to_thread(sandbox.send, go_line(self._rlimits(spec, sandbox)))

        try:
            if self._venv is None:
                await self.ping()
            pooled = _shape(spec.limits) == _shape(self._pool_limits)
            return await self._attempt(spec, active, timings, pooled=pooled, cold=cold, send=send)
        except Unavailable as exc:
            return RunOutcome(None, None, platform_error=exc.message, timings_ms=timings)
        except (UnsafeName, OSError) as exc:
            return RunOutcome(
                None, None, platform_error=f"cannot stage the run: {exc}", timings_ms=timings
            )

    async def _outcome(self, attempt: Attempt[_Sandbox], outcome: RunOutcome) -> RunOutcome:
        sandbox, driven, sink = attempt.sandbox, attempt.driven, attempt.sink
        archive = driven.archive
        if archive.exit_code is None:
            # The sandbox ended without the init's report: it could not start, or the tool
            # killed the init.
            await sink.discard()
            errors = sandbox.errors.text()
            if not driven.started and "bwrap:" in errors:
                return replace(outcome, platform_error=f"bubblewrap failed: {errors[-500:]}")
            oom = sandbox.cgroup is not None and sandbox.cgroup.oom_killed()
            return replace(outcome, oom=oom, result_error="the sandbox ended early")
        oom = (
            sandbox.cgroup.oom_killed()
            if sandbox.cgroup is not None
            else _memory_error(archive.result_json)
        )
        return await settled(
            outcome,
            archive,
            sink,
            oom=oom,
            result_json=None if oom and sandbox.cgroup is None else archive.result_json,
        )

    # -- a sandbox -----------------------------------------------------------------------

    def _rlimits(self, spec: RunSpec, sandbox: _Sandbox) -> dict[str, int]:
        limits = spec.limits
        rlimits: dict[str, int] = {
            "cpu": max(1, math.ceil(limits.timeout_s * max(limits.cpus, 1.0))) + 1,
            "fsize": max(limits.output_mb, limits.tmp_mb) * MIB,
            "nofile": NOFILE,
            "nproc": limits.pids,
            "core": 0,
        }
        if sandbox.cgroup is None:
            rlimits["as"] = limits.memory_mb * MIB
        return rlimits

    async def _launch(
        self, limits: RunLimits, prefix: str, preload: list[str], spec: RunSpec | None
    ) -> _Sandbox:
        """Start bubblewrap around sandbox_init.py; a cold sandbox (`spec`) has its stage
        filled first, a pooled one gets it when its run comes."""
        sandbox, argv = await asyncio.to_thread(self._prepare, limits, prefix, spec)
        if sandbox.cgroup is None:
            preload = []  # under an address-space limit, preloaded libraries would eat it
        config = json.dumps({"preload": preload, "wait_s": self.pool.config.idle_s + 60})
        request_r, request_w = os.pipe()
        frames_r, frames_w = os.pipe()
        sandbox.request_w, sandbox.frames_r = request_w, frames_r
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                config,
                stdin=request_r,
                stdout=frames_w,
                stderr=subprocess.PIPE,
                pass_fds=sandbox.fds,
                env=_host_env(),
                start_new_session=True,
            )
        except OSError as exc:
            await asyncio.to_thread(sandbox.close)
            raise Unavailable(f"cannot start bubblewrap: {exc}") from exc
        finally:
            os.close(request_r)
            os.close(frames_w)
        sandbox.process = process
        assert process.stderr is not None
        sandbox.drain = asyncio.ensure_future(_drain(process.stderr, sandbox.errors))
        for fd in sandbox.fds:  # bubblewrap has opened its binds
            with contextlib.suppress(OSError):
                os.close(fd)
        sandbox.fds.clear()
        return sandbox

    def _prepare(
        self, limits: RunLimits, prefix: str, spec: RunSpec | None
    ) -> tuple[_Sandbox, list[str]]:
        assert self._venv is not None
        self._stages.mkdir(parents=True, exist_ok=True)
        self._stages.chmod(0o711)
        stage = Path(tempfile.mkdtemp(prefix=prefix, dir=self._stages))
        sandbox = _Sandbox(stage, str(self._venv))
        try:
            (stage / "tool").mkdir()
            (stage / "input").mkdir()
            (stage / "request.json").write_bytes(b"")
            (stage / "passwd").write_text(PASSWD)
            (stage / "group").write_text(GROUP)
            if spec is not None:
                self._write_stage(stage, spec)
            _share_with_sandbox(stage)
            argv = self._bwrap_args(limits, sandbox)
            if self._use_cgroups:
                sandbox.cgroup = create_run_cgroup(
                    cgroup_name(stage.name),
                    CgroupLimits(
                        memory_bytes=limits.memory_mb * MIB, pids=limits.pids, cpus=limits.cpus
                    ),
                )
        except BaseException:
            sandbox.close()
            raise
        command = ["/opt/venv/bin/python", "-I", "/opt/skriptoteket/init.py"]
        wrapper: list[str] = []
        if sandbox.cgroup is not None:
            # Join the cgroup before anything of the sandbox exists; children inherit it.
            wrapper = [
                "/bin/sh",
                "-c",
                'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; '
                'shift; exec "$@"',
                "sh",
                *[str(p) for p in sandbox.cgroup.procs_files],
                "--",
            ]
        bwrap = shutil.which(self._bwrap) or self._bwrap
        return sandbox, [*wrapper, *self._as_sandbox_user(), bwrap, *argv, "--", *command]

    def _fill_stage(self, sandbox: _Sandbox, spec: RunSpec) -> None:
        """A pooled sandbox's run has come: its files into the stage the sandbox sees (the
        binds show what is written here), and the stage takes the run's name."""
        stage = sandbox.stage
        self._write_stage(stage, spec)
        _share_with_sandbox(stage)
        named = stage.with_name(f"{spec.run_id}-{spec.attempt}-{stage.name}")
        stage.rename(named)  # the binds follow the directories, not their names
        sandbox.stage = named

    @staticmethod
    def _write_stage(stage: Path, spec: RunSpec) -> None:
        tool, inputs = stage / "tool", stage / "input"
        for name, text in sorted(spec.source_files.items()):
            path = tool.joinpath(*safe_relative(name).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode())
        for name, local in spec.input_files.items():
            if "/" in name:
                raise UnsafeName(name)
            shutil.copyfile(local, inputs / safe_relative(name).name)
        request = stage / "request.json"
        request.chmod(0o640)
        with request.open("r+b") as out:  # in place: the sandbox binds this very file
            out.truncate()
            out.write(spec.request_json)

    def _bwrap_args(self, limits: RunLimits, sandbox: _Sandbox) -> list[str]:
        """The bwrap arguments that mount the stage and everything else the sandbox sees."""
        assert self._venv is not None
        stage = sandbox.stage

        def fd_of(path: Path) -> str:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            sandbox.fds.append(fd)
            return str(fd)

        work_bytes = 2 * limits.max_result_bytes + 4 * MIB
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
        args += ["--ro-bind-fd", fd_of(stage / "tool"), "/work/tool"]
        args += ["--ro-bind-fd", fd_of(stage / "request.json"), "/work/request.json"]
        args += ["--ro-bind-fd", fd_of(stage / "input"), "/work/input"]
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
