"""/api/v1/webhooks: endpoints that hear about runs and versions, and their delivery logs
(admins, or a service account's token with the admin scope)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from skriptoteket.application.webhooks.manage import WebhookAdmin
from skriptoteket.domain.users import Role
from skriptoteket.web.auth import SECURITY, CurrentPrincipal, requires_role
from skriptoteket.web.pagination import DEFAULT_LIMIT, Limit, Offset
from skriptoteket.web.problems import problems
from skriptoteket.web.schemas.integrations import (
    CreateWebhookRequest,
    DeliveryPage,
    DeliveryResponse,
    WebhookCreatedResponse,
    WebhookResponse,
)
from skriptoteket.web.services import Services


class WebhooksController(Controller):
    path = "/webhooks"
    tags = ["webhooks"]
    security = SECURITY
    dependencies = requires_role(Role.ADMIN)

    @post(
        "/",
        operation_id="createWebhook",
        summary="Register an endpoint; its signing secret is shown only in this answer",
        description=(
            "The URL must be http(s) and resolve to public addresses (private, loopback and "
            "link-local ones only when the operator allows them): else 422."
        ),
        status_code=201,
        responses=problems(401, 403, 422),
    )
    async def create(
        self,
        data: JSONBody[CreateWebhookRequest],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> WebhookCreatedResponse:
        admin = await svcs_container.aget(WebhookAdmin)
        hook, secret = await admin.create(principal, data.url, data.events, data.tool)
        return WebhookCreatedResponse(webhook=WebhookResponse.from_domain(hook), secret=secret)

    @get("/", operation_id="listWebhooks", summary="The endpoints", responses=problems(401, 403))
    async def list_hooks(
        self, principal: CurrentPrincipal, svcs_container: Services
    ) -> list[WebhookResponse]:
        admin = await svcs_container.aget(WebhookAdmin)
        return [WebhookResponse.from_domain(h) for h in await admin.list_hooks(principal)]

    @delete(
        "/{webhook_id:uuid}",
        operation_id="deleteWebhook",
        summary="Remove an endpoint and its delivery log",
        status_code=204,
        responses=problems(401, 403, 404),
    )
    async def delete_hook(
        self, webhook_id: FromPath[UUID], principal: CurrentPrincipal, svcs_container: Services
    ) -> None:
        await (await svcs_container.aget(WebhookAdmin)).delete(principal, webhook_id)

    @get(
        "/{webhook_id:uuid}/deliveries",
        operation_id="listWebhookDeliveries",
        summary="An endpoint's delivery log, newest first",
        responses=problems(401, 403, 404),
    )
    async def deliveries(
        self,
        webhook_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
    ) -> DeliveryPage:
        admin = await svcs_container.aget(WebhookAdmin)
        items, total = await admin.deliveries(principal, webhook_id, limit, offset)
        return DeliveryPage(
            items=[DeliveryResponse.from_domain(d) for d in items],
            total=total,
            limit=limit,
            offset=offset,
        )

    @post(
        "/{webhook_id:uuid}/deliveries/{delivery_id:uuid}/redeliver",
        operation_id="redeliverWebhook",
        summary="Send a delivery again (the same message and webhook-id)",
        status_code=200,
        responses=problems(401, 403, 404),
    )
    async def redeliver(
        self,
        webhook_id: FromPath[UUID],
        delivery_id: FromPath[UUID],
        principal: CurrentPrincipal,
        svcs_container: Services,
    ) -> DeliveryResponse:
        admin = await svcs_container.aget(WebhookAdmin)
        return DeliveryResponse.from_domain(
            await admin.send_again(principal, webhook_id, delivery_id)
        )
