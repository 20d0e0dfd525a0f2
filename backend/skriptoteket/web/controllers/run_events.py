"""GET /api/v1/runs/{run_id}/events: a run's live status as Server-Sent Events.

Every event is `event: run` with `data:` the Run as JSON and an `id:`; the current state comes
first, then each change, and the stream closes after the terminal run. Quiet streams get a
comment every ~15 s so proxies keep them open. Each read of the run uses its own service
container (web/run_snapshots.py), because a stream outlives the request's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from skriptoteket.application.runs.get_run import GetRun
from skriptoteket.application.runs.stream_run_events import (
    KeepAlive,
    RunEvent,
    StreamRunEvents,
)
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.problems import problems
from skriptoteket.web.run_snapshots import RUN_EVENT_SCHEMA, reauthenticator, run_reader
from skriptoteket.web.services import Services, process_wide
from skriptoteket.web.settings import WebSettings
from skriptoteket.web.stream_slots import StreamSlots


async def _messages(
    events: AsyncIterator[RunEvent | KeepAlive],
) -> AsyncIterator[ServerSentEventMessage]:
    async for event in events:
        if isinstance(event, KeepAlive):
            yield ServerSentEventMessage(data=None, comment="keep-alive")
        else:
            assert isinstance(event.body, bytes)
            yield ServerSentEventMessage(data=event.body, event="run", id=event.id)


def stream_slots(request: Request) -> StreamSlots:  # type: ignore[type-arg]
    """The process's stream slots, made on first use from the app's settings."""
    state = request.app.state
    if getattr(state, "stream_slots", None) is None:
        settings: WebSettings = state.settings
        state.stream_slots = StreamSlots(
            settings.sse_max_streams_per_user, settings.sse_max_streams
        )
    slots: StreamSlots = state.stream_slots
    return slots


class RunEventsController(Controller):
    path = "/runs"
    tags = ["runs"]

    @get(
        "/{run_id:uuid}/events",
        operation_id="streamRunEvents",
        summary="The run's live status as Server-Sent Events (current state, each change, "
        "the terminal run, then the stream closes)",
        description=(
            "`text/event-stream`: every event is `event: run` with `data:` the Run (as "
            "GET /runs/{run_id} answers) and a numeric `id:`. Comments (`: keep-alive`) "
            "arrive every ~15 s on a quiet stream. A client reconnecting with "
            "`Last-Event-ID` gets the current state first (ids keep growing), never an "
            "older state after a newer one."
        ),
        security=SECURITY,
        responses={
            200: ResponseSpec(
                data_container=RUN_EVENT_SCHEMA,
                description="The event stream; each event's data is a Run",
                media_type="text/event-stream",
                generate_examples=False,
            ),
            **problems(401, 404, 429),
        },
    )
    async def stream(
        self,
        request: Request,  # type: ignore[type-arg]
        run_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
        last_event_id: Annotated[
            str | None,
            HeaderParameter(
                name="Last-Event-ID",
                required=False,
                description="The id of the last event received, when reconnecting",
            ),
        ] = None,
    ) -> ServerSentEvent:
        stream = await svcs_container.aget(StreamRunEvents)
        again = reauthenticator(request)
        read = run_reader(process_wide(request.app.state, GetRun), principal, again, run_id)
        slots = stream_slots(request)
        slots.take(principal.id)  # 429 past the per-user or per-process cap
        try:
            # Raises NotFound (404) before any byte is streamed when the caller may not see it.
            events = await stream(run_id, read, last_event_id=last_event_id)
        except BaseException:
            slots.give_back(principal.id)
            raise
        return ServerSentEvent(slots.held(principal.id, _messages(events)))
