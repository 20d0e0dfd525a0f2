"""POST /api/v1/runs/{run_id}/cancel: the owner or an admin stops a run.

A queued run is cancelled at once; a running one is stopped by its worker and ends `cancelled`.
(The rest of /runs comes with the runs feature.)"""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_204_NO_CONTENT

from skriptoteket.application.runs.cancel_run import CancelRun
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.problems import problems
from skriptoteket.web.services import Services


class RunCancelController(Controller):
    path = "/runs"
    tags = ["runs"]

    @post(
        "/{run_id:uuid}/cancel",
        operation_id="cancelRun",
        summary="Cancel a run (queued: at once; running: its worker stops it)",
        security=SECURITY,
        status_code=HTTP_204_NO_CONTENT,
        # 400 documents Litestar's parameter errors, which our handler turns into problems.
        responses=problems(400, 401, 403, 404),
    )
    async def cancel(
        self, run_id: FromPath[UUID], principal: CurrentPrincipal, svcs_container: Services
    ) -> None:
        handler = await svcs_container.aget(CancelRun)
        await handler(principal, run_id)
