"""The API process's one listener for run status changes: a dedicated psycopg connection doing
LISTEN run_status, fanning each notification out to the subscribers of that run.

One connection per process, however many clients stream: each subscriber is a small bounded
queue that the listener fills without ever waiting, so a slow client never holds up the
listener or anyone else. What a subscriber receives is only "this run changed": the stream
reads the run itself, so a full queue can drop signals safely (one pending signal is enough
to read the newest state)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from uuid import UUID

from prometheus_client import Counter, Gauge

from skriptoteket.infrastructure.db.psycopg_direct import listen
from skriptoteket.protocols.run_events import Signal

from .postgres import parse_run_status

log = logging.getLogger(__name__)

CHANNEL = "run_status"
APPLICATION_NAME = "skriptoteket-run-status"  # how the connection shows in pg_stat_activity

SUBSCRIBERS = Gauge(
    "skriptoteket_run_event_subscribers", "Open subscriptions to run status changes (SSE streams)"
)
LISTENER_CONNECTS = Counter(
    "skriptoteket_run_status_listener_connects_total",
    "Times the run status listener (re)connected and started listening",
)
SIGNALS_DROPPED = Counter(
    "skriptoteket_run_event_signals_dropped_total",
    "Change signals not queued because the subscriber already had enough pending",
)


class PgRunSubscription:
    def __init__(self, listener: PgRunStatusListener, run_id: UUID, size: int) -> None:
        self.run_id = run_id
        self._listener = listener
        self._signals: asyncio.Queue[Signal] = asyncio.Queue(maxsize=size)
        self._closed = False

    def _offer(self, signal: Signal) -> None:
        try:
            self._signals.put_nowait(signal)
        except asyncio.QueueFull:
            SIGNALS_DROPPED.inc()

    def _shut(self) -> None:
        # The feed is closing: make room so the CLOSED signal always gets through.
        while not self._signals.empty():
            self._signals.get_nowait()
        self._signals.put_nowait(Signal.CLOSED)

    async def wait(self, timeout_s: float) -> Signal:
        if not self._signals.empty():
            signal = self._signals.get_nowait()
        else:
            try:
                signal = await asyncio.wait_for(self._signals.get(), timeout_s)
            except TimeoutError:
                return Signal.TIMEOUT
        # Several pending changes need only one read.
        while signal is Signal.CHANGED and not self._signals.empty():
            signal = self._signals.get_nowait()
        return signal

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._listener._drop(self)


class PgRunStatusListener:
    """Started lazily by the first subscription; `aclose` stops it and ends every stream."""

    def __init__(
        self,
        conninfo: str,
        *,
        queue_size: int = 8,
        max_backoff_s: float = 5.0,
        liveness_s: float = 10.0,
    ) -> None:
        self._conninfo = conninfo
        self._queue_size = queue_size
        self._max_backoff_s = max_backoff_s
        self._liveness_s = liveness_s
        self._subscribers: dict[UUID, set[PgRunSubscription]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.connected = asyncio.Event()

    def subscribe(self, run_id: UUID) -> PgRunSubscription:
        subscription = PgRunSubscription(self, run_id, self._queue_size)
        if self._closing:
            subscription._shut()
            return subscription
        self._subscribers[run_id].add(subscription)
        SUBSCRIBERS.inc()
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._listen())
        return subscription

    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    def _drop(self, subscription: PgRunSubscription) -> None:
        subs = self._subscribers.get(subscription.run_id)
        if subs is not None and subscription in subs:
            subs.discard(subscription)
            SUBSCRIBERS.dec()
            if not subs:
                del self._subscribers[subscription.run_id]

    def _signal_all(self) -> None:
        for subs in self._subscribers.values():
            for subscription in subs:
                subscription._offer(Signal.CHANGED)

    def _deliver(self, payload: str) -> None:
        try:
            run_id, _ = parse_run_status(payload)
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed run_status payload: %r", payload)
            return
        for subscription in self._subscribers.get(run_id, ()):
            subscription._offer(Signal.CHANGED)

    async def _listen(self) -> None:
        def on_listening() -> None:
            LISTENER_CONNECTS.inc()
            # Whatever changed while we were not listening: every stream reads again.
            self._signal_all()

        # Never lets the one listener of the process die: streams would stall.
        await listen(
            self._conninfo,
            (CHANNEL,),
            name="run status listener",
            on_listening=on_listening,
            on_note=lambda note: self._deliver(note.payload),
            liveness_s=self._liveness_s,
            max_backoff_s=self._max_backoff_s,
            connected=self.connected,
            application_name=APPLICATION_NAME,
        )

    async def aclose(self) -> None:
        self._closing = True
        for subs in list(self._subscribers.values()):
            for subscription in list(subs):
                subscription._shut()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
