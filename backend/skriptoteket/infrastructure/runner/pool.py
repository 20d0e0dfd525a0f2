"""A worker's pool of idle sandboxes: created and started ahead of time, the interpreter running
and the heavy libraries imported, each waiting for exactly one run (then it is destroyed; a
sandbox is never reused). Both runners keep one (docs/runners.md, "The pool").

- refilled in the background up to `size`, `refill` sandboxes at a time, but only while the
  worker has a free slot: under a burst the CPU goes to runs (which then start cold) rather
  than to preparing sandboxes that import libraries most runs never use;
- a sandbox that died while idle (killed from outside, the engine restarted) is found by a
  sweep every second and on taking, destroyed and replaced;
- drained (every idle sandbox destroyed) when nobody took one for `idle_s` (refilling starts
  again with the next run), when the sandbox's generation changes (a new runner image), and
  on close (the worker stops).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.runner import RunLimits, RunOutcome, RunSpec

from .artifact_sink import ArtifactSink
from .sandbox_frames import Driven, Frames, drive, reported

log = logging.getLogger(__name__)

SWEEP_S = 1.0
GENERATION_CHECK_S = 10.0
MAX_BACKOFF_S = 10.0


class Warm(Protocol):
    """One idle sandbox as the pool sees it."""

    generation: str

    def alive(self) -> bool:
        """Still idle and usable (cheap, never blocks)."""
        ...

    async def destroy(self) -> None: ...


W = TypeVar("W", bound=Warm)


class Sandbox(Warm, Protocol):
    """A sandbox as a runner drives it through one run (sandbox_frames.py)."""

    frames: Frames  # what its init sends

    async def kill(self) -> None:
        """Kill it now (the deadline, a cancel); does not wait."""
        ...

    async def stop(self) -> None:
        """Kill it if it may still hold on, and wait until it is gone."""
        ...


S = TypeVar("S", bound=Sandbox)


@dataclass(frozen=True, slots=True)
class PoolConfig:
    size: int = 2  # idle sandboxes kept ready; 0: no pool (every run starts cold)
    refill: int = 1  # sandboxes created at the same time
    idle_s: float = 900.0  # drained after this long without a run
    preload: tuple[str, ...] = ()  # modules each sandbox imports while it waits


class SandboxPool(Generic[W]):
    def __init__(
        self,
        create: Callable[[], Awaitable[W]],
        config: PoolConfig,
        *,
        busy: Callable[[], bool] = lambda: False,
        generation: Callable[[], Awaitable[str]] | None = None,
        sweep_s: float = SWEEP_S,
        generation_check_s: float = GENERATION_CHECK_S,
    ) -> None:
        self.config = config
        self._sweep_s = sweep_s
        self._generation_check_s = generation_check_s
        self._create = create
        self._busy = busy
        self._generation = generation
        self._current = ""
        self._checked_at = 0.0
        self._idle: list[W] = []
        self._creating = 0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_used = time.monotonic()
        self._drained_for_idle = False
        self.taken = 0
        self.missed = 0
        self.replaced = 0

    # -- use -----------------------------------------------------------------------------

    @property
    def idle(self) -> int:
        return len(self._idle)

    def waiting(self) -> list[W]:
        """The idle sandboxes, oldest first (the next run takes the first)."""
        return list(self._idle)

    def start(self) -> None:
        if self.config.size > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop())

    def take(self) -> W | None:
        """An idle, living sandbox of the current generation, or None (the caller starts one
        cold). Never waits."""
        self._last_used = time.monotonic()
        self._drained_for_idle = False
        self._wake.set()
        while self._idle:
            warm = self._idle.pop(0)
            if warm.alive() and warm.generation == self._current:
                self.taken += 1
                return warm
            self._discard(warm)
        self.missed += 1
        return None

    async def wait_full(self, within_s: float = 120.0) -> None:
        """Until `size` sandboxes wait (tests and benchmarks)."""
        deadline = time.monotonic() + within_s
        while len(self._idle) < self.config.size:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the pool has {len(self._idle)} of {self.config.size}")
            self._wake.set()
            await asyncio.sleep(0.05)

    async def drain(self) -> None:
        idle, self._idle = self._idle, []
        await asyncio.gather(*(w.destroy() for w in idle), return_exceptions=True)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.drain()

    # -- upkeep --------------------------------------------------------------------------

    def _discard(self, warm: W) -> None:
        self.replaced += 1
        task = asyncio.ensure_future(warm.destroy())
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

    async def _loop(self) -> None:
        backoff = 0.5
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._sweep_s)
            self._wake.clear()
            for warm in [w for w in self._idle if not w.alive()]:
                self._idle.remove(warm)
                log.warning("an idle sandbox died; replacing it")
                self._discard(warm)
            if time.monotonic() - self._last_used > self.config.idle_s:
                if self._idle:
                    log.info("no run for %s s: draining the sandbox pool", self.config.idle_s)
                    await self.drain()
                self._drained_for_idle = True
            if self._drained_for_idle:
                continue
            try:
                await self._check_generation()
            except Exception as exc:  # the engine is away: sweep again later
                log.warning("the sandbox pool cannot check its runner: %s", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            missing = self.config.size - len(self._idle) - self._creating
            if missing <= 0 or self._busy():
                continue
            batch = min(missing, max(1, self.config.refill))
            self._creating += batch
            creating = asyncio.gather(
                *(self._create() for _ in range(batch)), return_exceptions=True
            )
            try:
                made = await asyncio.shield(creating)
            except asyncio.CancelledError:
                # Closing while sandboxes are being made: they are destroyed when they arrive.
                creating.add_done_callback(self._destroy_all)
                raise
            finally:
                self._creating -= batch
            failed = [m for m in made if isinstance(m, BaseException)]
            for warm in (m for m in made if not isinstance(m, BaseException)):
                if warm.generation != self._current or self._drained_for_idle:
                    self._discard(warm)
                else:
                    self._idle.append(warm)
            if failed:
                log.warning("the sandbox pool could not create a sandbox: %s", failed[0])
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
            else:
                backoff = 0.5
                self._wake.set()  # more may be missing

    def _destroy_all(self, made: asyncio.Future[list[W | BaseException]]) -> None:
        for warm in made.result():
            if not isinstance(warm, BaseException):
                self._discard(warm)

    async def _check_generation(self) -> None:
        if self._generation is None:
            return
        now = time.monotonic()
        if self._current and now - self._checked_at < self._generation_check_s:
            return
        current = await self._generation()
        self._checked_at = now
        if current != self._current:
            if self._current:
                log.info("the runner changed (%s): draining the sandbox pool", current[:19])
            self._current = current
            await self.drain()


@dataclass(slots=True)
class Active(Generic[W]):
    """A run in progress: its sandbox once it has one, and whether it was killed."""

    sandbox: W | None = None
    killed: bool = False

    def was_killed(self) -> bool:
        """Read after an await: kill() may have set it meanwhile (a method, so type
        narrowing from an earlier check does not hide that)."""
        return self.killed


@dataclass(slots=True)
class Attempt(Generic[S]):
    """An attempt whose tool started (or whose sandbox started cold and died): its sandbox,
    what its frames said and where its outputs went."""

    sandbox: S
    driven: Driven
    sink: ArtifactSink


class PooledRunner(Generic[S]):
    """What both runners share around their pool: the runs in progress (for `kill`), the
    sandboxes of ended runs until `remove` (after the verdict is stored), the pool itself,
    which refills only while fewer than `busy_at` runs execute, and the course of one
    attempt (`_attempt`, `_ended`); a runner says how it starts, stages and judges a sandbox."""

    def __init__(
        self,
        store: FileStore,
        artifact_prefix: str,
        pool: PoolConfig | None,
        pool_limits: RunLimits | None,
    ) -> None:
        self._store = store
        self._prefix = artifact_prefix
        self._active: dict[UUID, Active[S]] = {}
        self._done: dict[UUID, S] = {}
        self._pool_limits = pool_limits or RunLimits()
        self._busy_at = 1
        self.pool: SandboxPool[S] = SandboxPool(
            self._warm,
            pool or PoolConfig(size=0),
            busy=lambda: len(self._active) >= self._busy_at,
            generation=self._generation,
        )

    async def _warm(self) -> S:
        """A new sandbox for the pool."""
        raise NotImplementedError

    async def _generation(self) -> str:
        """What the sandboxes are made from now (a change drains the pool)."""
        raise NotImplementedError

    async def _run(
        self, spec: RunSpec, active: Active[S], timings: dict[str, float]
    ) -> Attempt[S] | RunOutcome:
        """One attempt up to the end of its frames (`_attempt`), or its outcome when it ended
        before that (it could not be staged, the engine is away, it was cancelled)."""
        raise NotImplementedError

    async def _outcome(self, attempt: Attempt[S], outcome: RunOutcome) -> RunOutcome:
        """The outcome of an attempt that was neither timed out nor killed, from `outcome`
        (as the frames tell it): how its sandbox ended, result.json and the artifacts."""
        raise NotImplementedError

    async def remove(self, run_id: UUID) -> None:
        raise NotImplementedError

    def start_pool(self, busy_at: int = 1) -> None:
        """Fill the pool in the background (the worker calls this once it runs). No refill
        while `busy_at` runs or more execute: the CPU goes to runs first."""
        self._busy_at = busy_at
        self.pool.start()

    async def close(self) -> None:
        """Drain the pool and remove what finished runs left (the worker stops)."""
        await self.pool.close()
        for run_id in list(self._done):
            await self.remove(run_id)

    async def run(self, spec: RunSpec) -> RunOutcome:
        active: Active[S] = Active()
        timings: dict[str, float] = {}
        self._active[spec.run_id] = active
        try:
            attempt = await self._run(spec, active, timings)
            if isinstance(attempt, RunOutcome):
                return attempt
            return await self._ended(attempt, active, timings)
        finally:
            self._active.pop(spec.run_id, None)
            if active.sandbox is not None:
                # Removed by `remove`, after the verdict is stored (the worker calls it).
                self._done[spec.run_id] = active.sandbox

    async def _attempt(
        self,
        spec: RunSpec,
        active: Active[S],
        timings: dict[str, float],
        *,
        pooled: bool,
        cold: Callable[[], Awaitable[S]],
        send: Callable[[S, bool], Awaitable[None]],
    ) -> Attempt[S] | RunOutcome:
        """Take a sandbox from the pool when `pooled` (the run fits it), else start one
        `cold`; `send` stages the run into it (told whether it came from the pool) and sends
        the request line; then read its frames to the end. A pooled sandbox that died before
        it started the tool (killed from outside) is replaced by a cold one."""
        sandbox = self.pool.take() if pooled else None
        while True:
            from_pool = sandbox is not None
            started = time.perf_counter()
            if sandbox is None:
                sandbox = await cold()
            active.sandbox = sandbox
            timings["create"] = ms_since(started)
            timings["pooled"] = 1.0 if from_pool else 0.0
            if active.was_killed():
                return RunOutcome(None, None, killed=True, timings_ms=timings)
            started = time.perf_counter()
            try:
                await send(sandbox, from_pool)
            except OSError:
                # A cancel that came while the run was being staged killed the sandbox under
                # it (a broken pipe): the run was killed, not unstageable.
                if active.was_killed():
                    return RunOutcome(None, None, killed=True, timings_ms=timings)
                raise
            timings["stage"] = ms_since(started)
            sink = await ArtifactSink.fresh(self._store, self._prefix, spec)
            driven = await drive(sandbox.frames, sandbox.kill, spec.limits, sink, active, timings)
            if driven.started or not from_pool or active.was_killed():
                return Attempt(sandbox, driven, sink)
            await sink.discard()
            await sandbox.destroy()
            active.sandbox = sandbox = None

    async def _ended(
        self, attempt: Attempt[S], active: Active[S], timings: dict[str, float]
    ) -> RunOutcome:
        if not attempt.driven.ended:
            # The deadline, a cancel, a cap, or it died: make sure it is gone. Otherwise the
            # init said everything and waits for `remove` (sandbox_init.py's LINGER_S).
            await attempt.sandbox.stop()
        outcome = reported(attempt.driven, active.was_killed(), timings)
        if outcome.timed_out or outcome.killed:
            await attempt.sink.discard()
            return outcome
        return await self._outcome(attempt, outcome)

    async def _destroy_done(self, run_id: UUID) -> bool:
        """Destroy the sandbox a run of this runner left; False when it ran elsewhere."""
        sandbox = self._done.pop(run_id, None)
        if sandbox is None:
            return False
        await sandbox.destroy()
        return True


def ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
