"""The ToolRunner over a Docker Engine API (Docker, or podman's compatible service).

One attempt is one container:
1. create it with every limit of docs/tool-contract.md "Limits"; its main process only idles
   (`sleep infinity` under the engine's init) so the tmpfs mounts outlive the tool;
2. stage /work with the archive API before start: podman copies the staged directory into the
   fresh tmpfs at start ("tmpcopyup"), so the tool finds /work on a size-capped tmpfs whose only
   writable parts are /work/result.json and /work/output (its own tmpfs, mode 1777);
3. start, then run the harness as the tool user with `exec`, streaming its stdout/stderr into
   bounded head+tail buffers (the engine keeps no log: log driver "none");
4. on the deadline or a cancel, kill the container; otherwise, while it still runs, fetch
   /work/result.json and /work/output with the archive API (streamed, capped) into the file store;
5. always remove the container.

The docker SDK is synchronous: every call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any
from uuid import UUID

import docker
from docker.errors import APIError, DockerException, ImageNotFound, NotFound
from docker.types import LogConfig, Ulimit

from skriptoteket.contract.run import CONTRACT_VERSION as CONTRACT
from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import CollectedArtifact, RunOutcome, RunSpec

from .archive import (
    TOOL_UID,
    UnsafeName,
    collect_output,
    read_single_file,
    stage_archive,
)
from .artifact_sink import ArtifactSink, output_caps
from .logs import HeadTail

HARNESS = ["python", "-m", "skriptoteket_toolkit.harness"]
CONTRACT_LABEL = "org.skriptoteket.contract"
CONTRACT_VERSION = str(CONTRACT)  # the image's label must list it
TOOL_USER = f"{TOOL_UID}:{TOOL_UID}"
MIB = 1024 * 1024
# podman sets RLIMIT_NPROC whenever any ulimit is given, and fails when it exceeds the host's
# hard limit; an explicit, generous value avoids that (the pids limit is the real bound).
NPROC = 32768
KILL_GRACE_S = 10.0


def engine_help(url: str) -> str:
    return (
        f"The container engine at {url} is not reachable. Start it (`.ci/container-engine.sh` "
        "starts podman's Docker-compatible service) and set DOCKER_HOST or "
        "SKRIPTOTEKET_DOCKER_HOST to its socket."
    )


def image_help(image: str) -> str:
    return f"The runner image {image} is missing: run `make runner-image`."


@dataclass(slots=True)
class _Active:
    container: Any = None
    killed: bool = False

    def was_killed(self) -> bool:
        """Read after an await: kill() may have set it meanwhile (a method, so type
        narrowing from an earlier check does not hide that)."""
        return self.killed


@dataclass(slots=True)
class _Results:
    result_json: bytes | None = None
    result_error: str | None = None
    artifacts: list[CollectedArtifact] = field(default_factory=list)
    output_error: str | None = None
    platform_error: str | None = None


@dataclass(slots=True)
class _Capture:
    stdout: HeadTail
    stderr: HeadTail
    error: str | None = None


class DockerRunner:
    def __init__(
        self,
        store: FileStore,
        *,
        image: str,
        base_url: str = "",
        command: list[str] | None = None,
        artifact_prefix: str = "runs",
    ) -> None:
        self._store = store
        self.image = image
        self._base_url = base_url
        self._command = command or HARNESS
        self._prefix = artifact_prefix
        self._client: Any = None
        self._active: dict[UUID, _Active] = {}
        self._image_checked = False

    # -- engine access -------------------------------------------------------------------

    @property
    def engine_url(self) -> str:
        return self._base_url or os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"

    def _docker(self) -> Any:
        if self._client is None:
            # Reads block for as long as a tool may run (exec streams), so the timeout is long;
            # a dead engine still fails fast on connect.
            self._client = docker.DockerClient(base_url=self.engine_url, timeout=600)
        return self._client

    def check(self) -> None:
        """Raise Unavailable (saying what to do) unless the engine answers and the image is
        there and speaks our contract. Blocking; see `ping` for the async form."""
        self._check_engine_and_image()

    def _check_engine_and_image(self) -> None:
        try:
            client = docker.DockerClient(base_url=self.engine_url, timeout=5)
            try:
                client.ping()
                image = client.images.get(self.image)
            finally:
                client.close()
        except ImageNotFound as exc:
            raise Unavailable(image_help(self.image)) from exc
        except (DockerException, OSError) as exc:
            raise Unavailable(engine_help(self.engine_url)) from exc
        spoken = (image.labels or {}).get(CONTRACT_LABEL, "")
        if CONTRACT_VERSION not in spoken.replace(" ", "").split(","):
            raise Unavailable(
                f"The runner image {self.image} speaks contract {spoken or 'unknown'}, "
                f"the platform needs {CONTRACT_VERSION}: rebuild it with `make runner-image`."
            )

    async def ping(self) -> None:
        """For /readyz: the engine answers and the image is there and speaks our contract."""
        await asyncio.to_thread(self._check_engine_and_image)

    # -- the port ------------------------------------------------------------------------

    async def run(self, spec: RunSpec) -> RunOutcome:
        active = _Active()
        self._active[spec.run_id] = active
        timings: dict[str, float] = {}
        try:
            return await self._run(spec, active, timings)
        finally:
            self._active.pop(spec.run_id, None)
            if active.container is not None:
                started = time.perf_counter()
                await asyncio.to_thread(self._remove_quietly, active.container)
                timings["remove"] = _ms(started)

    async def kill(self, run_id: UUID) -> None:
        active = self._active.get(run_id)
        if active is not None:
            active.killed = True
            if active.container is not None:
                await asyncio.to_thread(self._kill_quietly, active.container)
            return
        for container in await asyncio.to_thread(self._containers_of, run_id):
            await asyncio.to_thread(self._kill_quietly, container)

    async def remove(self, run_id: UUID) -> None:
        for container in await asyncio.to_thread(self._containers_of, run_id):
            await asyncio.to_thread(self._remove_quietly, container)

    # -- one attempt ---------------------------------------------------------------------

    async def _run(self, spec: RunSpec, active: _Active, timings: dict[str, float]) -> RunOutcome:
        limits = spec.limits
        try:
            stage, staged_bytes = await asyncio.to_thread(stage_archive, spec)
        except (UnsafeName, OSError) as exc:
            return RunOutcome(None, None, platform_error=f"cannot stage the run: {exc}")
        if active.killed:  # cancelled before anything was created
            stage.close()
            return RunOutcome(None, None, killed=True, timings_ms=timings)
        try:
            if not self._image_checked:
                await self.ping()
                self._image_checked = True
            started = time.perf_counter()
            active.container = await asyncio.to_thread(self._create, spec, staged_bytes)
            await asyncio.to_thread(self._put_stage, active.container, stage)
            timings["create"] = _ms(started)
        except Unavailable as exc:
            return RunOutcome(None, None, platform_error=exc.message, timings_ms=timings)
        except (DockerException, OSError) as exc:
            return RunOutcome(
                None, None, platform_error=self._engine_error(exc), timings_ms=timings
            )
        finally:
            stage.close()

        capture = _Capture(HeadTail(limits.max_log_bytes), HeadTail(limits.max_log_bytes))
        container = active.container
        api = self._docker().api
        try:
            started = time.perf_counter()
            await asyncio.to_thread(container.start)
            exec_id = (
                await asyncio.to_thread(
                    api.exec_create, container.id, self._command, user=TOOL_USER, workdir="/work"
                )
            )["Id"]
            stream = await asyncio.to_thread(api.exec_start, exec_id, stream=True, demux=True)
            timings["start"] = _ms(started)
        except (DockerException, OSError) as exc:
            return RunOutcome(
                None, None, platform_error=self._engine_error(exc), timings_ms=timings
            )

        started = time.perf_counter()
        drained = asyncio.ensure_future(asyncio.to_thread(_drain, stream, capture))
        timed_out = False
        if active.was_killed():  # cancelled while starting
            await asyncio.to_thread(self._kill_quietly, container)
        try:
            await asyncio.wait_for(asyncio.shield(drained), timeout=limits.timeout_s)
        except TimeoutError:
            timed_out = not active.was_killed()
            await asyncio.to_thread(self._kill_quietly, container)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(drained, timeout=KILL_GRACE_S)
        if capture.error and not (timed_out or active.was_killed()):
            # The output stream broke while the tool may still run: stop it, report it.
            await asyncio.to_thread(self._kill_quietly, container)
            return RunOutcome(
                None,
                None,
                stdout=capture.stdout.text(),
                stderr=capture.stderr.text(),
                platform_error=f"lost the tool's output stream: {capture.error}",
                timings_ms=timings,
            )
        exit_code = await asyncio.to_thread(_exec_exit_code, api, exec_id)
        timings["tool"] = _ms(started)

        outcome = RunOutcome(
            exit_code=exit_code,
            result_json=None,
            timed_out=timed_out,
            killed=active.was_killed(),
            stdout=capture.stdout.text(),
            stderr=capture.stderr.text(),
            timings_ms=timings,
        )
        if timed_out or active.was_killed():
            return outcome
        # Before anything is copied out, every process the tool left behind is killed (a
        # background process could swap a file for a symlink while it is copied), and the
        # memory cgroup says whether the OOM killer struck: an exit by SIGKILL alone (137) is
        # not taken for one (the tool may have killed itself).
        try:
            settled = await asyncio.to_thread(self._settle, api, container)
        except SettleError as exc:
            return replace(outcome, platform_error=f"stopping the tool: {exc}")
        except (DockerException, OSError) as exc:
            return replace(outcome, platform_error=f"stopping the tool: {self._engine_error(exc)}")
        oom = settled.oom or await asyncio.to_thread(_oom_killed, container)

        started = time.perf_counter()
        try:
            collected = await self._collect(spec, container)
        except (DockerException, OSError) as exc:
            collected = _Results(
                platform_error=f"collecting the results failed: {self._engine_error(exc)}"
            )
        timings["collect"] = _ms(started)
        return replace(
            outcome,
            oom=oom,
            result_json=collected.result_json,
            result_error=collected.result_error,
            artifacts=collected.artifacts,
            output_limit=collected.output_error is not None,
            output_error=collected.output_error,
            platform_error=collected.platform_error,
        )

    def _create(self, spec: RunSpec, staged_bytes: int) -> Any:
        limits = spec.limits
        # /work holds the staged files and the harness's result.json, written beside itself
        # first (atomic rename): room for twice the result cap, so a result somewhat over the
        # cap is still written and reported as too large rather than cut short.
        work_kib = math.ceil((staged_bytes + 2 * limits.max_result_bytes) / 1024) + 4096
        noexec = "rw,noexec,nosuid,nodev"
        return self._docker().containers.create(
            image=self.image,
            entrypoint=["sleep"],
            command=["infinity"],
            name=f"skriptoteket-run-{spec.run_id}-{spec.attempt}",
            labels={
                "skriptoteket.run_id": str(spec.run_id),
                "skriptoteket.attempt": str(spec.attempt),
            },
            user=TOOL_USER,
            working_dir="/work",
            network_disabled=True,
            network_mode="none",
            cap_drop=["ALL"],
            security_opt=["no-new-privileges"],
            read_only=True,
            init=True,
            pids_limit=limits.pids,
            mem_limit=limits.memory_mb * MIB,
            memswap_limit=limits.memory_mb * MIB,
            nano_cpus=int(limits.cpus * 1_000_000_000),
            ulimits=[
                Ulimit(name="nofile", soft=1024, hard=1024),
                Ulimit(name="nproc", soft=NPROC, hard=NPROC),
            ],
            tmpfs={
                "/tmp": f"{noexec},size={limits.tmp_mb}m",  # noqa: S108 - the container's
                "/work": f"{noexec},size={work_kib}k,mode=0755",
                "/work/output": f"{noexec},size={limits.output_mb}m,mode=1777",
            },
            log_config=LogConfig(type="none"),
            stdin_open=False,
            tty=False,
        )

    async def _collect(self, spec: RunSpec, container: Any) -> _Results:
        limits = spec.limits
        results = _Results()
        bits, _ = await asyncio.to_thread(container.get_archive, "/work/result.json")
        data, problem = await asyncio.to_thread(read_single_file, bits, limits.max_result_bytes)
        if problem or not data:
            results.result_error = f"result.json: {problem or 'missing or empty'}"
        else:
            results.result_json = data

        sink = await ArtifactSink.fresh(self._store, self._prefix, spec)
        bits, _ = await asyncio.to_thread(container.get_archive, "/work/output")
        try:
            collected = await asyncio.to_thread(collect_output, bits, output_caps(limits), sink)
        finally:
            with contextlib.suppress(Exception):
                bits.close()
        if collected.error:
            results.output_error = collected.error
            await sink.discard()
        else:
            results.artifacts = sink.stored
        return results

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _put_stage(container: Any, stage: IO[bytes]) -> None:
        """Upload the staged /work, once more after a refusal: under load podman sometimes loses
        the pipe to its copy helper ("broken pipe"). The container has not started, so a second
        upload of the same archive only overwrites what the first one wrote."""
        try:
            container.put_archive("/work", stage)
        except APIError:
            time.sleep(0.2)
            stage.seek(0)
            container.put_archive("/work", stage)

    def _engine_error(self, exc: BaseException) -> str:
        if isinstance(exc, ImageNotFound) or (
            isinstance(exc, APIError) and "image not known" in str(exc).lower()
        ):
            return image_help(self.image)
        if isinstance(exc, APIError):
            return f"the container engine refused: {exc.explanation or exc}"
        return engine_help(self.engine_url)

    def _containers_of(self, run_id: UUID) -> list[Any]:
        try:
            return list(
                self._docker().containers.list(
                    all=True, filters={"label": f"skriptoteket.run_id={run_id}"}
                )
            )
        except (DockerException, OSError):
            return []

    def _settle(self, api: Any, container: Any) -> _Settled:
        exec_id = api.exec_create(
            container.id, ["python", "-c", SETTLE_SCRIPT], user=TOOL_USER, workdir="/"
        )["Id"]
        out = api.exec_start(exec_id) or b""
        if _exec_exit_code(api, exec_id) != 0:
            raise SettleError(f"the settle step failed: {out[-300:]!r}")
        try:
            left, oom_kills, peak, limit = (int(n) for n in out.split()[-4:])
        except ValueError:
            raise SettleError(f"the settle step said {out[-300:]!r}") from None
        if left:
            raise SettleError(f"{left} tool processes would not die")
        at_limit = limit > 0 and peak >= limit - MIB
        return _Settled(oom=oom_kills > 0 or at_limit)

    @staticmethod
    def _kill_quietly(container: Any) -> None:
        with contextlib.suppress(DockerException, OSError):
            container.kill()

    @staticmethod
    def _remove_quietly(container: Any) -> None:
        with contextlib.suppress(NotFound):
            try:
                container.remove(force=True)
            except (DockerException, OSError):
                # One retry: podman may still be tearing down a just-killed container.
                time.sleep(0.2)
                with contextlib.suppress(DockerException, OSError):
                    container.remove(force=True)


def _drain(stream: Iterator[tuple[bytes | None, bytes | None]], capture: _Capture) -> None:
    try:
        for out, err in stream:
            if out:
                capture.stdout.feed(out)
            if err:
                capture.stderr.feed(err)
    except (DockerException, OSError, ValueError) as exc:  # the stream broke (e.g. killed)
        capture.error = str(exc)


def _exec_exit_code(api: Any, exec_id: str) -> int | None:
    """The harness's exit code; the engine may need a moment to record it."""
    for _ in range(20):
        try:
            info = api.exec_inspect(exec_id)
        except (DockerException, OSError):
            return None
        if not info.get("Running") and info.get("ExitCode") is not None:
            return int(info["ExitCode"])
        time.sleep(0.05)
    return None


