from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol


class SharedReads(Protocol):
    """The hot reads of one request on one checkout of the read pool (the caller, then what
    they asked for): each statement is still its own snapshot, only the checkout is shared."""

    def shared(self) -> AbstractAsyncContextManager[None]:
        """Statements the current task runs in the block share one connection."""
        ...

    async def release(self) -> None:
        """Give the shared connection back now, before waiting for another pool's."""
        ...
