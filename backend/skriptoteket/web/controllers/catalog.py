"""/api/v1: the catalog (taxonomy, tools, favorites) and tool metadata."""

from __future__ import annotations

from typing import Annotated, cast

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.enums import MediaType
from litestar.params import JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT
from msgspec import UNSET

from skriptoteket.application.catalog.browse import BrowseCatalog, GetTool, SetFavorite
from skriptoteket.application.catalog.review import SetListed
from skriptoteket.application.catalog.taxonomy import AddTaxonomyEntry, ListTaxonomy
from skriptoteket.application.catalog.tools import (
    CreateTool,
    ListMyTools,
    NewTool,
    ToolChanges,
    UpdateTool,
)
from skriptoteket.domain.catalog import CatalogQuery, TaxonomyKind
from skriptoteket.domain.users import Principal, Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.pagination import Limit, Offset
from skriptoteket.web.params import Slug, SlugPath
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.catalog import (
    AuthoringToolPage,
    AuthoringToolResponse,
    CreateToolRequest,
    NewTaxonomyEntryRequest,
    TaxonomyEntryResponse,
    ToolDetailResponse,
    ToolSummaryPage,
    UpdateToolRequest,
    encode_tool_page,
)
from skriptoteket.web.services import Services


async def detail(svcs_container: Services, principal: Principal, slug: str) -> ToolDetailResponse:
    """The tool as GET /tools/{slug} shows it; also the answer of every change to a tool."""
    handler = await svcs_container.aget(GetTool)
    return ToolDetailResponse.from_view(await handler(principal, slug))


