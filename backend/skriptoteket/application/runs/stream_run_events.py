"""A run's live status as a stream of events: the current state first, then each change,
the terminal run last.

The stream subscribes to the run's changes *before* reading it, so a change committed between
the read and the subscription cannot be lost; every signal (and every quiet interval) leads to
a fresh read, which authenticates the caller again, so a client
only ever sees the run as it is now (never an older state after a newer one), and an
unchanged state is not sent twice. Event ids count up per stream, continuing from the
client's Last-Event-ID, so they only grow across reconnects."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.domain.errors import Forbidden, NotFound, Unauthenticated, Unavailable
from skriptoteket.domain.runs import RunStatus
from skriptoteket.protocols.run_events import RunChanges, RunSubscription, Signal


@dataclass(frozen=True, slots=True)
class RunSnapshot:
    """The run as the caller may see it: its status, and the body the stream sends."""

    status: RunStatus
    body: Hashable


@dataclass(frozen=True, slots=True)
class RunEvent:
    id: int
    body: Hashable
    terminal: bool


@dataclass(frozen=True, slots=True)
class KeepAlive:
    """Nothing happened for a while: a comment keeps proxies from closing the stream."""


ReadRun = Callable[[], Awaitable[RunSnapshot]]


def next_event_id(last_event_id: str | None) -> int:
    """The first id of a stream: one past the client's Last-Event-ID (ours are integers)."""
    try:
        last = int(last_event_id or "0")
    except ValueError:
        last = 0
    return max(last, 0) + 1


class StreamRunEvents:
    def __init__(self, changes: RunChanges, *, keepalive_s: float = 15.0) -> None:
        self._changes = changes
        self._keepalive_s = keepalive_s

    async def __call__(
        self, run_id: UUID, read: ReadRun, *, last_event_id: str | None = None
    ) -> AsyncIterator[RunEvent | KeepAlive]:
        """Subscribe, then read: raises what `read` raises (NotFound for a run the caller
        may not see) before anything is streamed."""
        subscription = self._changes.subscribe(run_id)
        try:
            first = await read()
        except BaseException:
            subscription.close()
            raise
        return self._events(subscription, read, first, next_event_id(last_event_id))

    async def _events(
        self, subscription: RunSubscription, read: ReadRun, first: RunSnapshot, event_id: int
    ) -> AsyncIterator[RunEvent | KeepAlive]:
        try:
            sent = first
            yield RunEvent(event_id, first.body, first.status.terminal)
            while not sent.status.terminal:
                signal = await subscription.wait(self._keepalive_s)
                if signal is Signal.CLOSED:
                    return  # this process is stopping; the client reconnects elsewhere
                # A quiet interval reads too: each read checks the caller again, so a stream
                # of a signed-out, deactivated or demoted caller ends within keepalive_s.
                try:
                    now = await read()
                except (NotFound, Unavailable, Unauthenticated, Forbidden):
                    return  # gone, no longer allowed, or the database is away
                if now.body == sent.body:
                    if signal is Signal.TIMEOUT:
                        yield KeepAlive()
                    continue
                event_id += 1
                sent = now
                yield RunEvent(event_id, now.body, now.status.terminal)
        finally:
            subscription.close()
