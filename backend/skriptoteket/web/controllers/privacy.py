"""A person's data: export (mine, or anyone's for admins), erasure, erasure requests, and the
retention settings in force."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import svcs
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Stream

from skriptoteket.application.privacy.erase import EraseUser, ListErasureRequests, RequestErasure
from skriptoteket.application.privacy.export import AuthorizeExport, export_archive
from skriptoteket.domain.privacy import RetentionSettings
from skriptoteket.domain.users import Principal, Role
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.privacy import ExportReads
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.forms import ZipDownload
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.privacy import (
    EraseUserRequest,
    ErasureRequestResponse,
    ErasureResponse,
    MyErasureRequestResponse,
    RetentionResponse,
)
from skriptoteket.web.services import Services, registry_of


async def _export(
    request: Request,  # type: ignore[type-arg]
    svcs_container: Services,
    principal: Principal,
    user_id: UUID,
) -> Stream:
    authorize = await svcs_container.aget(AuthorizeExport)
    await authorize(principal, user_id)  # 403/404 before any byte is sent
    made_at = (await svcs_container.aget_abstract(Clock)).now()
    registry = registry_of(request.app.state)

    async def body() -> AsyncIterator[bytes]:
        # Its own container (database session): the stream outlives the request's.
        async with svcs.Container(registry) as container:
            reads, files = await container.aget_abstract(ExportReads, FileStore)
            async for piece in export_archive(reads, files, user_id, made_at=made_at):
                if piece:
                    yield piece

    name = f"skriptoteket-export-{made_at:%Y-%m-%d}.zip"
    return Stream(
        body(),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


class PrivacyController(Controller):
    """Any signed-in user: my export, my erasure request, the retention in force."""

    path = "/"
    tags = ["privacy"]
    security = SECURITY

    @get(
        "/me/export",
        operation_id="exportMyData",
        summary="Everything stored about me, as a ZIP (README.txt, JSON and the original files)",
        operation_class=ZipDownload,
        responses=problems(401),
    )
    async def export_mine(
        self,
        request: Request,  # type: ignore[type-arg]
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> Stream:
        return await _export(request, svcs_container, principal, principal.id)

    @post(
        "/me/erasure-request",
        operation_id="requestMyErasure",
        summary="Ask an admin to erase my account and everything stored about me",
        status_code=201,
        responses=problems(401, 403),
    )
    async def request_erasure(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> MyErasureRequestResponse:
        ask = await svcs_container.aget(RequestErasure)
        return MyErasureRequestResponse(requested_at=await ask(principal))

    @get(
        "/privacy/retention",
        operation_id="getRetention",
        summary="How long personal data is kept on this server",
        responses=problems(401),
    )
    async def retention(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> RetentionResponse:
        return RetentionResponse.from_domain(await svcs_container.aget(RetentionSettings))


class PrivacyAdminController(Controller):
    """Admins: export and erase any user, and see who asked to be erased."""

    path = "/"
    tags = ["privacy"]
    security = SECURITY
    dependencies = requires_role(Role.ADMIN)

    @get(
        "/users/{user_id:uuid}/export",
        operation_id="exportUserData",
        summary="Everything stored about a user, as a ZIP (admins; audited)",
        operation_class=ZipDownload,
        responses=problems(401, 403, 404),
    )
    async def export_user(
        self,
        request: Request,  # type: ignore[type-arg]
        user_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> Stream:
        return await _export(request, svcs_container, principal, user_id)

    @post(
        "/users/{user_id:uuid}/erase",
        operation_id="eraseUser",
        summary="Erase a user: sessions, tokens, settings, favorites, run content and files "
        "deleted, the account anonymised (admins; confirm with the user's name)",
        status_code=200,
        responses=problems(401, 403, 404, 409, 413, 422),
    )
    async def erase_user(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[EraseUserRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> ErasureResponse:
        erase = await svcs_container.aget(EraseUser)
        erased = await erase(principal, user_id, data.confirm)
        return ErasureResponse(user_id=user_id, removed=erased.counts)

    @get(
        "/erasure-requests",
        operation_id="listErasureRequests",
        summary="Users who asked to be erased, oldest first (admins)",
        responses=problems(401, 403),
    )
    async def list_erasure_requests(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> list[ErasureRequestResponse]:
        find = await svcs_container.aget(ListErasureRequests)
        return [ErasureRequestResponse.from_domain(r) for r in await find(principal)]
