"""The offline tests use the libraries the runner image gives tools, at the same versions."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from bank_testing import BANK

REPO = BANK.parents[1]
REQUIREMENTS = REPO / "runner-image" / "requirements.txt"
# In the image but used by no bank tool, so the development environment does without pandas
# (msgspec is a dependency of the app itself, pinned below by the lock).
NOT_IN_THE_TOOLS_GROUP = {"pandas", "msgspec"}


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)==([^\s#;]+).*", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def image_pins() -> tuple[dict[str, str], dict[str, str]]:
    """(the libraries tools import, their dependencies) as requirements.txt pins them."""
    text = REQUIREMENTS.read_text(encoding="utf-8")
    direct, _, dependencies = text.partition("# their dependencies")
    return pins(direct.splitlines()), pins(dependencies.splitlines())


def test_the_tools_group_pins_what_the_runner_image_pins() -> None:
    direct, _ = image_pins()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    group = pins(project["dependency-groups"]["tools"])
    assert group == {name: v for name, v in direct.items() if name not in NOT_IN_THE_TOOLS_GROUP}


def test_the_installed_libraries_and_their_dependencies_match_the_image() -> None:
    direct, dependencies = image_pins()
    for name, version in {**direct, **dependencies}.items():
        if name == "pandas":
            continue
        assert importlib.metadata.version(name) == version, name
