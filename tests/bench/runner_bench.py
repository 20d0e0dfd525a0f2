"""Runner benchmark: both runners side by side in one run, on two tools.

The tools: `hello` (tests/runner) and `namnlista` from the script bank with its
`forn-eftern-excel` example (a CSV in, a table and an XLSX out). For each runner and tool, N runs
one after the other: the phases each runner reports (create, start, tool, collect, remove) and
the total, p50/p95. The floor of the Docker runner, measured on the same engine in the same
session: a bare `containers.run(image, ["true"], remove=True)`. Also the image size and the time
of `import pandas` / `import openpyxl` inside the image.

    DOCKER_HOST=unix:///run/podman/podman.sock uv run python tests/bench/runner_bench.py

Prints the figures; the last line is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import docker

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "runner-image" / "toolkit"))  # as pytest's pythonpath

from tests.runner.conftest import make_spec, shared_sandbox_dir  # noqa: E402
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
from skriptoteket.protocols.runner import InputFile, RunSpec, ToolRunner  # noqa: E402

RUNS = 20
PHASES = ("create", "start", "tool", "collect", "remove", "total")
NAMNLISTA_EXAMPLE = "forn-eftern-excel"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))], 1)


def import_ms(client: docker.DockerClient, image: str, module: str) -> float:
    """Median of 3 fresh containers timing the import of `module` inside the image."""
    code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
    times = []
    for _ in range(3):
        out = client.containers.run(
            image,
            ["python", "-c", code],
            remove=True,
            network_disabled=True,
            entrypoint=[],
            tmpfs={"/tmp": "size=64m"},
        )
        times.append(float(out.decode().strip().splitlines()[-1]))
    return round(statistics.median(times), 1)


def image_reference() -> str:
    return subprocess.run(
        [str(REPO / "runner-image" / "build.sh"), "--print"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def namnlista_spec() -> RunSpec:
    example = bank.Example.load("namnlista", NAMNLISTA_EXAMPLE)
    files = [(field, InputFile(p.name, p)) for field, paths in example.files.items() for p in paths]
    run_id = uuid.uuid4()
    return RunSpec(
        run_id=run_id,
        attempt=1,
        source_files=SOURCES["namnlista"],
        request_json=request_json(run_id, example, files, None, {}),
        input_files=[f for _, f in files],
        limits=LIMITS,
    )


TOOLS = {"hello": lambda: make_spec(HELLO), "namnlista": namnlista_spec}


async def measure(runner: ToolRunner, tool: str) -> dict[str, list[float]]:
    phases: dict[str, list[float]] = {p: [] for p in PHASES}
    await runner.run(TOOLS[tool]())  # warm-up: checks, page cache
    for _ in range(RUNS):
        started = time.perf_counter()
        outcome = await runner.run(TOOLS[tool]())
        total = (time.perf_counter() - started) * 1000
        assert outcome.result_json and b'"succeeded"' in outcome.result_json, outcome
        for phase in PHASES[:-1]:
            phases[phase].append(outcome.timings_ms[phase])
        phases["total"].append(total)
    return phases


async def main() -> None:
    image = image_reference()
    client = docker.from_env(timeout=120)
    store = LocalFileStore(Path(tempfile.mkdtemp(prefix="runner-bench-")))
    runners: dict[str, ToolRunner] = {
        "docker": DockerRunner(store, image=image),
        "bwrap": BwrapRunner(store, sandbox_dir=shared_sandbox_dir()),
    }
    figures: dict[str, object] = {
        "runs": RUNS,
        "engine": client.version().get("Components", [{}])[0].get("Name", "?"),
    }
    print(f"{RUNS} runs per runner and tool, one after the other ({figures['engine']})")
    print(f"{'tool':10} {'phase':8} " + " ".join(f"{r + ' p50/p95 ms':>22}" for r in runners))
    for tool in TOOLS:
        measured = {name: await measure(runner, tool) for name, runner in runners.items()}
        for phase in PHASES:
            cells = []
            for name in runners:
                p50, p95 = pct(measured[name][phase], 0.5), pct(measured[name][phase], 0.95)
                figures[f"{name}_{tool}_{phase}_p50_ms"] = p50
                figures[f"{name}_{tool}_{phase}_p95_ms"] = p95
                cells.append(f"{p50:10.1f} /{p95:9.1f}")
            print(f"{tool:10} {phase:8} " + " ".join(f"{c:>22}" for c in cells))

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
    size = client.images.get(image).attrs.get("Size", 0)
    figures["image"] = image
    figures["image_mb"] = round(size / 1e6, 1)
    figures["import_pandas_ms"] = import_ms(client, image, "pandas")
    figures["import_openpyxl_ms"] = import_ms(client, image, "openpyxl")
    print(
        f"image {image}: {figures['image_mb']} MB; import pandas {figures['import_pandas_ms']} ms, "
        f"import openpyxl {figures['import_openpyxl_ms']} ms"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