class TaxonomyController(Controller):
    tags = ["catalog"]
    security = SECURITY

    @get(
        "/professions",
        operation_id="listProfessions",
        summary="Professions (yrkesroller) tools are tagged with",
        responses=problems(401),
    )
    async def professions(
        self, svcs_container: Services, principal: CurrentPrincipal
    ) -> list[TaxonomyEntryResponse]:
        handler = await svcs_container.aget(ListTaxonomy)
        entries = await handler(TaxonomyKind.PROFESSION)
        return [TaxonomyEntryResponse.from_domain(e) for e in entries]

    @post(
        "/professions",
        operation_id="createProfession",
        dependencies=requires_role(Role.ADMIN),
        summary="Add a profession (admin)",
        status_code=HTTP_201_CREATED,
        responses=problems(401, 403, 409, 422),
    )
    async def add_profession(
        self,
        data: JSONBody[NewTaxonomyEntryRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> TaxonomyEntryResponse:
        handler = await svcs_container.aget(AddTaxonomyEntry)
        entry = await handler(principal, TaxonomyKind.PROFESSION, data.slug, data.label)
        return TaxonomyEntryResponse.from_domain(entry)

    @get(
        "/categories",
        operation_id="listCategories",
        summary="Categories tools are sorted into",
        responses=problems(401),
    )
    async def categories(
        self, svcs_container: Services, principal: CurrentPrincipal
    ) -> list[TaxonomyEntryResponse]:
        handler = await svcs_container.aget(ListTaxonomy)
        entries = await handler(TaxonomyKind.CATEGORY)
        return [TaxonomyEntryResponse.from_domain(e) for e in entries]

    @post(
        "/categories",
        operation_id="createCategory",
        dependencies=requires_role(Role.ADMIN),
        summary="Add a category (admin)",
        status_code=HTTP_201_CREATED,
        responses=problems(401, 403, 409, 422),
    )
    async def add_category(
        self,
        data: JSONBody[NewTaxonomyEntryRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> TaxonomyEntryResponse:
        handler = await svcs_container.aget(AddTaxonomyEntry)
        entry = await handler(principal, TaxonomyKind.CATEGORY, data.slug, data.label)
        return TaxonomyEntryResponse.from_domain(entry)


class ToolsController(Controller):
    path = "/tools"
    tags = ["catalog"]
    security = SECURITY

    @get(
        "/",
        operation_id="listTools",
        summary="The catalog: listed tools with a published version, searchable and filtered",
        responses=problems(401, 422),
    )
    async def list_tools(
        self,
        svcs_container: Services,
        principal: CurrentPrincipal,
        q: Annotated[
            str | None,
            QueryParameter(
                max_length=200,
                description="Full-text search (Swedish stemming, prefixes: search as you type)",
            ),
        ] = None,
        profession: Annotated[
            list[Slug] | None,
            QueryParameter(max_items=20, description="Profession slugs; a tool matches any"),
        ] = None,
        category: Annotated[
            list[Slug] | None,
            QueryParameter(max_items=20, description="Category slugs; a tool matches any"),
        ] = None,
        favorites: Annotated[bool, QueryParameter(description="Only my favorites")] = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response[ToolSummaryPage]:
        handler = await svcs_container.aget(BrowseCatalog)
        query = CatalogQuery(
            q=q,
            professions=tuple(profession or ()),
            categories=tuple(category or ()),
            favorites_only=favorites,
            limit=limit,
            offset=offset,
        )
        # The page's JSON, kept with the page: a page served again is not encoded again.
        encoded = await handler.rendered(principal, query, encode_tool_page)
        # Documented (and checked by the contract tests) as ToolSummaryPage; already encoded.
        return Response(cast(ToolSummaryPage, encoded), media_type=MediaType.JSON)

    @post(
        "/",
        operation_id="createTool",
        dependencies=requires_role(Role.CONTRIBUTOR),
        summary="Create a draft tool with me as its maintainer (contributor)",
        status_code=HTTP_201_CREATED,
        responses=problems(401, 403, 409, 422),
    )
    async def create_tool(
        self,
        data: JSONBody[CreateToolRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> ToolDetailResponse:
        handler = await svcs_container.aget(CreateTool)
        tool = await handler(
            principal,
            NewTool(
                slug=data.slug,
                title=data.title,
                summary=data.summary,
                professions=tuple(data.professions),
                categories=tuple(data.categories),
            ),
        )
        return await detail(svcs_container, principal, tool.slug)

    @get(
        "/{slug:str}",
        operation_id="getTool",
        summary="A tool with its active manifest (maintainers and admins also see unpublished)",
        responses=problems(401, 404),
    )
    async def get_tool(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> ToolDetailResponse:
        return await detail(svcs_container, principal, slug)

    @patch(
        "/{slug:str}",
        operation_id="updateTool",
        summary="Change title, summary, taxonomy; the slug only before the first publish",
        responses=problems(401, 403, 404, 409, 422),
    )
    async def update_tool(
        self,
        slug: SlugPath,
        data: JSONBody[UpdateToolRequest],
        svcs_container: Services,
        principal: CurrentPrincipal,
    ) -> ToolDetailResponse:
        handler = await svcs_container.aget(UpdateTool)
        tool = await handler(
            principal,
            slug,
            ToolChanges(
                slug=None if data.slug is UNSET else data.slug,
                title=None if data.title is UNSET else data.title,
                summary=None if data.summary is UNSET else data.summary,
                professions=None if data.professions is UNSET else tuple(data.professions),
                categories=None if data.categories is UNSET else tuple(data.categories),
            ),
        )
        return await detail(svcs_container, principal, tool.slug)

    @put(
        "/{slug:str}/favorite",
        operation_id="addFavorite",
        summary="Mark the tool as a favorite",
        status_code=HTTP_204_NO_CONTENT,
        responses=problems(401, 403, 404),
    )
    async def add_favorite(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> None:
        handler = await svcs_container.aget(SetFavorite)
        await handler(principal, slug, True)

    @delete(
        "/{slug:str}/favorite",
        operation_id="removeFavorite",
        summary="Unmark the tool as a favorite",
        responses=problems(401, 403, 404),
    )
    async def remove_favorite(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> None:
        handler = await svcs_container.aget(SetFavorite)
        await handler(principal, slug, False)

    @post(
        "/{slug:str}/depublish",
        operation_id="depublishTool",
        summary="Hide the tool from the catalog (admin)",
        status_code=200,
        responses=problems(401, 403, 404),
    )
    async def depublish(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> ToolDetailResponse:
        handler = await svcs_container.aget(SetListed)
        tool = await handler(principal, slug, False)
        return await detail(svcs_container, principal, tool.slug)

    @post(
        "/{slug:str}/republish",
        operation_id="republishTool",
        summary="Show a hidden tool in the catalog again (admin)",
        status_code=200,
        responses=problems(401, 403, 404),
    )
    async def republish(
        self, slug: SlugPath, svcs_container: Services, principal: CurrentPrincipal
    ) -> ToolDetailResponse:
        handler = await svcs_container.aget(SetListed)
        tool = await handler(principal, slug, True)
        return await detail(svcs_container, principal, tool.slug)


class AuthoringController(Controller):
    path = "/authoring"
    tags = ["authoring"]
    security = SECURITY

    @get(
        "/tools",
        operation_id="listMyTools",
        summary="Tools I maintain in any state (admins: every tool)",
        responses=problems(401, 403),
    )
    async def my_tools(
        self,
        svcs_container: Services,
        principal: CurrentPrincipal,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AuthoringToolPage:
        handler = await svcs_container.aget(ListMyTools)
        page = await handler(principal, limit=limit, offset=offset)
        return AuthoringToolPage(
            items=[AuthoringToolResponse.from_domain(e) for e in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )
