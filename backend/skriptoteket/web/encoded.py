"""A hot read's answer, encoded once by msgspec and sent as Litestar would send it.

Returning a struct, Litestar builds a `Response`, then an `ASGIResponse` with its header
container, looks up the serializer and matches the media type, per request: about 40 µs of a
run poll's CPU, more than encoding the run. `EncodedJson` sends the same status, the same two
headers (`content-type: application/json`, `content-length`) and the same bytes, without them.
Anything the route would add (headers, cookies, a background task) falls back to Litestar's
own path, so nothing is ever dropped. The struct stays the handler's documented return type
(`Response[T]` documents `T`), so OpenAPI does not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from litestar import Request, Response
from litestar.background_tasks import BackgroundTask, BackgroundTasks
from litestar.datastructures import Cookie
from litestar.enums import MediaType
from litestar.response.base import ASGIResponse
from litestar.types import Receive, Scope, Send, TypeEncodersMap

T = TypeVar("T")

_JSON = b"application/json"


class _SentAsIs(ASGIResponse):
    """The ASGI side: a status, the JSON headers and the body. No header container is built
    (`headers` stays unset): nothing reads it once the route handler has answered."""

    __slots__ = ()

    def __init__(self, body: bytes, status_code: int) -> None:  # (no super(): see the module)
        self.body = body
        self.status_code = status_code
        self.content_length = len(body)
        self.encoding = "utf-8"
        self.background = None
        self.is_head_response = False
        self._encoded_cookies = ()

    def encode_headers(self) -> list[tuple[bytes, bytes]]:
        return [(b"content-type", _JSON), (b"content-length", str(self.content_length).encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": self.encode_headers(),
            }
        )
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


class EncodedJson(Response[T]):
    """JSON bytes (documented as `T` in OpenAPI: the handler returns `Response[T]`)."""

    __slots__ = ()

    def __init__(self, body: bytes, *, status_code: int = 200) -> None:
        # Response.__init__'s attributes, without its merging of what is not there.
        self.content = body  # type: ignore[assignment]
        self.background = None
        self.cookies = []
        self.encoding = "utf-8"
        self.headers = {}
        self.media_type = MediaType.JSON
        self.status_code = status_code
        self.response_type_encoders = {}

    def to_asgi_response(
        self,
        app: Any,
        request: Request[Any, Any, Any],
        *,
        background: BackgroundTask | BackgroundTasks | None = None,
        cookies: Iterable[Cookie] | None = None,
        encoded_headers: Iterable[tuple[bytes, bytes]] | None = None,
        headers: dict[str, str] | None = None,
        is_head_response: bool = False,
        media_type: MediaType | str | None = None,
        status_code: int | None = None,
        type_encoders: TypeEncodersMap | None = None,
    ) -> ASGIResponse:
        plain = not (background or cookies or encoded_headers or headers or is_head_response or app)
        if plain and not self.cookies and not self.headers and self.background is None:
            body: bytes = self.content  # type: ignore[assignment]
            return _SentAsIs(body, self.status_code or status_code or 200)
        return super().to_asgi_response(
            app,
            request,
            background=background,
            cookies=cookies,
            encoded_headers=encoded_headers,
            headers=headers,
            is_head_response=is_head_response,
            media_type=media_type,
            status_code=status_code,
            type_encoders=type_encoders,
        )
