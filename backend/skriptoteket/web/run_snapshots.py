"""How the event stream reads a run: GetRun, the same view and access rule as GET /runs/{id}
(owner, the tool's maintainers, admins; 404 for anyone else), encoded as RunResponse JSON.

Each read uses its own service container, so its own database session: a stream outlives the
request's container, and must not hold a connection between reads."""

from __future__ import annotations

from uuid import UUID

import msgspec
import svcs

from skriptoteket.application.runs.get_run import GetRun
from skriptoteket.application.runs.stream_run_events import ReadRun, RunSnapshot
from skriptoteket.domain.users import Principal
from skriptoteket.web.schemas.runs import RunResponse

RUN_EVENT_SCHEMA = RunResponse


def run_reader(registry: svcs.Registry, principal: Principal, run_id: UUID) -> ReadRun:
    reads = 0

    async def read() -> RunSnapshot:
        nonlocal reads
        async with svcs.Container(registry) as container:
            handler = await container.aget(GetRun)
            # An admin watching someone else's run is audited once, at the first read.
            view = await handler(principal, run_id, audit=reads == 0)
        reads += 1
        body = msgspec.json.encode(RunResponse.from_view(view))
        return RunSnapshot(status=view.status, body=body)

    return read
