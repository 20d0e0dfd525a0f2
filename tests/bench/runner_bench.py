"""Runner benchmark: both runners, each on its cold path and on its pooled path, side by side in
one run, on two tools.

The tools: `hello` (tests/runner) and `namnlista` from the script bank with its
`forn-eftern-excel` example (a CSV in, a table and an XLSX out). For each runner, path and tool,
N runs one after the other (the pooled path waits until its sandbox is ready before each run, as
a teacher's next click finds it): the phases each run reports and its total, p50/p95:

- create: creating and starting the sandbox (0 on the pooled path: done before the run);
- stage: tar staging through the engine's archive API (Docker) or files into the bound stage
  (bubblewrap), and sending the request line;
- start: the request line to the init's "started" (the fork of the harness);
- tool: the tool's own time, the harness's JSON included, until the archive's first byte;
- collect: the archive into the file store;
- remove: removing the sandbox, which the worker does after the verdict is stored (not in
  total).

Besides: CPU time per run of the worker process, of the engine's API service (podman) and of
the whole machine (noisy on a shared machine); the time to prepare one pooled sandbox (create,
start, interpreter, preloaded imports); the memory an idle pooled sandbox holds (Docker: its
memory cgroup's usage; bubblewrap: the PSS of its processes); the floor of the Docker runner
measured on the same engine in the same session (`containers.run` of `true`); the load average.

    DOCKER_HOST=unix:///run/podman/podman.sock uv run python tests/bench/runner_bench.py [runs]

Prints the figures; the last line is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docker

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "runner-image" / "toolkit"))  # as pytest's pythonpath

from tests.runner.conftest import FAST, make_spec, shared_sandbox_dir  # noqa: E402
from tests.runner.test_runner_basics import HELLO  # noqa: E402
from tests.runner.test_script_bank_examples import (  # noqa: E402
    LIMITS,
    SOURCES,
    bank,
    request_json,
)

from skriptoteket.infrastructure.files.local import LocalFileStore  # noqa: E402
from skriptoteket.infrastructure.runner.bwrap_runner import BwrapRunner  # noqa: E402
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner  # noqa: E402
from skriptoteket.infrastructure.runner.pool import PoolConfig  # noqa: E402
from skriptoteket.infrastructure.settings import Settings  # noqa: E402
from skriptoteket.protocols.runner import RunLimits, RunSpec  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
PHASES = ("create", "stage", "start", "tool", "collect", "total", "remove")
NAMNLISTA_EXAMPLE = "forn-eftern-excel"
PRELOAD = tuple(m for m in Settings().runner_pool_preload.split(",") if m)
Runner = DockerRunner | BwrapRunner


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))], 1)


def image_reference() -> str:
    return subprocess.run(
        [str(REPO / "runner-image" / "build.sh"), "--print"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def namnlista_spec() -> RunSpec:
    example = bank.Example.load("namnlista", NAMNLISTA_EXAMPLE)
    files = [(field, p) for field, paths in example.files.items() for p in paths]
    run_id = uuid.uuid4()
    return RunSpec(
        run_id=run_id,
        attempt=1,
        source_files=SOURCES["namnlista"],
        request_json=request_json(run_id, example, files, None, {}),
        input_files={f.name: f for _, f in files},
        limits=LIMITS,
    )


TOOLS: dict[str, tuple[Callable[[], RunSpec], RunLimits]] = {
    "hello": (lambda: make_spec(HELLO), FAST),
    "namnlista": (namnlista_spec, LIMITS),
}


def engine_pid() -> int | None:
    done = subprocess.run(
        ["pgrep", "-f", "podman system service"], check=False, capture_output=True, text=True
    )
    pids = [int(p) for p in done.stdout.split()]
    return pids[0] if pids else None


def process_cpu_s(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_s() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def self_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pss_mb(pid: int) -> float:
    """PSS of a process and its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return round(total / 1024, 1)


def idle_memory_mb(runner: Runner) -> float:
    [sandbox] = runner.pool.waiting()[:1]
    if isinstance(runner, BwrapRunner):
        assert sandbox.process is not None
        return pss_mb(sandbox.process.pid)
    stats = sandbox.container.stats(stream=False)  # type: ignore[union-attr]
    memory = stats.get("memory_stats", {})
    usage = memory.get("usage", 0) - memory.get("stats", {}).get("cache", 0)
    return round(usage / 1024 / 1024, 1)


