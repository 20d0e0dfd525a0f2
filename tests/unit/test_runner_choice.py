"""SKRIPTOTEKET_RUNNER: named runners are taken as named; `auto` never falls back to noop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from skriptoteket.domain.errors import Unavailable
from skriptoteket.entrypoints.worker import build_tool_runner
from skriptoteket.infrastructure.runner.bwrap_runner import unsearchable_parent
from skriptoteket.infrastructure.runner.noop import NoopRunner
from skriptoteket.infrastructure.runner.select import resolve_runner, sandbox_dir
from skriptoteket.infrastructure.settings import Settings, SettingsError


def test_named_runners_are_taken_as_named() -> None:
    for name in ("noop", "docker", "bwrap"):
        assert resolve_runner(Settings(runner=name)).runner == name
    assert isinstance(build_tool_runner(Settings(runner="noop")), NoopRunner)
    with pytest.raises(SettingsError):
        resolve_runner(Settings(runner="kubernetes"))
    with pytest.raises(SettingsError):
        build_tool_runner(Settings(runner="kubernetes"))


def test_auto_without_engine_or_bubblewrap_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on it
    settings = Settings(runner="auto", docker_host=f"unix://{tmp_path}/no-engine.sock")
    with pytest.raises(Unavailable) as refused:
        resolve_runner(settings)
    assert "apt-get install bubblewrap" in refused.value.message
    assert "container engine" in refused.value.message


def test_a_root_worker_keeps_its_sandbox_where_the_sandbox_user_can_reach_it(
    tmp_path: Path,
) -> None:
    hidden = tmp_path / "home"
    hidden.mkdir(mode=0o700)
    settings = Settings(data_dir=hidden / ".data")
    chosen = sandbox_dir(settings)
    if os.geteuid() == 0:
        assert not chosen.is_relative_to(hidden)
        assert unsearchable_parent(chosen) is None
        assert sandbox_dir(settings) == chosen  # the same one each time for this data dir
    else:
        assert chosen == (hidden / ".data" / "sandbox").resolve()
    assert sandbox_dir(Settings(sandbox_dir=str(tmp_path / "x"))) == tmp_path / "x"
