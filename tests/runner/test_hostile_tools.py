"""Tools that misbehave on purpose, against both runners (the `runner` fixture is the Docker
runner and the bubblewrap runner in turn), each run in a pooled sandbox (started before the run,
with the libraries preloaded). Each case asserts the run's final outcome, the same on both, and
that the host is unaffected (no container or staged run left behind once the run is removed,
host files untouched); the last case checks that a normal run still succeeds afterwards."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import pwd
import time
from pathlib import Path

import pytest

from skriptoteket.infrastructure.runner.archive import TOOL_UID
from skriptoteket.infrastructure.runner.bwrap_runner import BwrapRunner
from skriptoteket.protocols.runner import RunOutcome, RunSpec, ToolRunner

from .conftest import (
    FAST,
    SPEC_RUN_IDS,
    leftovers,
    make_spec,
    pool_ready,
    result_of,
    stored_bytes,
)


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A host file no tool may read or change."""
    path = tmp_path_factory.mktemp("host") / "secret.txt"
    path.write_text("host secret")
    return path


async def run_and_check_host(
    runner: ToolRunner, spec: RunSpec, canary: Path, *, wait: bool = True, pooled: bool = True
) -> RunOutcome:
    """Run in a pooled sandbox (once the pool is full, unless the caller waited already)."""
    if wait:
        await pool_ready(runner)
    outcome = await runner.run(spec)
    assert outcome.platform_error is None, outcome.platform_error
    if pooled and outcome.timings_ms:  # a run cancelled before it began took nothing
        assert outcome.timings_ms["pooled"] == 1.0, outcome.timings_ms
    await runner.remove(spec.run_id)  # as the worker does once the verdict is stored
    assert_host_unaffected(runner, spec, canary)
    return outcome


def assert_host_unaffected(runner: ToolRunner, spec: RunSpec, canary: Path) -> None:
    assert leftovers(runner, spec.run_id) == []
    assert canary.read_text() == "host secret"


def reported(outcome: RunOutcome) -> dict[str, object]:
    """The JSON value the tool reported as its first output."""
    result = result_of(outcome)
    assert result["status"] == "succeeded", result
    return result["outputs"][0]["value"]  # type: ignore[no-any-return]


def tool_reporting(body: str) -> str:
    """A tool whose `probe()` returns a dict it reports as a json output."""
    return (
        body
        + """

def run(ctx):
    return {"outputs": [{"kind": "json", "value": probe()}]}
"""
    )


async def test_an_infinite_loop_times_out_within_the_deadline(runner, canary) -> None:
    limits = dataclasses.replace(FAST, timeout_s=2)  # the pool's sandboxes, a short deadline
    spec = make_spec("def run(ctx):\n    while True: pass\n", limits=limits)
    outcome = await run_and_check_host(runner, spec, canary)
    assert outcome.timed_out and outcome.result_json is None
    # From the tool's start to the container being dead: the deadline + 2 s at most.
    assert 2000 <= outcome.timings_ms["tool"] <= 4000, outcome.timings_ms


async def test_a_fork_bomb_hits_the_process_limit(runner, canary) -> None:
    tool = tool_reporting("""
import os, time
def probe():
    children, error = [], None
    try:
        while True:
            pid = os.fork()
            if pid == 0:
                time.sleep(2)
                os._exit(0)
            children.append(pid)
    except OSError as exc:
        error = exc.errno
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return {"forked": len(children), "errno": error}
""")
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    value = reported(outcome)
    assert value["errno"] == 11  # EAGAIN: the pids limit
    assert value["forked"] < FAST.pids


async def test_a_memory_bomb_is_killed_as_oom(runner, canary) -> None:
    tool = "def run(ctx):\n    hog = []\n    while True:\n        hog.append(bytearray(16 * 1024 * 1024))\n"
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.oom
    assert outcome.result_json is None


async def test_outbound_network_fails_inside_the_tool(runner, canary) -> None:
    tool = tool_reporting("""
import socket
def probe():
    attempts = {}
    for host, port in [("1.1.1.1", 53), ("pypi.org", 443), ("10.0.2.2", 80), ("127.0.0.1", 80)]:
        try:
            socket.create_connection((host, port), timeout=2).close()
            attempts[host] = "connected"
        except OSError as exc:
            attempts[host] = type(exc).__name__
    return {"attempts": attempts, "interfaces": [name for _, name in socket.if_nameindex()]}
""")
    value = reported(await run_and_check_host(runner, make_spec(tool), canary))
    assert "connected" not in value["attempts"].values(), value
    assert value["interfaces"] == ["lo"]


