"""`?wait=N` on the routes that start a run: hold the answer up to N seconds (at most 60) for
the run to end, and count the run against the caller's run-creation rate limits.

The wait subscribes to the run's changes before reading it (as the event stream does), so
an end committed between the two is not missed; each read is the process's GetRun."""

from __future__ import annotations

import time
from typing import Annotated, TypeVar

import svcs
from litestar import Response
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from skriptoteket.application.run_rate_limits import RateBudget, RunRateLimits
from skriptoteket.application.runs.get_run import GetRun
from skriptoteket.domain.runs import RunView
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.run_events import RunChanges, Signal
from skriptoteket.web.services import process_wide, registry_of

MAX_WAIT_S = 60
T = TypeVar("T")

Wait = Annotated[
    int | None,
    QueryParameter(
        ge=0,
        le=MAX_WAIT_S,
        description=(
            "Wait up to this many seconds (at most 60) for the run to end: 200 with the "
            "finished run when it ends in time, else 202 with the run as it is then."
        ),
    ),
]


def finished_in_time(kind: type) -> dict[int, ResponseSpec]:
    return {
        200: ResponseSpec(
            data_container=kind,
            description="With `wait`: the run ended in time; `run` is the finished run",
            generate_examples=False,
        )
    }


async def count_run(services: svcs.Container, principal: Principal) -> RateBudget | None:
    """429 (Retry-After, RateLimit-*) past the user's or the token's runs per minute."""
    limits = await services.aget(RunRateLimits)
    return limits.hit(principal)


async def wait_for_end(
    state: State, principal: Principal, started: RunView, wait_s: int | None
) -> RunView | None:
    """The run once finished, if it finishes within `wait_s`; else None."""
    if not wait_s:
        return None
    async with svcs.Container(registry_of(state)) as container:
        changes = await container.aget_abstract(RunChanges)
    read = process_wide(state, GetRun)
    subscription = changes.subscribe(started.id)
    deadline = time.monotonic() + wait_s
    try:
        while True:
            view = await read(principal, started.id, audit=False)
            if view.status.terminal:
                return view
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if await subscription.wait(left) is Signal.CLOSED:
                return None
    finally:
        subscription.close()


def started_response(body: T, finished: bool, budget: RateBudget | None) -> Response[T]:
    return Response(
        body,
        status_code=200 if finished else 202,
        headers=budget.headers() if budget else None,
    )