async def measure(runner: Runner, tool: str, pooled: bool) -> dict[str, list[float]]:
    make, _ = TOOLS[tool]
    phases: dict[str, list[float]] = {p: [] for p in (*PHASES, "cpu_worker", "cpu_engine")}
    phases["cpu_machine"] = []
    engine = engine_pid()
    for number in range(RUNS + 1):  # the first is a warm-up (page cache, checks)
        if pooled:
            await runner.pool.wait_full()
        spec = make()
        cpu = (self_cpu_s(), process_cpu_s(engine), machine_cpu_s())
        began = time.perf_counter()
        outcome = await runner.run(spec)
        total = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        await runner.remove(spec.run_id)
        removed = (time.perf_counter() - began) * 1000
        after = (self_cpu_s(), process_cpu_s(engine), machine_cpu_s())
        assert outcome.result_json and b'"succeeded"' in outcome.result_json, outcome
        assert outcome.timings_ms["pooled"] == (1.0 if pooled else 0.0), outcome.timings_ms
        if number == 0:
            continue
        for phase in PHASES[:5]:
            phases[phase].append(outcome.timings_ms.get(phase, 0.0))
        phases["total"].append(total)
        phases["remove"].append(removed)
        phases["cpu_worker"].append((after[0] - cpu[0]) * 1000)
        phases["cpu_engine"].append((after[1] - cpu[1]) * 1000)
        phases["cpu_machine"].append((after[2] - cpu[2]) * 1000)
    return phases


async def prepare_ms(runner: Runner) -> float:
    """The time to prepare one pooled sandbox, from an empty pool."""
    await runner.pool.drain()
    began = time.perf_counter()
    await runner.pool.wait_full()
    return round((time.perf_counter() - began) * 1000, 1)


def build(kind: str, store: LocalFileStore, image: str, limits: RunLimits, pool: int) -> Runner:
    config = PoolConfig(size=pool, preload=PRELOAD)
    if kind == "docker":
        return DockerRunner(store, image=image, pool=config, pool_limits=limits)
    return BwrapRunner(store, sandbox_dir=shared_sandbox_dir(), pool=config, pool_limits=limits)


async def main() -> None:
    image = image_reference()
    client = docker.from_env(timeout=120)
    store = LocalFileStore(Path(tempfile.mkdtemp(prefix="runner-bench-")))
    figures: dict[str, Any] = {
        "bench": "runner",
        "runs": RUNS,
        "engine": client.version().get("Components", [{}])[0].get("Name", "?"),
        "preload": ",".join(PRELOAD),
        "load_before": os.getloadavg()[0],
    }
    print(f"{RUNS} runs per runner, path and tool, one after the other ({figures['engine']})")
    columns = [(k, p) for k in ("docker", "bwrap") for p in ("cold", "pooled")]
    print(f"{'tool':10} {'phase':11} " + " ".join(f"{k + ' ' + p:>18}" for k, p in columns))
    for tool, (_, limits) in TOOLS.items():
        measured: dict[tuple[str, str], dict[str, list[float]]] = {}
        for kind, path in columns:
            runner = build(kind, store, image, limits, 1 if path == "pooled" else 0)
            runner.start_pool(busy_at=1)
            try:
                measured[kind, path] = await measure(runner, tool, path == "pooled")
                if path == "pooled":
                    figures[f"{kind}_{tool}_prepare_ms"] = await prepare_ms(runner)
                    figures[f"{kind}_{tool}_idle_sandbox_mb"] = idle_memory_mb(runner)
            finally:
                await runner.close()
        for phase in measured["docker", "cold"]:
            cells = []
            for kind, path in columns:
                values = measured[kind, path][phase]
                p50, p95 = pct(values, 0.5), pct(values, 0.95)
                figures[f"{kind}_{path}_{tool}_{phase}_p50_ms"] = p50
                figures[f"{kind}_{path}_{tool}_{phase}_p95_ms"] = p95
                cells.append(f"{p50:8.1f} /{p95:8.1f}")
            print(f"{tool:10} {phase:11} " + " ".join(f"{c:>18}" for c in cells))
        for kind in ("docker", "bwrap"):
            print(
                f"{tool:10} {kind}: one pooled sandbox takes "
                f"{figures[f'{kind}_{tool}_prepare_ms']} ms to prepare and holds "
                f"{figures[f'{kind}_{tool}_idle_sandbox_mb']} MB while idle"
            )

    floor = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.containers.run(image, ["true"], remove=True, entrypoint=[])
        floor.append((time.perf_counter() - started) * 1000)
    figures["floor_p50_ms"], figures["floor_p95_ms"] = pct(floor, 0.5), pct(floor, 0.95)
    print(
        f"docker floor (containers.run of `true`): p50 {figures['floor_p50_ms']} ms, "
        f"p95 {figures['floor_p95_ms']} ms"
    )
    figures["image"] = image
    figures["load_after"] = os.getloadavg()[0]
    print(f"load average {figures['load_before']} before, {figures['load_after']} after")
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
