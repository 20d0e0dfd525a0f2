"""Bodies of the routes that take uploads: JSON, or multipart/form-data streamed through
web/uploads.py, negotiated in one place (`receive_upload`). Also their OpenAPI request bodies
(the routes read the raw stream, so Litestar cannot derive them from a `data` parameter)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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

from skriptoteket.application.runs.uploads import Upload
from skriptoteket.contract import FileField, Limits
from skriptoteket.domain.errors import DomainError, FieldError, InvalidInput, PayloadTooLarge
from skriptoteket.protocols.files import FileStore

from .json_bodies import decode
from .services import Services
from .settings import WebSettings
from .uploads import FormPolicy, ReceivedForm, read_form, remove_upload

T = TypeVar("T")
B = TypeVar("B")

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


@dataclass(frozen=True, slots=True)
class UploadForm(Generic[B]):
    """How one route's body arrives: as JSON, the struct `body`; as multipart, text parts (JSON
    each) that make the same body, sent before the files, then one part per file."""

    body: type[B]
    text_parts: Callable[[Limits], Mapping[str, int]]  # part name -> its byte cap
    # The body from the text parts: at the first file (`files_follow`), or at the end.
    body_of_parts: Callable[[Mapping[str, Any], bool], B]
    # The file fields the body allows (awaited: a sandbox snapshot is checked in the CPU pool).
    file_fields: Callable[[B], Awaitable[Mapping[str, FileField]]]
    key_prefix: str  # where the files go in the store
    taken_names: frozenset[str] = frozenset()  # names already in the tool session
    json_cap: Callable[[Limits], int] | None = None  # None: the app's JSON body cap


async def receive_upload(
    request: Request[Any, Any, Any],
    services: Services,
    form: UploadForm[B],
    start: Callable[[B, Upload], Awaitable[T]],
) -> T:
    """The body, and for multipart its files (checked and in the file store), handed to
    `start`. If the parts do not make a body, or `start` fails, the files are removed."""
    limits = await services.aget(Limits)
    settings: WebSettings = await services.aget_abstract(WebSettings)
    if is_json(request):
        cap = form.json_cap(limits) if form.json_cap else settings.max_json_body_bytes
        return await start(await read_json(request, form.body, cap), Upload())
    store = await services.aget(FileStore)
    received = await read_multipart(
        request,
        store,
        FormPolicy(
            text_parts=form.text_parts(limits),
            file_fields=lambda text: form.file_fields(form.body_of_parts(text, True)),
            limits=limits,
            key_prefix=form.key_prefix,
            taken_names=form.taken_names,
            idle_s=settings.upload_idle_ms / 1000,
            total_s=settings.upload_total_ms / 1000,
        ),
    )
    try:
        return await start(form.body_of_parts(received.text, False), received.upload)
    except BaseException:
        await remove_upload(store, received.upload)
        raise


def required_part(name: str, files_follow: bool) -> InvalidInput:
    """A text part the body cannot do without is missing."""
    if files_follow:
        return InvalidInput([FieldError(name, "required", f"Send the {name} before the files.")])
    return InvalidInput([FieldError(name, "required", f"The {name} part is missing.")])


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

    file_media_type = "application/octet-stream"

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if ok is not None and not isinstance(ok, Reference):
            ok.description = "The file, with its media type and Content-Disposition"
            ok.content = {
                self.file_media_type: OpenAPIMediaType(
                    schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                )
            }


class ZipDownload(BinaryDownload):
    """A download that is always a ZIP archive."""

    file_media_type = "application/zip"
