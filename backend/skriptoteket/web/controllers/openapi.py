"""GET /api/v1/openapi.json: the document both generated clients are built from."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get


class OpenAPIController(Controller):
    path = "/api/v1/openapi.json"
    include_in_schema = False

    @get("/", media_type="application/json", sync_to_thread=False)
    def document(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        return Response(request.app.openapi_schema.to_schema())