class SettleError(Exception):
    """The tool's leftover processes could not be stopped, or the step answered nonsense."""


@dataclass(frozen=True)
class _Settled:
    oom: bool


# Run in the container as the tool's user once the harness has exited: SIGKILL every process but
# the container's init (1), its `sleep` (the oldest other process; it keeps the tmpfs mounts
# alive) and itself, until none is left (a fork bomb may add some meanwhile); then print how many
# survived and the memory cgroup's OOM kills, peak and limit (cgroup v2, else v1; -1: unknown).
SETTLE_SCRIPT = """
import os, signal, time
keep = {1, os.getpid()}
first = min((int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) not in keep), default=0)
try:
    if open(f'/proc/{first}/cmdline', 'rb').read() == b'sleep\\0infinity\\0':
        keep.add(first)
except OSError:
    pass
def alive(pid):
    try:
        return open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return False
def others():
    return [p for p in (int(n) for n in os.listdir('/proc') if n.isdigit())
            if p not in keep and alive(p)]
for _ in range(100):
    pids = others()
    if not pids:
        break
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.01)
def number(*paths, key=None):
    for path in paths:
        try:
            text = open(path).read()
        except OSError:
            continue
        if key is None:
            value = text.strip()
            return int(value) if value.isdigit() else -1
        for line in text.splitlines():
            name, _, value = line.partition(' ')
            if name == key:
                return int(value)
    return -1
oom = number('/sys/fs/cgroup/memory.events', '/sys/fs/cgroup/memory/memory.oom_control',
             key='oom_kill')
peak = number('/sys/fs/cgroup/memory.peak', '/sys/fs/cgroup/memory/memory.max_usage_in_bytes')
limit = number('/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes')
print(len(others()), max(oom, 0), peak, limit)
"""


def _oom_killed(container: Any) -> bool:
    try:
        container.reload()
    except (DockerException, OSError):
        return False
    return bool(container.attrs.get("State", {}).get("OOMKilled"))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
