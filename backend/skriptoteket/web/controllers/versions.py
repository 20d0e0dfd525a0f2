"""/api/v1/tools/{slug}/versions: saving, reading and reviewing versions of a tool."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED

from skriptoteket.application.catalog.review import (
    PublishVersion,
    RequestChanges,
    RollbackVersion,
    SubmitVersion,
)
from skriptoteket.application.catalog.versions import (
    GetVersion,
    ListVersions,
    NewVersion,
    SaveVersion,
)
from skriptoteket.application.rate_limits import UserRateLimits
from skriptoteket.domain.users import Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.params import SlugPath, VersionNumber
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.catalog import (
    RequestChangesRequest,
    SaveVersionRequest,
    VersionResponse,
    VersionSummaryPage,
    VersionSummaryResponse,
)
from skriptoteket.web.services import Services
from skriptoteket.web.settings import WebSettings

# 512 KiB of source can take twice that once escaped in JSON; the manifest comes on top.
SAVE_MAX_BODY_BYTES = 3 * 1024 * 1024


class VersionsController(Controller):
    path = "/tools/{slug:str}/versions"
    tags = ["authoring"]
    security = SECURITY

    @get(
        "/",
        operation_id="listVersions",
        summary="The tool's versions, newest first, with state and author (maintainer, admin)",
        responses=problems(401, 403, 404),
    )
    async def list_versions(
        self,
        slug: SlugPath,
        svcs_container: Services,
        principal: CurrentPrincipal,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> VersionSummaryPage:
        handler = await svcs_container.aget(ListVersions)
        versions = await handler(principal, slug)
        return VersionSummaryPage(
            items=[
                VersionSummaryResponse.from_domain(v) for v in versions[offset : offset + limit]
            ],
            total=len(versions),
            limit=limit,
            offset=offset,
        )

    @post(
        "/",
        operation_id="saveVersion",
        summary="Save a new draft on top of the newest version (409 version_conflict otherwise)",
        status_code=HTTP_201_CREATED,
        request_max_body_size=SAVE_MAX_BODY_BYTES,
        responses=problems(401, 403, 404, 409, 413, 422, 429),
    )
    async def save_version(
        self,
        slug: SlugPath,
        data: JSONBody[SaveVersionRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> VersionResponse:
        handler, rate_limits = await svcs_container.aget(SaveVersion, UserRateLimits)
        settings: WebSettings = await svcs_container.aget_abstract(WebSettings)
        rate_limits.hit(principal.id, "save_version", settings.save_rate_per_minute)
        version = await handler(
            principal,
            slug,
            NewVersion(
                base_version=data.base_version,
                manifest=data.manifest,
                files=data.files,
                change_summary=data.change_summary,
                examples=None
                if data.examples is None
                else tuple(e.to_domain() for e in data.examples),
            ),
        )
        return VersionResponse.from_domain(version)

    @get(
        "/{number:int}",
        operation_id="getVersion",
        summary="One version with its manifest and files (maintainer, admin)",
        responses=problems(401, 403, 404),
    )
    async def get_version(
        self,
        slug: SlugPath,
        number: VersionNumber,
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> VersionResponse:
        handler = await svcs_container.aget(GetVersion)
        return VersionResponse.from_domain(await handler(principal, slug, number))

    @post(
        "/{number:int}/submit",
        operation_id="submitVersion",
        summary="Send a draft for review (maintainer)",
        status_code=200,
        responses=problems(401, 403, 404, 409),
    )
    async def submit(
        self,
        slug: SlugPath,
        number: VersionNumber,
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> VersionSummaryResponse:
        handler = await svcs_container.aget(SubmitVersion)
        return VersionSummaryResponse.from_domain(await handler(principal, slug, number))

    @post(
        "/{number:int}/publish",
        operation_id="publishVersion",
        summary="Publish a version in review: it becomes active, the old active is archived (admin)",
        status_code=200,
        responses=problems(401, 403, 404, 409),
    )
    async def publish(
        self,
        slug: SlugPath,
        number: VersionNumber,
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> VersionSummaryResponse:
        handler = await svcs_container.aget(PublishVersion)
        return VersionSummaryResponse.from_domain(await handler(principal, slug, number))

    @post(
        "/{number:int}/request-changes",
        operation_id="requestVersionChanges",
        dependencies=requires_role(Role.ADMIN),
        summary="Send a version in review back with a note for its maintainers (admin)",
        status_code=200,
        responses=problems(401, 403, 404, 409, 422),
    )
    async def request_changes(
        self,
        slug: SlugPath,
        number: VersionNumber,
        data: JSONBody[RequestChangesRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> VersionSummaryResponse:
        handler = await svcs_container.aget(RequestChanges)
        return VersionSummaryResponse.from_domain(await handler(principal, slug, number, data.note))

    @post(
        "/{number:int}/rollback",
        operation_id="rollbackVersion",
        summary="Publish an archived version's content again, as a new version (superuser)",
        status_code=HTTP_201_CREATED,
        responses=problems(401, 403, 404, 409),
    )
    async def rollback(
        self,
        slug: SlugPath,
        number: VersionNumber,
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> VersionSummaryResponse:
        handler = await svcs_container.aget(RollbackVersion)
        return VersionSummaryResponse.from_domain(await handler(principal, slug, number))
