"""Bodies of the routes that take uploads: JSON, or multipart/form-data streamed through
web/uploads.py. Also their OpenAPI request bodies (the routes read the raw stream, so Litestar
cannot derive them from a `data` parameter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIType,
    Operation,
    Reference,
    RequestBody,
    Schema,
)

from skriptoteket.domain.errors import DomainError, FieldError, InvalidInput, PayloadTooLarge
from skriptoteket.protocols.files import FileStore

from .json_bodies import decode
from .uploads import FormPolicy, ReceivedForm, read_form

T = TypeVar("T")

JSON = "application/json"
MULTIPART = "multipart/form-data"


def is_json(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == JSON


def content_length(request: Request[Any, Any, Any]) -> int:
    raw = request.headers.get("content-length")
    try:
        return int(raw) if raw is not None else -1
    except ValueError:
        raise DomainError(
            "The Content-Length header is not a number.", code="bad_request"
        ) from None


async def read_json(request: Request[Any, Any, Any], kind: type[T], max_bytes: int) -> T:
    """The JSON body as `kind`, read within `max_bytes` (413 beyond)."""
    if content_length(request) > max_bytes:
        raise PayloadTooLarge(f"The body is larger than {max_bytes} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise PayloadTooLarge(f"The body is larger than {max_bytes} bytes.")
    try:
        return await decode(bytes(body), kind)
    except msgspec.ValidationError as exc:
        raise InvalidInput([FieldError("$", "invalid", str(exc))]) from None


async def read_multipart(
    request: Request[Any, Any, Any], store: FileStore, policy: FormPolicy
) -> ReceivedForm:
    return await read_form(
        request.headers.get("content-type", ""),
        request.stream(),
        store,
        policy,
        content_length(request),
    )


def _object(description: str) -> Schema:
    return Schema(type=OpenAPIType.OBJECT, additional_properties=True, description=description)


def upload_body(
    json_properties: Mapping[str, Reference | Schema],
    json_required: list[str],
    text_parts: Mapping[str, str],
    description: str,
) -> type[Operation]:
    """An Operation class whose request body is JSON or multipart with the given parts."""
    multipart_properties: dict[str, Reference | Schema] = {
        name: Schema(type=OpenAPIType.STRING, description=text) for name, text in text_parts.items()
    }
    body = RequestBody(
        required=True,
        description=description,
        content={
            JSON: OpenAPIMediaType(
                schema=Schema(
                    type=OpenAPIType.OBJECT,
                    properties=dict(json_properties),
                    required=json_required or None,
                    additional_properties=False,
                )
            ),
            MULTIPART: OpenAPIMediaType(
                schema=Schema(
                    type=OpenAPIType.OBJECT,
                    properties=multipart_properties,
                    additional_properties=Schema(
                        type=OpenAPIType.STRING,
                        format=OpenAPIFormat.BINARY,
                        description="A file, in a part named after its file field",
                    ),
                )
            ),
        },
    )

    @dataclass
    class WithUploadBody(Operation):
        def __post_init__(self) -> None:
            self.request_body = body

    return WithUploadBody


OBJECT = _object


@dataclass
class BinaryDownload(Operation):
    """An Operation whose 200 answer is a file of any media type (the route streams it)."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if ok is not None and not isinstance(ok, Reference):
            ok.description = "The file, with its media type and Content-Disposition"
            ok.content = {
                "application/octet-stream": OpenAPIMediaType(
                    schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                )
            }
