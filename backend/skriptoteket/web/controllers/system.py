"""/api/v1/system/status: whether any worker will execute queued runs (the SPA's banner)."""

from __future__ import annotations

from litestar import Controller, get

from skriptoteket.application.workers.status import GetSystemStatus
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.system import SystemStatusResponse
from skriptoteket.web.services import Services


class SystemController(Controller):
    path = "/system"
    tags = ["system"]
    security = SECURITY

    @get(
        "/status",
        operation_id="getSystemStatus",
        summary="Workers alive (heartbeat within alive_within_s) and runs waiting",
        responses=problems(401),
    )
    async def status(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> SystemStatusResponse:
        handler = await svcs_container.aget(GetSystemStatus)
        return SystemStatusResponse.from_status(await handler())
