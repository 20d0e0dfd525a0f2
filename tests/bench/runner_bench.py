"""Runner benchmark: the hello tool through DockerRunner, 30 runs, against the floor.

For each run: create (create + stage /work), start (start + exec of the harness), tool,
collect (result.json + artifacts), remove, and total; p50/p95 of each. The floor, measured on
the same engine in the same session: a bare `containers.run(image, ["true"], remove=True)`.
Also the image size and the time of `import pandas` / `import openpyxl` inside the image.

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
from pathlib import Path

import docker

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.runner.conftest import make_spec  # noqa: E402
from tests.runner.test_runner_basics import HELLO  # noqa: E402

from skriptoteket.infrastructure.files.local import LocalFileStore  # noqa: E402
from skriptoteket.infrastructure.runner.docker_runner import DockerRunner  # noqa: E402

RUNS = 30
PHASES = ("create", "start", "tool", "collect", "remove", "total")


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


async def main() -> None:
    image = image_reference()
    client = docker.from_env(timeout=120)
    store_dir = Path(tempfile.mkdtemp(prefix="runner-bench-"))
    runner = DockerRunner(LocalFileStore(store_dir), image=image)

    await runner.run(make_spec(HELLO))  # warm-up: image check, page cache
    client.containers.run(image, ["true"], remove=True, entrypoint=[])

    phases: dict[str, list[float]] = {p: [] for p in PHASES}
    floor: list[float] = []
    for _ in range(RUNS):
        started = time.perf_counter()
        outcome = await runner.run(make_spec(HELLO))
        total = (time.perf_counter() - started) * 1000
        assert outcome.result_json and b'"succeeded"' in outcome.result_json, outcome
        for phase in PHASES[:-1]:
            phases[phase].append(outcome.timings_ms[phase])
        phases["total"].append(total)
        started = time.perf_counter()
        client.containers.run(image, ["true"], remove=True, entrypoint=[])
        floor.append((time.perf_counter() - started) * 1000)

    figures: dict[str, object] = {
        "runs": RUNS,
        "engine": client.version().get("Components", [{}])[0].get("Name", "?"),
    }
    print(f"hello tool through DockerRunner, {RUNS} runs ({figures['engine']})")
    print(f"{'phase':10} {'p50 ms':>8} {'p95 ms':>8}")
    for phase in PHASES:
        p50, p95 = pct(phases[phase], 0.5), pct(phases[phase], 0.95)
        figures[f"{phase}_p50_ms"], figures[f"{phase}_p95_ms"] = p50, p95
        print(f"{phase:10} {p50:8.1f} {p95:8.1f}")
    figures["floor_p50_ms"], figures["floor_p95_ms"] = pct(floor, 0.5), pct(floor, 0.95)
    print(
        f"{'floor':10} {figures['floor_p50_ms']:8.1f} {figures['floor_p95_ms']:8.1f}   (containers.run of `true`)"
    )
    figures["over_floor_p50_ms"] = round(figures["total_p50_ms"] - figures["floor_p50_ms"], 1)  # type: ignore[operator]
    print(f"total p50 - floor p50 = {figures['over_floor_p50_ms']} ms (goal <= 100)")

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