async def test_filling_output_past_its_cap_is_output_limit(runner, canary) -> None:
    tool = """
def run(ctx):
    chunk = b"x" * (1024 * 1024)
    with open("/work/output/big.bin", "wb") as out:
        for _ in range(64):
            out.write(chunk)
"""
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.output_limit
    assert outcome.artifacts == {}


async def test_filling_tmp_past_its_cap_stops_with_no_space(runner, canary) -> None:
    tool = tool_reporting("""
import errno
def probe():
    written = 0
    try:
        with open("/tmp/fill", "wb") as out:
            while True:
                out.write(b"x" * 1024 * 1024)
                out.flush()
                written += 1
    except OSError as exc:
        return {"mib": written, "enospc": exc.errno == errno.ENOSPC}
""")
    value = reported(await run_and_check_host(runner, make_spec(tool), canary))
    assert value["enospc"] and value["mib"] <= FAST.tmp_mb


async def test_writing_outside_work_output_is_refused(runner, canary) -> None:
    tool = tool_reporting("""
import os
def probe():
    results = {}
    for path in ["/etc/passwd", "/usr/bin/evil", "/work/tool/main.py", "/work/tool/evil.py",
                 "/work/request.json", "/opt/venv/lib/evil.py", "/evil", "/dev/shm/x"]:
        try:
            with open(path, "a") as out:
                out.write("x")
            results[path] = "written"
        except OSError as exc:
            results[path] = type(exc).__name__
    for path in ["/work/tool/main.py", "/work/request.json"]:
        try:
            os.remove(path)
            results["remove " + path] = "removed"
        except OSError as exc:
            results["remove " + path] = type(exc).__name__
    return results
""")
    value = reported(await run_and_check_host(runner, make_spec(tool), canary))
    allowed = {"/dev/shm/x"}  # a private tmpfs of the container, gone with it
    assert {
        k: v for k, v in value.items() if k not in allowed and v in {"written", "removed"}
    } == {}, value


async def test_host_secrets_are_out_of_reach(runner, canary, files_dir) -> None:
    stored = files_dir / "runs" / "some-run" / "attempt-1" / "output" / "betyg.csv"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text("Namn;Betyg\nHemlig Elev;A\n")
    tool = tool_reporting(f'''
import os
def probe():
    found = {{}}
    for path in ["{canary}", "/etc/shadow", "/run/podman/podman.sock", "/var/run/docker.sock",
                 "/proc/1/environ", "/root/.ssh", "/proc/kcore", "{stored}", "{files_dir}"]:
        try:
            with open(path, "rb") as f:
                found[path] = "read:" + str(len(f.read(100)))
        except OSError as exc:
            found[path] = type(exc).__name__
    return {{"found": found, "env": sorted(os.environ)}}
''')
    value = reported(await run_and_check_host(runner, make_spec(tool), canary))
    readable = {k: v for k, v in value["found"].items() if v.startswith("read:")}
    # /proc/1/environ is the container's own init (the tool's own, empty-of-secrets environment).
    assert set(readable) <= {"/proc/1/environ"}, readable
    assert not any(name.startswith(("SKRIPTOTEKET", "DATABASE", "DOCKER")) for name in value["env"])


async def test_other_runs_files_are_out_of_reach(runner, canary, files_dir, tmp_path) -> None:
    """While another run holds a pupil's list, this one looks for it everywhere it can."""
    upload = tmp_path / "klass.csv"
    upload.write_text("Namn\nHemlig Elev\n")
    other = make_spec(
        "import time\ndef run(ctx):\n    time.sleep(20)\n",
        files=[upload],
    )
    await pool_ready(runner)
    other_run = asyncio.create_task(runner.run(other))
    await asyncio.sleep(2)
    places = [str(files_dir), str(tmp_path)]
    if isinstance(runner, BwrapRunner):
        places.append(str(runner.stages_dir))
    tool = tool_reporting(f"""
import os
def probe():
    seen, found = [], []
    for place in {places!r} + ["/proc"]:
        for root, dirs, files in os.walk(place):
            if root.startswith("/proc/") and root.count("/") > 2:
                dirs[:] = []
            for name in files:
                path = os.path.join(root, name)
                if path.startswith("/proc") and name not in ("cmdline", "environ"):
                    continue
                try:
                    with open(path, "rb") as f:
                        data = f.read(1_000_000)
                except OSError:
                    continue
                seen.append(path)
                if b"Hemlig" in data:
                    found.append(path)
    pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    return {{"found": found, "outside": [p for p in seen if not p.startswith("/proc")],
            "pids": len(pids)}}
""")
    try:
        # The other run holds one pooled sandbox; this one takes the other.
        value = reported(await run_and_check_host(runner, make_spec(tool), canary, wait=False))
    finally:
        await runner.kill(other.run_id)
        await other_run
        await runner.remove(other.run_id)
    assert value["found"] == [] and value["outside"] == [], value
    assert value["pids"] <= 5, value  # its own processes only, not the other run's


