"""The script bank's offline test helpers (backend/script_bank/bank_testing.py: examples and
artifact checks), loaded from the bank folder for the tests outside it."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

from skriptoteket.infrastructure.script_bank import DEFAULT_BANK


def bank_testing() -> ModuleType:
    if "bank_testing" in sys.modules:
        return sys.modules["bank_testing"]
    spec = importlib.util.spec_from_file_location("bank_testing", DEFAULT_BANK / "bank_testing.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bank_testing"] = module
    spec.loader.exec_module(module)
    return module


def first_succeeding_example(slug: str) -> Any:
    """The tool's first example that succeeds in one step."""
    bank = bank_testing()
    for s, case in bank.all_examples():
        example = bank.Example.load(s, case)
        if s == slug and example.expected["status"] == "succeeded" and not example.actions:
            return example
    raise AssertionError(f"{slug} has no single-step succeeding example")
