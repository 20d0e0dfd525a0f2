"""/api/v1/tools/{slug}/maintainers: who may edit a tool (its maintainers and admins)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, put
from litestar.params import FromPath, QueryParameter

from skriptoteket.application.catalog.maintainers import (
    AddMaintainer,
    FindMaintainerCandidates,
    ListMaintainers,
    RemoveMaintainer,
)
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.params import SlugPath
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.catalog import MaintainerList, MaintainerResponse
from skriptoteket.web.services import Services


class MaintainersController(Controller):
    path = "/tools/{slug:str}/maintainers"
    tags = ["authoring"]
    security = SECURITY

    @get(
        "/",
        operation_id="listMaintainers",
        summary="The tool's maintainers (maintainers, admins)",
        responses=problems(401, 403, 404),
    )
    async def list_maintainers(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> MaintainerList:
        handler = await svcs_container.aget(ListMaintainers)
        users = await handler(principal, slug)
        return MaintainerList(items=[MaintainerResponse.from_domain(u) for u in users])

    @get(
        "/candidates",
        operation_id="findMaintainerCandidates",
        summary="Active contributors whose e-mail or name contains q (maintainers, admins)",
        responses=problems(401, 403, 404, 422),
    )
    async def candidates(
        self,
        slug: SlugPath,
        svcs_container: Services,
        principal: CurrentPrincipal,
        q: Annotated[str, QueryParameter(max_length=200, description="3 characters at least")] = "",
    ) -> MaintainerList:
        handler = await svcs_container.aget(FindMaintainerCandidates)
        users = await handler(principal, slug, q)
        return MaintainerList(items=[MaintainerResponse.from_domain(u) for u in users])

    @put(
        "/{user_id:uuid}",
        operation_id="addMaintainer",
        summary="Make a contributor a maintainer of the tool (maintainers, admins)",
        responses=problems(401, 403, 404, 422),
    )
    async def add_maintainer(
        self,
        slug: SlugPath,
        user_id: FromPath[UUID],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> MaintainerList:
        handler = await svcs_container.aget(AddMaintainer)
        users = await handler(principal, slug, user_id)
        return MaintainerList(items=[MaintainerResponse.from_domain(u) for u in users])

    @delete(
        "/{user_id:uuid}",
        operation_id="removeMaintainer",
        summary="Remove a maintainer; the last one stays (409 last_maintainer)",
        responses=problems(401, 403, 404, 409),
    )
    async def remove_maintainer(
        self,
        slug: SlugPath,
        user_id: FromPath[UUID],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> None:
        handler = await svcs_container.aget(RemoveMaintainer)
        await handler(principal, slug, user_id)
