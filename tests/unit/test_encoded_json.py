"""EncodedJson (web/encoded.py): already encoded JSON answered with the same status, headers
and bytes as Litestar's own response of the struct; whatever a route adds falls back to it."""

from __future__ import annotations

import msgspec
from litestar import Litestar, Response, get
from litestar.datastructures import ResponseHeader
from litestar.testing import TestClient

from skriptoteket.web.encoded import EncodedJson


class Thing(msgspec.Struct):
    name: str
    size: int


THING = Thing(name="Åsa", size=3)


@get("/struct", sync_to_thread=False)
def as_struct() -> Thing:
    return THING


@get("/encoded", sync_to_thread=False)
def as_encoded() -> Response[Thing]:
    return EncodedJson(msgspec.json.encode(THING))


@get("/created", sync_to_thread=False, status_code=201)
def created() -> Response[Thing]:
    return EncodedJson(msgspec.json.encode(THING), status_code=201)


@get(
    "/with-header",
    sync_to_thread=False,
    response_headers=[ResponseHeader(name="x-extra", value="1")],
)
def with_header() -> Response[Thing]:
    return EncodedJson(msgspec.json.encode(THING))


def test_the_same_status_headers_and_bytes_as_litestars_response_of_the_struct() -> None:
    with TestClient(Litestar([as_struct, as_encoded, created, with_header])) as client:
        plain, encoded = client.get("/struct"), client.get("/encoded")
        assert encoded.status_code == plain.status_code == 200
        assert encoded.content == plain.content
        assert list(encoded.headers.items()) == list(plain.headers.items())
        assert client.get("/created").status_code == 201
        # A route's own header: Litestar's path, the header kept.
        extra = client.get("/with-header")
        assert extra.headers["x-extra"] == "1"
        assert extra.content == plain.content
        assert extra.headers["content-type"] == "application/json"


def test_the_openapi_document_shows_the_struct() -> None:
    app = Litestar([as_struct, as_encoded])
    paths = app.openapi_schema.to_schema()["paths"]
    assert paths["/encoded"]["get"]["responses"] == paths["/struct"]["get"]["responses"]