async def test_privilege_escalation_fails(runner, canary) -> None:
    tool = tool_reporting("""
import os, subprocess
def probe():
    tried = {"uid": os.getuid(), "euid": os.geteuid()}
    for name, call in [("setuid", lambda: os.setuid(0)), ("chroot", lambda: os.chroot("/")),
                       ("chmod setuid", lambda: os.chmod("/work/output", 0o4777))]:
        try:
            call()
            tried[name] = "ok"
        except OSError as exc:
            tried[name] = type(exc).__name__
    for cmd in (["sudo", "id"], ["su", "-c", "id"], ["mount", "-t", "tmpfs", "x", "/tmp"],
                ["unshare", "-r", "id"]):
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=5)
            tried[cmd[0]] = done.returncode
        except OSError as exc:
            tried[cmd[0]] = type(exc).__name__
    with open("/proc/self/status") as status:
        tried["caps"] = [line.split()[1] for line in status if line.startswith("CapEff")][0]
        status.seek(0)
        tried["nnp"] = [line.split()[1] for line in status if line.startswith("NoNewPrivs")][0]
        status.seek(0)
        tried["seccomp"] = [line.split()[1] for line in status if line.startswith("Seccomp:")][0]
    return tried
""")
    value = reported(await run_and_check_host(runner, make_spec(tool), canary))
    # A high uid that no account on the host holds (bwrap maps it further, to 1999000).
    assert value["uid"] == value["euid"] == TOOL_UID == 65533
    with pytest.raises(KeyError):
        pwd.getpwuid(TOOL_UID)
    # EPERM; in a user namespace where uid 0 is not mapped, setuid(0) is EINVAL (OSError).
    assert value["setuid"] in {"PermissionError", "OSError"}, value
    assert value["chroot"] == "PermissionError"
    assert value["caps"] == "0000000000000000" and value["nnp"] == "1"
    if isinstance(runner, BwrapRunner):
        # No seccomp filter; bubblewrap forbids further user namespaces instead.
        assert value["unshare"] != 0, value
    else:
        assert value["seccomp"] == "2"  # the engine's default profile filters system calls
    for cmd in ("sudo", "su", "mount"):
        assert value[cmd] != 0, (cmd, value)
    # `unshare -r` may succeed under podman's default seccomp profile (Docker's refuses it): the
    # "root" it gives holds no capability outside its own user namespace, so it is no escape.


async def test_a_stdout_flood_is_capped(runner, canary) -> None:
    tool = """
import sys
def run(ctx):
    print("FIRST LINE")
    line = "y" * 1023 + "\\n"
    for _ in range(64 * 1024):  # 64 MiB
        sys.stdout.write(line)
    sys.stderr.write("x" * (300 * 1024))
    print("LAST LINE")
    return {}
"""
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert result_of(outcome)["status"] == "succeeded"
    marker_room = 100
    assert len(outcome.stdout.encode()) <= FAST.max_log_bytes + marker_room
    assert len(outcome.stderr.encode()) <= FAST.max_log_bytes + marker_room
    assert outcome.stdout.startswith("FIRST LINE") and outcome.stdout.endswith("LAST LINE\n")
    assert "bytes left out" in outcome.stdout


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "fifo"])
async def test_links_and_special_files_among_artifacts_are_rejected(runner, canary, kind) -> None:
    make = {
        "symlink": 'os.symlink("/etc/passwd", "/work/output/passwd")',
        "hardlink": 'os.link("/work/output/a.txt", "/work/output/b.txt")',
        "fifo": 'os.mkfifo("/work/output/pipe")',
    }[kind]
    tool = f"""
import os
def run(ctx):
    with open("/work/output/a.txt", "w") as out:
        out.write("a")
    {make}
"""
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.output_limit, outcome
    assert outcome.artifacts == {}
    assert outcome.output_error


