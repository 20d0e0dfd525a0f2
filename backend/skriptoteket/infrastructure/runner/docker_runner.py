"""The ToolRunner over a Docker Engine API (Docker, or podman's compatible service).

One attempt is one container, never reused; with the pool (pool.py) it was created before the
run was claimed:
1. create it with every limit of docs/tool-contract.md "Limits", attach to its stdin/stdout and
   start it: its main process is sandbox_init.py (under the engine's init), which imports the
   pool's preloads and waits for one request;
2. stage /work with the archive API (tool/, input/, request.json owned by root and read-only,
   on a size-capped tmpfs) and send the request line; a sandbox run under a stricter runtime
   (SKRIPTOTEKET_SANDBOX_RUNTIME, gVisor) starts cold and gets the stage after the request
   line, as the engine's archive upload cannot reach its tmpfs;
3. the init forks the harness as the tool user, relays its stdout/stderr, kills whatever the
   tool left, and sends exit code, memory figures, result.json and /work/output as one tar
   over the same stream (sandbox_frames.py reads it, capped, into the file store);
4. on the deadline or a cancel, kill the container;
5. `remove` (after the verdict is stored) removes it.

The docker SDK is synchronous: every call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import select
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import docker
from docker.errors import APIError, DockerException, ImageNotFound, NotFound
from docker.types import LogConfig, Ulimit
from docker.utils.socket import next_frame_header, read_exactly

from skriptoteket.contract.run import CONTRACT_VERSION as CONTRACT
from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import RunLimits, RunOutcome, RunSpec

from .archive import TOOL_UID, UnsafeName, stage_archive
from .logs import HeadTail
from .pool import Active, Attempt, PoolConfig, PooledRunner
from .sandbox_frames import READY, Frames, go_line, settled

INIT_SOURCE = Path(__file__).with_name("sandbox_init.py").read_text(encoding="utf-8")
CONTRACT_LABEL = "org.skriptoteket.contract"
CONTRACT_VERSION = str(CONTRACT)  # the image's label must list it
TOOL_USER = f"{TOOL_UID}:{TOOL_UID}"
MIB = 1024 * 1024
# podman sets RLIMIT_NPROC whenever any ulimit is given, and fails when it exceeds the host's
# hard limit; an explicit, generous value avoids that (the pids limit is the real bound).
NPROC = 32768
# /work holds the staged files and the harness's result.json, written beside itself first
# (atomic rename): room for what a run may stage (uploads, sources, request.json: 52 MiB at the
# default limits) and twice the result cap, so a result somewhat over the cap is still written
# and reported as too large rather than cut short. A pooled sandbox is made before its run is
# known, so every run gets this room; a run staging more starts cold with exactly its own.
STAGE_ALLOWANCE = 64 * MIB


def engine_help(url: str) -> str:
    return (
        f"The container engine at {url} is not reachable. Start it (`.ci/container-engine.sh` "
        "starts podman's Docker-compatible service) and set DOCKER_HOST or "
        "SKRIPTOTEKET_DOCKER_HOST to its socket."
    )


def image_help(image: str) -> str:
    return f"The runner image {image} is missing: run `make runner-image`."


def _work_bytes(staged: int, limits: RunLimits) -> int:
    return max(staged, STAGE_ALLOWANCE) + 2 * limits.max_result_bytes + 4 * MIB


def _shape(limits: RunLimits) -> tuple[object, ...]:
    """What a sandbox is made with (the deadline and the caps on outputs are the worker's)."""
    return (limits.memory_mb, limits.cpus, limits.pids, limits.tmp_mb, limits.output_mb)


class AttachStream:
    """The container's attached stdin/stdout/stderr (the engine's multiplexed stream): stdout
    is the init's frames, its own stderr (import warnings, a crash) is kept for diagnosis."""

    def __init__(self, socket: Any) -> None:
        self._socket = socket
        self._raw = getattr(socket, "_sock", socket)
        self.errors = HeadTail(16 * 1024)

    def _frame(self) -> tuple[int, bytes] | None:
        stream, size = next_frame_header(self._socket)
        if stream < 0:
            return None
        try:
            return stream, read_exactly(self._socket, size) if size else b""
        except OSError:
            return None

    def chunks(self) -> Iterator[bytes]:
        try:
            while (frame := self._frame()) is not None:
                stream, data = frame
                if stream == 1:
                    yield data
                else:
                    self.errors.feed(data)
        except OSError:
            return

    def idle_alive(self) -> bool:
        """While idle the init sends nothing on stdout: readable means it ended (or spoke out
        of turn); stderr lines that were late are kept."""
        try:
            while select.select([self._raw], [], [], 0)[0]:
                frame = self._frame()
                if frame is None or frame[0] == 1:
                    return False
                self.errors.feed(frame[1])
        except (OSError, ValueError):
            return False
        return True

    def send(self, data: bytes) -> None:
        self._raw.sendall(data)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._socket.close()


@dataclass(eq=False, slots=True)
class _Sandbox:
    """One started container waiting for (or serving) its one run."""

    container: Any
    stream: AttachStream
    frames: Frames
    generation: str
    runner: DockerRunner

    def alive(self) -> bool:
        return self.stream.idle_alive()

    async def kill(self) -> None:
        await asyncio.to_thread(self.runner._kill_quietly, self.container)

    async def stop(self) -> None:
        await self.kill()  # the engine removes what is left with the container

    async def destroy(self) -> None:
        self.stream.close()
        if not await asyncio.to_thread(self.runner._remove_quietly, self.container):
            self.runner._orphans.append(self.container)  # the engine is away: later


_Active = Active[_Sandbox]


class DockerRunner(PooledRunner[_Sandbox]):
    def __init__(
        self,
        store: FileStore,
        *,
        image: str,
        base_url: str = "",
        artifact_prefix: str = "runs",
        pool: PoolConfig | None = None,
        pool_limits: RunLimits | None = None,
        sandbox_runtime: str = "",
    ) -> None:
        super().__init__(store, artifact_prefix, pool, pool_limits)
        self.sandbox_runtime = sandbox_runtime
        self.image = image
        self._base_url = base_url
        self._client: Any = None
        self._orphans: list[Any] = []  # sandboxes to remove once the engine answers again
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

    # -- the pool ------------------------------------------------------------------------

    def start_pool(self, busy_at: int = 1) -> None:
        if self.pool.config.size > 0:
            asyncio.get_running_loop().run_in_executor(None, self._remove_ended_sandboxes)
        super().start_pool(busy_at)

    def _remove_ended_sandboxes(self) -> None:
        """Pooled sandboxes a dead (or interrupted) worker left: each ends by itself (its run
        done, or idle too long), and the next worker to start removes what has ended."""
        with contextlib.suppress(DockerException, OSError):
            for container in self._docker().containers.list(
                all=True, filters={"label": "skriptoteket.sandbox=pool", "status": "exited"}
            ):
                self._remove_quietly(container)

    async def _generation(self) -> str:
        image = await asyncio.to_thread(lambda: self._docker().images.get(self.image))
        return str(image.id)

    async def _warm(self) -> _Sandbox:
        orphans, self._orphans = self._orphans, []
        for container in orphans:
            if not await asyncio.to_thread(self._remove_quietly, container):
                self._orphans.append(container)
        generation = self.pool._current
        return await asyncio.to_thread(
            self._start_sandbox,
            self._pool_limits,
            _work_bytes(0, self._pool_limits),
            list(self.pool.config.preload),
            generation,
            None,
        )

    # -- the port ------------------------------------------------------------------------

    async def kill(self, run_id: UUID) -> None:
        active = self._active.get(run_id)
        if active is not None:
            active.killed = True
            if active.sandbox is not None:
                await asyncio.to_thread(self._kill_quietly, active.sandbox.container)
            return
        for container in await asyncio.to_thread(self._containers_of, run_id):
            await asyncio.to_thread(self._kill_quietly, container)

    async def remove(self, run_id: UUID) -> None:
        """What the run left: its container (known here, or found by its label when another
        worker ran it)."""
        if await self._destroy_done(run_id):
            return
        for container in await asyncio.to_thread(self._containers_of, run_id):
            await asyncio.to_thread(self._remove_quietly, container)

    # -- one attempt ---------------------------------------------------------------------

    async def _run(
        self, spec: RunSpec, active: _Active, timings: dict[str, float]
    ) -> Attempt[_Sandbox] | RunOutcome:
        limits = spec.limits
        try:
            stage, staged_bytes = await asyncio.to_thread(stage_archive, spec)
        except (UnsafeName, OSError) as exc:
            return RunOutcome(None, None, platform_error=f"cannot stage the run: {exc}")
        # Unreviewed code under a stricter runtime starts cold (pooled sandboxes run the default).
        runtime = self.sandbox_runtime if spec.unreviewed else ""

        async def cold() -> _Sandbox:
            return await asyncio.to_thread(
                self._start_sandbox,
                limits,
                _work_bytes(staged_bytes, limits),
                [],
                "",
                spec,
                runtime,
            )

        async def send(sandbox: _Sandbox, pooled: bool) -> None:
            stage.seek(0)
            if runtime:  # its tmpfs may be out of the engine's reach (gVisor): stdin
                data = stage.read()
                await asyncio.to_thread(sandbox.stream.send, go_line({}, len(data)) + data)
            else:
                await asyncio.to_thread(sandbox.container.put_archive, "/work", stage)
                await asyncio.to_thread(sandbox.stream.send, go_line({}))

        try:
            if active.killed:  # cancelled before anything was created
                return RunOutcome(None, None, killed=True, timings_ms=timings)
            if not self._image_checked:
                await self.ping()
                self._image_checked = True
            pool_fits = _shape(limits) == _shape(self._pool_limits)
            pooled = pool_fits and staged_bytes <= STAGE_ALLOWANCE and not runtime
            return await self._attempt(spec, active, timings, pooled=pooled, cold=cold, send=send)
        except Unavailable as exc:
            return RunOutcome(None, None, platform_error=exc.message, timings_ms=timings)
        except (DockerException, OSError) as exc:
            return RunOutcome(
                None, None, platform_error=self._engine_error(exc), timings_ms=timings
            )
        finally:
            stage.close()

    async def _outcome(self, attempt: Attempt[_Sandbox], outcome: RunOutcome) -> RunOutcome:
        sandbox, driven, sink = attempt.sandbox, attempt.driven, attempt.sink
        archive = driven.archive
        if not driven.started:
            await sink.discard()
            return replace(
                outcome,
                platform_error="the sandbox ended before the tool started: "
                + sandbox.stream.errors.text()[-500:],
            )
        if archive.exit_code is None:
            # The sandbox ended without its init's report (the tool killed the init, or the
            # OOM killer did).
            await sink.discard()
            try:
                await asyncio.to_thread(sandbox.container.reload)
            except (DockerException, OSError):  # the engine went away with the stream
                return replace(
                    outcome,
                    platform_error="lost the tool's output stream: " + engine_help(self.engine_url),
                )
            oom = bool(sandbox.container.attrs.get("State", {}).get("OOMKilled"))
            return replace(outcome, oom=oom, result_error="the sandbox ended early")
        _, oom_kills, peak, limit = archive.settle
        return await settled(
            outcome,
            archive,
            sink,
            oom=oom_kills > 0 or (limit > 0 and peak >= limit - MIB),
            result_json=archive.result_json,
        )

    def _start_sandbox(
        self,
        limits: RunLimits,
        work_bytes: int,
        preload: list[str],
        generation: str,
        spec: RunSpec | None,
        runtime: str = "",
    ) -> _Sandbox:
        """Create, attach to and start a container whose init (sandbox_init.py) waits for one
        request; return once it is ready (its preloads imported). Blocking."""
        noexec = "rw,noexec,nosuid,nodev"
        threads = str(max(1, math.ceil(limits.cpus)))
        # Every sandbox carries a run-id label and a skriptoteket-run-* name (the engine proxy
        # only touches such containers); a pooled one's run is not known yet.
        key = f"pool-{uuid4()}" if spec is None else f"{spec.run_id}-{spec.attempt}"
        labels = {
            "skriptoteket.sandbox": "pool" if spec is None else "run",
            "skriptoteket.run_id": key if spec is None else str(spec.run_id),
        }
        if spec is not None:
            labels["skriptoteket.attempt"] = str(spec.attempt)
        name = f"skriptoteket-run-{key}"
        config = {"preload": preload, "wait_s": self.pool.config.idle_s + 60}
        client = self._docker()
        container = client.containers.create(
            image=self.image,
            **({"runtime": runtime} if runtime else {}),
            entrypoint=["python", "-c", INIT_SOURCE, json.dumps(config)],
            command=[],
            name=name,
            labels=labels,
            user=TOOL_USER,
            working_dir="/work",
            environment={"OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads},
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
                # Sticky and open to all: the harness writes result.json beside the staged
                # files, which are root's and read-only (the stage sets them so).
                "/work": f"{noexec},size={math.ceil(work_bytes / 1024)}k,mode=1777",
                "/work/output": f"{noexec},size={limits.output_mb}m,mode=1777",
            },
            log_config=LogConfig(type="none"),
            stdin_open=True,
            tty=False,
        )
        sandbox: _Sandbox | None = None
        try:
            recorded = _runtime_of(client, container) if runtime else ""
            if recorded != runtime:
                # Fail closed: never run unreviewed code under a runtime it was not meant for.
                raise Unavailable(
                    f"the container engine did not take the runtime {runtime!r} for a sandbox "
                    f"run (it recorded {recorded!r}; podman's Docker API ignores it before 2026): "
                    "use an engine that honours it, or unset SKRIPTOTEKET_SANDBOX_RUNTIME"
                )
            socket = client.api.attach_socket(
                container.id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
            )
            stream = AttachStream(socket)
            sandbox = _Sandbox(container, stream, Frames(stream.chunks()), generation, self)
            container.start()
            ready = sandbox.frames.next()
            if ready is None or ready[0] != READY:
                raise DockerException(
                    f"the sandbox did not start: {stream.errors.text()[-500:] or ready!r}"
                )
            return sandbox
        except BaseException:
            if sandbox is not None:
                sandbox.stream.close()
            self._remove_quietly(container)
            raise

    # -- helpers -------------------------------------------------------------------------

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

    @staticmethod
    def _kill_quietly(container: Any) -> None:
        with contextlib.suppress(DockerException, OSError):
            container.kill()

    @staticmethod
    def _remove_quietly(container: Any) -> bool:
        """Removed (or gone already); False when the engine would not."""
        for attempt in range(2):
            try:
                container.remove(force=True)
                return True
            except NotFound:
                return True
            except (DockerException, OSError):
                # One retry: podman may still be tearing down a just-killed container.
                if attempt == 0:
                    time.sleep(0.2)
        return False


def _runtime_of(client: Any, container: Any) -> str:
    """The runtime the engine recorded for a container. podman's Docker API says "oci" for
    every runtime; its own API names the real one."""
    recorded = str((container.attrs.get("HostConfig") or {}).get("Runtime") or "")
    if recorded == "oci":
        answer = client.api._get(client.api._url("/libpod/containers/{0}/json", container.id))
        recorded = str(client.api._result(answer, json=True).get("OCIRuntime") or "")
    return recorded
