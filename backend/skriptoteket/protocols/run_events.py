"""The port for live run status: who wants to hear when a run changes."""

from __future__ import annotations

import enum
from typing import Protocol
from uuid import UUID


class Signal(enum.Enum):
    CHANGED = "changed"  # the run may have changed: read it again
    TIMEOUT = "timeout"  # nothing within the wait
    CLOSED = "closed"  # the feed is shutting down: end the stream


class RunSubscription(Protocol):
    async def wait(self, timeout_s: float) -> Signal:
        """The next signal for this run (CHANGED at once when some are pending)."""
        ...

    def close(self) -> None:
        """Stop receiving; idempotent."""
        ...


class RunChanges(Protocol):
    """Status changes of runs, as the queue announces them.

    A subscription sees CHANGED for every change committed after `subscribe` returned, and
    also after the feed reconnects (changes may have been missed meanwhile), so a reader that
    subscribes first and reads the run second can never miss the last state."""

    def subscribe(self, run_id: UUID) -> RunSubscription: ...
