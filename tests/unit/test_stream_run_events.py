"""StreamRunEvents with an in-memory feed: what a client receives, in which order."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from skriptoteket.application.runs.stream_run_events import (
    KeepAlive,
    RunEvent,
    RunSnapshot,
    StreamRunEvents,
    next_event_id,
)
from skriptoteket.domain.errors import NotFound, Unauthenticated
from skriptoteket.domain.runs import RunStatus
from skriptoteket.protocols.run_events import Signal


class FakeSubscription:
    def __init__(self) -> None:
        self.signals: asyncio.Queue[Signal] = asyncio.Queue()
        self.closed = False

    async def wait(self, timeout_s: float) -> Signal:
        try:
            return await asyncio.wait_for(self.signals.get(), timeout_s)
        except TimeoutError:
            return Signal.TIMEOUT

    def close(self) -> None:
        self.closed = True


class FakeChanges:
    def __init__(self) -> None:
        self.subscriptions: list[FakeSubscription] = []

    def subscribe(self, run_id: uuid.UUID) -> FakeSubscription:
        subscription = FakeSubscription()
        self.subscriptions.append(subscription)
        return subscription


class FakeRun:
    """The stored run; reads see its current status."""

    def __init__(self, changes: FakeChanges, status: RunStatus = RunStatus.QUEUED) -> None:
        self.status = status
        self.reads = 0
        self.subscribed_before_first_read: bool | None = None
        self._changes = changes

    async def read(self) -> RunSnapshot:
        if self.subscribed_before_first_read is None:
            self.subscribed_before_first_read = bool(self._changes.subscriptions)
        self.reads += 1
        return RunSnapshot(status=self.status, body=self.status.value.encode())


async def collect(events: AsyncIterator[RunEvent | KeepAlive]) -> list[RunEvent | KeepAlive]:
    return [e async for e in events]


def statuses(events: list[RunEvent | KeepAlive]) -> list[tuple[int, bytes]]:
    return [(e.id, e.body) for e in events if isinstance(e, RunEvent)]  # type: ignore[misc]


async def test_subscribes_before_the_first_read_and_sends_each_change_then_ends() -> None:
    changes = FakeChanges()
    run = FakeRun(changes)
    events = await StreamRunEvents(changes)(uuid.uuid4(), run.read)
    task = asyncio.create_task(collect(events))
    await asyncio.sleep(0.01)
    (subscription,) = changes.subscriptions
    for status in (RunStatus.RUNNING, RunStatus.SUCCEEDED):
        run.status = status
        subscription.signals.put_nowait(Signal.CHANGED)
        await asyncio.sleep(0.01)
    got = await asyncio.wait_for(task, 2)
    assert run.subscribed_before_first_read
    assert statuses(got) == [(1, b"queued"), (2, b"running"), (3, b"succeeded")]
    assert isinstance(got[-1], RunEvent) and got[-1].terminal
    assert subscription.closed


async def test_a_signal_without_a_change_sends_nothing_and_a_skipped_state_is_not_invented() -> (
    None
):
    changes = FakeChanges()
    run = FakeRun(changes)
    events = await StreamRunEvents(changes)(uuid.uuid4(), run.read)
    task = asyncio.create_task(collect(events))
    await asyncio.sleep(0.01)
    (subscription,) = changes.subscriptions
    subscription.signals.put_nowait(Signal.CHANGED)  # e.g. after a listener reconnect
    await asyncio.sleep(0.01)
    run.status = RunStatus.FAILED  # running came and went before the stream read
    subscription.signals.put_nowait(Signal.CHANGED)
    got = await asyncio.wait_for(task, 2)
    assert statuses(got) == [(1, b"queued"), (2, b"failed")]


async def test_a_terminal_run_is_sent_once_and_the_stream_ends_at_once() -> None:
    changes = FakeChanges()
    run = FakeRun(changes, RunStatus.CANCELLED)
    got = await collect(await StreamRunEvents(changes)(uuid.uuid4(), run.read, last_event_id="4"))
    assert statuses(got) == [(5, b"cancelled")]
    assert changes.subscriptions[0].closed


async def test_a_quiet_stream_gets_keep_alives() -> None:
    changes = FakeChanges()
    run = FakeRun(changes)
    events = await StreamRunEvents(changes, keepalive_s=0.02)(uuid.uuid4(), run.read)
    first = await anext(events)
    assert isinstance(first, RunEvent)
    assert isinstance(await anext(events), KeepAlive)
    assert isinstance(await anext(events), KeepAlive)
    await events.aclose()  # type: ignore[attr-defined]
    assert changes.subscriptions[0].closed


async def test_the_stream_ends_when_the_feed_closes() -> None:
    changes = FakeChanges()
    run = FakeRun(changes)
    events = await StreamRunEvents(changes)(uuid.uuid4(), run.read)
    task = asyncio.create_task(collect(events))
    await asyncio.sleep(0.01)
    changes.subscriptions[0].signals.put_nowait(Signal.CLOSED)
    assert statuses(await asyncio.wait_for(task, 2)) == [(1, b"queued")]


async def test_a_run_the_caller_may_not_see_raises_before_streaming_and_unsubscribes() -> None:
    changes = FakeChanges()

    async def hidden() -> RunSnapshot:
        raise NotFound("There is no such run.")

    with pytest.raises(NotFound):
        await StreamRunEvents(changes)(uuid.uuid4(), hidden)
    assert changes.subscriptions[0].closed


@pytest.mark.parametrize(
    ("header", "first"), [(None, 1), ("", 1), ("7", 8), ("junk", 1), ("-3", 1)]
)
def test_event_ids_continue_past_the_clients_last_event_id(header: str | None, first: int) -> None:
    assert next_event_id(header) == first


async def test_a_quiet_stream_ends_at_the_next_interval_once_its_caller_is_signed_out() -> None:
    changes = FakeChanges()
    run = FakeRun(changes)
    signed_in = True

    async def read() -> RunSnapshot:
        if not signed_in:
            raise Unauthenticated("Sign in to continue.")
        return await run.read()

    events = await StreamRunEvents(changes, keepalive_s=0.02)(uuid.uuid4(), read)
    assert isinstance(await anext(events), RunEvent)
    assert isinstance(await anext(events), KeepAlive)  # the interval read the caller again
    reads = run.reads
    signed_in = False
    assert await collect(events) == []  # ended without another event
    assert run.reads == reads and changes.subscriptions[0].closed
