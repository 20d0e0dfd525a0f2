"""/api/v1/tools/{slug}/examples: the examples a tool version keeps, and their files."""

from __future__ import annotations

import mimetypes
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import PathParameter, QueryParameter

from skriptoteket.application.catalog.examples import GetExampleFile, ListExamples
from skriptoteket.web.auth import SECURITY, CurrentPrincipal
from skriptoteket.web.downloads import download_headers, served_media_type
from skriptoteket.web.forms import BinaryDownload
from skriptoteket.web.params import SlugPath
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.catalog import ExampleList
from skriptoteket.web.services import Services

VersionQuery = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=2**31 - 1,
        description="A version number (maintainers and admins); the active version when left out",
    ),
]
CasePath = Annotated[str, PathParameter(min_length=1, max_length=64, description="The case")]
FileName = Annotated[str, PathParameter(min_length=1, max_length=200, description="File name")]


class ExamplesController(Controller):
    path = "/tools/{slug:str}/examples"
    tags = ["catalog"]
    security = SECURITY

    @get(
        "/",
        operation_id="listExamples",
        summary="The examples of the tool's active version (maintainers: of any version)",
        responses=problems(400, 401, 404),
    )
    async def list_examples(
        self,
        slug: SlugPath,
        svcs_container: Services,
        principal: CurrentPrincipal,
        version: VersionQuery = None,
    ) -> ExampleList:
        handler = await svcs_container.aget(ListExamples)
        number, examples = await handler(principal, slug, version)
        return ExampleList.from_domain(slug, number, examples)

    @get(
        "/{case:str}/files/{name:str}",
        operation_id="downloadExampleFile",
        summary="Download one file of an example (a template to fill in, or sample data)",
        operation_class=BinaryDownload,
        responses=problems(400, 401, 404),
    )
    async def download_example_file(
        self,
        slug: SlugPath,
        case: CasePath,
        name: FileName,
        svcs_container: Services,
        principal: CurrentPrincipal,
        version: VersionQuery = None,
    ) -> Response[bytes]:
        handler = await svcs_container.aget(GetExampleFile)
        found = await handler(principal, slug, case, name, version)
        media_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return Response(
            found.content,
            media_type=served_media_type(media_type),
            headers=download_headers(found.name, len(found.content)),
        )
