"""Offline test support for the script bank: run a tool the way the runner would, without Docker."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BANK = Path(__file__).parent
TOOLKIT = BANK.parents[1] / "runner-image" / "toolkit"


def load_tool(slug: str) -> ModuleType:
    """Import backend/script_bank/<slug>/main.py under a unique module name."""
    name = f"script_bank_{slug.replace('-', '_')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BANK / slug / "main.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
