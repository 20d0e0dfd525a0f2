"""How the event stream reads a run: the same view and access rule as GET /runs/{id}.

Stand-in until the runs feature's read model lands: owner or admin, and a body of
{id, status}."""

from __future__ import annotations

from uuid import UUID

import msgspec
import svcs

from skriptoteket.application.runs.stream_run_events import RunSnapshot
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.queue import RunQueue


class RunStatusView(msgspec.Struct, kw_only=True):
    id: UUID
    status: str


RUN_EVENT_SCHEMA = RunStatusView


async def read_run_snapshot(
    container: svcs.Container, principal: Principal, run_id: UUID
) -> RunSnapshot:
    queue = await container.aget_abstract(RunQueue)
    run = await queue.get(run_id)
    if run is None or (
        run.user_id != principal.user.id and not principal.role.at_least(Role.ADMIN)
    ):
        raise NotFound("There is no such run.")
    body = msgspec.json.encode(RunStatusView(id=run.id, status=run.status.value))
    return RunSnapshot(status=run.status, body=body)
