"""/api/v1/tools/{slug}/versions/{number}/example-runs: run a version's examples in the
sandbox (one run each) and read the caller's latest, each with `expected_met`."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.status_codes import HTTP_202_ACCEPTED

from skriptoteket.application.catalog.example_runs import ListExampleRuns, StartExampleRuns
from skriptoteket.application.rate_limits import UserRateLimits
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.params import SlugPath, VersionNumber
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.example_runs import ExampleRuns
from skriptoteket.web.services import Services
from skriptoteket.web.settings import WebSettings


class ExampleRunsController(Controller):
    path = "/tools/{slug:str}/versions/{number:int}/example-runs"
    tags = ["authoring"]
    security = SECURITY

    @post(
        "/",
        operation_id="startExampleRuns",
        summary="Run each example of a version in the sandbox (maintainers and admins)",
        description=(
            "One sandbox run per example, its files uploaded as its inputs name them. An "
            "example whose files the server refuses has `refused` and no run. Follow the runs "
            "(GET /runs/{id}) or read this list again for `expected_met`."
        ),
        status_code=HTTP_202_ACCEPTED,
        responses=problems(401, 403, 404, 429),
    )
    async def start_example_runs(
        self,
        slug: SlugPath,
        number: VersionNumber,
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> ExampleRuns:
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        rate_limits = await svcs_container.aget(UserRateLimits)
        # One hit per request: the examples run together, as one test of the version.
        rate_limits.hit(principal.id, "sandbox_run", settings.sandbox_run_rate_per_minute)
        handler = await svcs_container.aget(StartExampleRuns)
        return ExampleRuns.from_views(number, await handler(principal, slug, number))

    @get(
        "/",
        operation_id="listExampleRuns",
        summary="My latest run of each example of a version, with expected_met",
        description=(
            "An example with actions (actions.json) takes its next action here once its "
            "latest run succeeded (`step` of `steps`), so reading the list until no run is "
            "open runs each example to its end; expected.json judges the last run."
        ),
        responses=problems(401, 403, 404),
    )
    async def list_example_runs(
        self,
        slug: SlugPath,
        number: VersionNumber,
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> ExampleRuns:
        handler = await svcs_container.aget(ListExampleRuns)
        return ExampleRuns.from_views(number, await handler(principal, slug, number))
