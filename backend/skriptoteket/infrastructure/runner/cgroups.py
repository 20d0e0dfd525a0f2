"""Per-run cgroups for the bubblewrap runner, where this process may create them.

Memory (the OOM killer ends the run, as in a container), pids and CPU quota, under this
process's own cgroup: cgroup v2 (one hierarchy) or v1 (one hierarchy per controller). Anything
missing or not writable means no cgroup (the runner then relies on rlimits alone): the caller
gets None, never an error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

CONTROLLERS = ("memory", "pids", "cpu")
PERIOD_US = 100_000


@dataclass(frozen=True, slots=True)
class CgroupLimits:
    memory_bytes: int
    pids: int
    cpus: float


def _own_paths() -> dict[str, str]:
    """controller (or "" for v2) -> this process's cgroup path."""
    paths: dict[str, str] = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            paths[name] = path
    return paths


def _mounts() -> dict[str, Path]:
    """controller (or "" for the v2 hierarchy) -> where its hierarchy is mounted."""
    mounts: dict[str, Path] = {}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        fields, extra = left.split(), right.split()
        if not extra:
            continue
        if extra[0] == "cgroup2":
            mounts.setdefault("", Path(fields[4]))
        elif extra[0] == "cgroup":
            for option in extra[-1].split(","):
                if option in CONTROLLERS:
                    mounts.setdefault(option, Path(fields[4]))
    return mounts


class RunCgroup:
    """The run's cgroup directories (one for v2, one per controller for v1)."""

    def __init__(self, dirs: dict[str, Path], v2: bool) -> None:
        self.dirs = dirs
        self.v2 = v2

    @property
    def procs_files(self) -> list[Path]:
        return [d / "cgroup.procs" for d in dict.fromkeys(self.dirs.values())]

    def oom_killed(self) -> bool:
        events = self.dirs["memory"] / ("memory.events" if self.v2 else "memory.oom_control")
        with contextlib.suppress(OSError, ValueError):
            for line in events.read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and int(value) > 0:
                    return True
        return False

    def destroy(self) -> None:
        for directory in dict.fromkeys(self.dirs.values()):
            for _ in range(50):  # processes that were just killed may take a moment to go
                try:
                    directory.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def create_run_cgroup(name: str, limits: CgroupLimits) -> RunCgroup | None:
    try:
        own, mounts = _own_paths(), _mounts()
    except OSError:
        return None
    if "" in mounts and all(c not in mounts for c in CONTROLLERS):
        return _create_v2(mounts[""], own.get("", "/"), name, limits)
    if all(c in mounts for c in CONTROLLERS):
        return _create_v1(mounts, own, name, limits)
    return None


def _write(path: Path, value: str) -> None:
    path.write_text(value)


def _create_v1(
    mounts: dict[str, Path], own: dict[str, str], name: str, limits: CgroupLimits
) -> RunCgroup | None:
    dirs: dict[str, Path] = {}
    cgroup = RunCgroup(dirs, v2=False)
    try:
        for controller in CONTROLLERS:
            parent = mounts[controller] / own.get(controller, "/").lstrip("/")
            if not parent.is_dir():
                parent = mounts[controller]
            directory = parent / name
            directory.mkdir()
            dirs[controller] = directory
        memory = dirs["memory"]
        _write(memory / "memory.limit_in_bytes", str(limits.memory_bytes))
        swap = memory / "memory.memsw.limit_in_bytes"
        if swap.exists():
            _write(swap, str(limits.memory_bytes))
        _write(dirs["pids"] / "pids.max", str(limits.pids))
        _write(dirs["cpu"] / "cpu.cfs_period_us", str(PERIOD_US))
        _write(dirs["cpu"] / "cpu.cfs_quota_us", str(max(1000, int(limits.cpus * PERIOD_US))))
    except OSError as exc:
        log.debug("no cgroup v1 for the run: %s", exc)
        cgroup.destroy()
        return None
    return cgroup


def _create_v2(mount: Path, own: str, name: str, limits: CgroupLimits) -> RunCgroup | None:
    parent = mount / own.lstrip("/")
    try:
        enabled = (parent / "cgroup.subtree_control").read_text().split()
    except OSError:
        return None
    if any(c not in enabled for c in CONTROLLERS):
        return None
    directory = parent / name
    cgroup = RunCgroup(dict.fromkeys(CONTROLLERS, directory), v2=True)
    try:
        directory.mkdir()
        _write(directory / "memory.max", str(limits.memory_bytes))
        with contextlib.suppress(FileNotFoundError):
            _write(directory / "memory.swap.max", "0")
        _write(directory / "pids.max", str(limits.pids))
        _write(directory / "cpu.max", f"{max(1000, int(limits.cpus * PERIOD_US))} {PERIOD_US}")
    except OSError as exc:
        log.debug("no cgroup v2 for the run: %s", exc)
        cgroup.destroy()
        return None
    return cgroup


def cgroup_name(run_key: str) -> str:
    return f"skriptoteket-{run_key}-{os.getpid()}"