async def test_thousands_of_tiny_files_stop_at_the_count_cap(runner, canary) -> None:
    tool = """
import os
def run(ctx):
    for i in range(5000):
        with open(f"/work/output/f{i:05d}.txt", "w") as out:
            out.write(str(i))
"""
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.output_limit
    assert "more than 50 files" in (outcome.output_error or "")
    assert outcome.artifacts == {}


async def test_a_result_over_its_cap_is_not_read(runner, canary) -> None:
    tool = """
def run(ctx):
    return {"outputs": [{"kind": "markdown", "markdown": "x" * (3 * 1024 * 1024)}]}
"""
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.result_json is None
    assert "larger than" in (outcome.result_error or "")


async def test_a_tool_that_deletes_result_json_still_gets_a_result(runner, canary) -> None:
    tool = (
        "import os\n"
        "def run(ctx):\n"
        "    os.remove('/work/result.json')\n"
        "    return {'outputs': [{'kind': 'json', 'value': {'deleted': True}}]}\n"
    )
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert reported(outcome) == {"deleted": True}  # the harness writes it after the tool


async def test_a_tool_that_kills_the_harness_leaves_no_result(runner, canary) -> None:
    tool = "import os, signal\ndef run(ctx):\n    os.kill(os.getpid(), signal.SIGTERM)\n"
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.result_json is None
    assert outcome.exit_code not in (0, None)
    assert not outcome.oom


async def test_a_tool_that_sigkills_itself_is_not_reported_as_oom(runner, canary) -> None:
    tool = "import os, signal\ndef run(ctx):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.result_json is None
    assert outcome.exit_code not in (0, None)
    assert not outcome.oom  # only the engine or the memory cgroup may say oom


async def test_a_background_symlink_swapper_cannot_leak_a_file(runner, canary, files_dir) -> None:
    """A tool leaves a process that keeps swapping output/a.txt between a file and a symlink to
    a secret while the worker collects: it is killed first, and a symlink is never followed."""
    tool = """
import os, time
def run(ctx):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            path, tmp = "/work/output/a.txt", "/work/output/.swap"
            while True:
                with open(tmp, "w") as f:
                    f.write("plain")
                os.replace(tmp, path)
                os.symlink("/etc/passwd", tmp)
                os.replace(tmp, path)
        os._exit(0)
    time.sleep(0.3)
    return {"outputs": [{"kind": "text", "value": "klar"}]}
"""
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert outcome.platform_error is None
    for path, artifact in outcome.artifacts.items():
        assert path != ".swap"
        assert b"root:" not in stored_bytes(files_dir, artifact), path


async def test_a_cancelled_run_is_killed(runner, canary) -> None:
    import asyncio

    spec = make_spec("import time\ndef run(ctx):\n    time.sleep(60)\n")
    await pool_ready(runner)
    task = asyncio.create_task(run_and_check_host(runner, spec, canary, wait=False))
    await asyncio.sleep(1.5)
    started = time.monotonic()
    await runner.kill(spec.run_id)
    outcome = await task
    assert outcome.killed and not outcome.timed_out
    assert time.monotonic() - started < 3


async def test_a_run_cancelled_before_its_container_starts_never_runs(runner, canary) -> None:
    import asyncio

    spec = make_spec("def run(ctx):\n    print('ran')\n    return {}\n")
    await pool_ready(runner)
    task = asyncio.create_task(run_and_check_host(runner, spec, canary, wait=False))
    await asyncio.sleep(0)  # the run has registered itself, nothing is created yet
    await runner.kill(spec.run_id)
    outcome = await task
    assert outcome.killed and outcome.result_json is None
    assert "ran" not in outcome.stdout


async def test_after_all_of_them_the_next_run_succeeds(runner, canary) -> None:
    tool = "def run(ctx):\n    return {'outputs': [{'kind': 'json', 'value': {'ok': True}}]}\n"
    outcome = await run_and_check_host(runner, make_spec(tool), canary)
    assert reported(outcome) == {"ok": True}
    assert [leftovers(runner, run_id) for run_id in SPEC_RUN_IDS] == [[] for _ in SPEC_RUN_IDS]
    json.dumps(outcome.timings_ms)
