"""The pool of started sandboxes (both runners): a sandbox serves one run and is gone; a tool
cannot reach the sandboxes that wait beside it; a fork bomb in one leaves the others their
processes; a sandbox killed while idle is replaced; a tool that hangs is killed at its deadline
and its place refilled; when the pool is empty, runs start cold instead of failing."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import time
from typing import Any

import docker

from skriptoteket.infrastructure.runner.bwrap_runner import BwrapRunner
from skriptoteket.protocols.runner import RunOutcome, RunSpec

from .conftest import FAST, leftovers, make_spec, pool_ready, result_of

OK = "def run(ctx):\n    return {'outputs': [{'kind': 'json', 'value': {'ok': True}}]}\n"
MARKS = ["/tmp/mark", "/work/mark", "/dev/shm/mark", "/work/output/mark"]


def reported(outcome: RunOutcome) -> Any:
    result = result_of(outcome)
    assert result["status"] == "succeeded", result
    return result["outputs"][0]["value"]


async def run_removed(runner: Any, spec: RunSpec) -> RunOutcome:
    outcome = await runner.run(spec)
    await runner.remove(spec.run_id)
    assert leftovers(runner, spec.run_id) == []
    return outcome


def kill_from_outside(runner: Any, sandbox: Any) -> None:
    """SIGKILL the idle sandbox the way an operator (or the OOM killer) would."""
    if isinstance(runner, BwrapRunner):
        os.killpg(sandbox.process.pid, signal.SIGKILL)
        return
    engine = docker.from_env(timeout=30)
    try:
        engine.containers.get(sandbox.container.id).kill()
    finally:
        engine.close()


async def test_a_sandbox_a_hostile_tool_touched_is_never_seen_again(runner) -> None:
    """The tool leaves marks everywhere it may write and then SIGKILLs every process it can
    signal: the sandbox that waited beside it lives on, and the next run sees none of it."""
    await pool_ready(runner)
    neighbour = runner.pool.waiting()[1]
    hostile = f"""
import os, signal
def run(ctx):
    for path in {MARKS!r}:
        try:
            with open(path, "w") as out:
                out.write("left by the last run")
        except OSError:
            pass
    os.environ["LEFT"] = "1"
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    with open("/work/output/pids", "w") as out:
        out.write(str(len(pids)))
    os.kill(-1, signal.SIGKILL)
"""
    touched = await run_removed(runner, make_spec(hostile))
    assert touched.timings_ms["pooled"] == 1.0
    assert touched.result_json is None  # it killed its own sandbox's init, too
    assert neighbour.alive()

    looker = f"""
import os
def run(ctx):
    return {{"outputs": [{{"kind": "json", "value": {{
        "marks": [p for p in {MARKS!r} if os.path.exists(p)],
        "env": os.environ.get("LEFT"),
        "pids": len([p for p in os.listdir("/proc") if p.isdigit()]),
    }}}}]}}
"""
    outcome = await run_removed(runner, make_spec(looker))
    assert outcome.timings_ms["pooled"] == 1.0
    assert reported(outcome) == {"marks": [], "env": None, "pids": reported(outcome)["pids"]}
    assert reported(outcome)["pids"] <= 4  # init(s), the sandbox's init, the harness


async def test_a_fork_bomb_does_not_take_the_other_sandboxes_processes(runner) -> None:
    await pool_ready(runner)
    bomb = """
import os, time
def run(ctx):
    children, error = [], None
    try:
        while True:
            pid = os.fork()
            if pid == 0:
                time.sleep(4)
                os._exit(0)
            children.append(pid)
    except OSError as exc:
        error = exc.errno
    time.sleep(2)  # holding every process it could get
    return {"outputs": [{"kind": "json", "value": {"forked": len(children), "errno": error}}]}
"""
    other = """
import os, time
def run(ctx):
    time.sleep(1)  # the bomb holds its limit by now
    children = []
    for _ in range(20):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return {"outputs": [{"kind": "json", "value": {"forked": len(children)}}]}
"""
    bombed, calm = await asyncio.gather(
        run_removed(runner, make_spec(bomb)), run_removed(runner, make_spec(other))
    )
    assert bombed.timings_ms["pooled"] == calm.timings_ms["pooled"] == 1.0
    assert reported(bombed)["errno"] == 11 and reported(bombed)["forked"] < FAST.pids
    assert reported(calm) == {"forked": 20}


async def test_an_idle_sandbox_killed_from_outside_is_replaced(runner) -> None:
    await pool_ready(runner)
    victim = runner.pool.waiting()[0]
    replaced = runner.pool.replaced
    await asyncio.to_thread(kill_from_outside, runner, victim)
    deadline = time.monotonic() + 30
    while runner.pool.replaced == replaced:
        assert time.monotonic() < deadline, "the dead sandbox was never noticed"
        await asyncio.sleep(0.05)
    assert victim not in runner.pool.waiting()
    await pool_ready(runner)
    outcome = await run_removed(runner, make_spec(OK))
    assert outcome.timings_ms["pooled"] == 1.0
    assert reported(outcome) == {"ok": True}


async def test_a_hanging_tool_is_killed_at_its_deadline_and_its_place_refilled(runner) -> None:
    await pool_ready(runner)
    hang = make_spec(
        "import time\ndef run(ctx):\n    time.sleep(3600)\n",
        limits=dataclasses.replace(FAST, timeout_s=1),
    )
    outcome = await run_removed(runner, hang)
    assert outcome.timed_out and outcome.timings_ms["pooled"] == 1.0
    await runner.pool.wait_full(within_s=60)
    assert reported(await run_removed(runner, make_spec(OK))) == {"ok": True}


async def test_when_the_pool_is_empty_runs_start_cold(runner) -> None:
    await pool_ready(runner)
    specs = [make_spec(OK) for _ in range(4)]  # the pool holds two
    outcomes = await asyncio.gather(*(run_removed(runner, spec) for spec in specs))
    assert [reported(o) for o in outcomes] == [{"ok": True}] * 4
    assert sorted(o.timings_ms["pooled"] for o in outcomes) == [0.0, 0.0, 1.0, 1.0]
