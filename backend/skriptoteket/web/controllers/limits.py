"""/api/v1/limits: the limits table of the tool contract, for forms and authors."""

from __future__ import annotations

from litestar import Controller, get

from skriptoteket.contract.limits import Limits
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.problems import problems
from skriptoteket.web.services import Services


class LimitsController(Controller):
    path = "/limits"
    tags = ["limits"]

    @get(
        operation_id="getLimits",
        summary="The limits of runs, uploads, results and forms on this server",
        security=SECURITY,
        responses=problems(401),
    )
    async def get_limits(self, principal: CurrentPrincipal, svcs_container: Services) -> Limits:
        return await svcs_container.aget(Limits)
