"""Build a use case from fakes the way bootstrap builds it from the registry: each constructor
parameter by its annotated type."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping
from typing import Any, TypeVar, get_type_hints

H = TypeVar("H")


def build(kind: type[H], available: Mapping[Any, object]) -> H:
    hints = get_type_hints(kind if dataclasses.is_dataclass(kind) else kind.__init__)
    return kind(*(available[hints[name]] for name in inspect.signature(kind).parameters))
