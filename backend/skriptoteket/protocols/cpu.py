"""CPU-heavy steps of a request (compiling a tool's sources, checking its manifest), kept off
the event loop so one author's save cannot stall every other request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class CpuPool(Protocol):
    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` elsewhere (a module-level function of picklable arguments), awaited;
        raises CpuTimeout when it takes longer than the pool's time limit."""
        ...


class CpuTimeout(Exception):
    """The step did not finish within the pool's time limit (its worker was stopped)."""
