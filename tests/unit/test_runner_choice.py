"""SKRIPTOTEKET_RUNNER=auto without a usable engine falls back to noop and says how to fix it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from skriptoteket.entrypoints.worker import build_tool_runner
from skriptoteket.infrastructure.runner.noop import NoopRunner
from skriptoteket.infrastructure.runner.select import chosen_runner
from skriptoteket.infrastructure.settings import Settings, SettingsError


def test_auto_without_an_engine_is_noop_with_a_warning_naming_the_fix(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(runner="auto", docker_host=f"unix://{tmp_path}/no-engine.sock")
    with caplog.at_level(logging.WARNING):
        assert chosen_runner(settings) == "noop"
        assert isinstance(build_tool_runner(settings, chosen_runner(settings)), NoopRunner)
    assert "will NOT execute tools" in caplog.text
    assert "make runner-image" in caplog.text


def test_explicit_runners_are_taken_as_named() -> None:
    assert chosen_runner(Settings(runner="noop")) == "noop"
    assert chosen_runner(Settings(runner="docker")) == "docker"
    with pytest.raises(SettingsError):
        build_tool_runner(Settings(runner="kubernetes"), "kubernetes")
