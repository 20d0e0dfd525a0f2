"""How the event stream reads a run: GetRun, the same view and access rule as GET /runs/{id}
(owner, the tool's maintainers, admins; 404 for anyone else), encoded as RunResponse JSON.

Each read uses its own service container, so its own database session: a stream outlives the
request's container, and must not hold a connection between reads. Each read after the first
authenticates the caller again (the stream ends when that fails)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request

from skriptoteket.application.identity.authenticate import Authenticate
from skriptoteket.application.runs.get_run import GetRun
from skriptoteket.application.runs.stream_run_events import ReadRun, RunSnapshot
from skriptoteket.domain.users import Principal
from skriptoteket.web.auth import presented_credential
from skriptoteket.web.schemas.runs import RunResponse
from skriptoteket.web.services import process_wide

RUN_EVENT_SCHEMA = RunResponse


# Who the caller is now, from the credential their request presented.
Reauthenticate = Callable[[], Awaitable[Principal]]


def reauthenticator(request: Request[Any, Any, Any]) -> Reauthenticate:
    """The request's bearer token or session cookie, checked again on each call by the
    process's checker (as every request is): a stream ends when its caller signs out, loses
    the token, or is deactivated."""
    state = request.app.state
    credential = presented_credential(request, state.settings)
    authenticate = process_wide(state, Authenticate)

    async def again() -> Principal:
        return await credential.authenticate(authenticate)

    return again


def run_reader(
    get_run: GetRun, principal: Principal, reauthenticate: Reauthenticate, run_id: UUID
) -> ReadRun:
    """The first read is the request's own (its principal); every later one authenticates
    again and applies GetRun's access rule to who the caller is by then."""
    reads = 0

    async def read() -> RunSnapshot:
        nonlocal reads
        caller = principal if reads == 0 else await reauthenticate()
        # An admin watching someone else's run is audited once, at the first read.
        view = await get_run(caller, run_id, audit=reads == 0)
        reads += 1
        body = msgspec.json.encode(RunResponse.from_view(view))
        return RunSnapshot(status=view.status, body=body)

    return read
