"""The two reads the SPA makes most, and the lane that answers them at the edge.

`GET /api/v1/auth/me` (every page) and `GET /api/v1/runs/{id}` (polled while a run is under
way) are routes like any other: their handlers (web/controllers/auth.py, runs.py) are
documented in OpenAPI and call `answer` with the reads below. A read returns its JSON, encoded
once by msgspec from the response struct the route documents. The edge (web/edge.py) also runs
these reads itself for a plain request to either route (a GET without a query string), so such
a request skips Litestar's second routing, its middleware and exception layers and its
response objects: most of what a hot read cost beyond a bare Litestar app
(docs/performance.md).

The lane runs the very same code, so it keeps every guarantee: the caller checked in
PostgreSQL (`request_principal`: expiry, deactivation, scopes, the password-change rule read
from the route's own options), the before-request guard, the access rule, the audit and the
delivery mark of a run, the response struct and its JSON. What the lane does not answer goes
to Litestar as any other request does. When a read raises, the lane sends nothing, keeps the
exception in the request's state and hands the request to Litestar, whose handler (through
`answer`) raises that same exception instead of reading again: the error is answered as
problem+json exactly as without the lane, and nothing is done twice (a token's use is counted
once, a read audited once).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.enums import MediaType

from skriptoteket.application.runs.get_run import GetRun

from .auth import request_principal
from .schemas.identity import MeResponse, UserResponse
from .schemas.runs import encode_run
from .services import process_wide, shared_reads

Read = Callable[[Request[Any, Any, Any]], Awaitable[bytes]]

# The request state's key for the exception a read raised in the lane.
_RAISED = "skriptoteket_hot_read_raised"
_ENCODER = msgspec.json.Encoder()


async def me(request: Request[Any, Any, Any]) -> bytes:
    principal = await request_principal(request)
    return _ENCODER.encode(
        MeResponse(user=UserResponse.from_domain(principal.user), csrf_token=principal.csrf_token)
    )


async def get_run(request: Request[Any, Any, Any]) -> bytes:
    # The caller and the run on one checkout of the read pool, as the floor reads them.
    state = request.app.state
    async with shared_reads(state).shared():
        principal = await request_principal(request)
        view = await process_wide(state, GetRun)(principal, request.path_params["run_id"])
    return encode_run(view)


# By route template, as the router names it.
HOT_READS: dict[str, Read] = {
    "/api/v1/auth/me": me,
    "/api/v1/runs/{run_id}": get_run,
}


async def answer(request: Request[Any, Any, Any], read: Read) -> Response[Any]:
    """What the route's handler returns: the read's JSON, or the exception it raised in the
    lane."""
    raised = request.scope.get("state", {}).pop(_RAISED, None)
    if isinstance(raised, Exception):
        raise raised
    return Response(await read(request), media_type=MediaType.JSON)


async def encoded(read: Read, request: Request[Any, Any, Any]) -> bytes | None:
    """The read's JSON for the lane, or None when it raised (kept for Litestar to answer)."""
    try:
        return await read(request)
    except Exception as exc:
        request.scope["state"][_RAISED] = exc
        return None


def response_start(body: bytes) -> dict[str, Any]:
    """What Litestar starts a JSON answer with (the edge adds its own headers after)."""
    return {
        "type": "http.response.start",
        "status": 200,
        "headers": [
            (b"content-type", MediaType.JSON.value.encode()),
            (b"content-length", str(len(body)).encode()),
        ],
    }
