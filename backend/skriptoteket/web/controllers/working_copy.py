"""/api/v1/tools/{slug}/working-copy: the editor's server-side autosave (maintainers, admins)."""

from __future__ import annotations

from litestar import Controller, delete, get, put
from litestar.params import JSONBody

from skriptoteket.application.catalog.working_copy import (
    DiscardWorkingCopy,
    EditedCopy,
    GetWorkingCopy,
    SaveWorkingCopy,
)
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.controllers.versions import SAVE_MAX_BODY_BYTES
from skriptoteket.web.params import SlugPath
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.catalog import WorkingCopyRequest, WorkingCopyResponse
from skriptoteket.web.services import Services


class WorkingCopyController(Controller):
    path = "/tools/{slug:str}/working-copy"
    tags = ["authoring"]
    security = SECURITY

    @get(
        "/",
        operation_id="getWorkingCopy",
        summary="My unsaved edits of the tool (null when there are none)",
        responses=problems(401, 403, 404),
    )
    async def get_copy(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> WorkingCopyResponse | None:
        handler = await svcs_container.aget(GetWorkingCopy)
        view = await handler(principal, slug)
        return WorkingCopyResponse.from_view(view) if view is not None else None

    @put(
        "/",
        operation_id="saveWorkingCopy",
        summary="Autosave my unsaved edits; head_version above base_version means a conflict",
        request_max_body_size=SAVE_MAX_BODY_BYTES,
        responses=problems(401, 403, 404, 413, 422),
    )
    async def put_copy(
        self,
        slug: SlugPath,
        data: JSONBody[WorkingCopyRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> WorkingCopyResponse:
        handler = await svcs_container.aget(SaveWorkingCopy)
        edited = EditedCopy(
            manifest=data.manifest, files=data.files, base_version=data.base_version
        )
        return WorkingCopyResponse.from_view(await handler(principal, slug, edited))

    @delete(
        "/",
        operation_id="discardWorkingCopy",
        summary="Throw my unsaved edits away (after a save, or to start from a version again)",
        responses=problems(401, 403, 404),
    )
    async def discard(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> None:
        handler = await svcs_container.aget(DiscardWorkingCopy)
        await handler(principal, slug)
