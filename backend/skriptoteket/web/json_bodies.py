"""Every JSON the API reads (bodies, multipart JSON parts) and every query value passes one guard.

A decoder recurses once per nesting level and turns digits into integers of any size, so a
body of 50 000 `[` or a 5000-digit number costs a traceback (RecursionError, ValueError) and a
500, or CPU. Before decoding, the raw bytes are checked cheaply (strings cut out, then the
brackets counted): nesting deeper than `MAX_DEPTH` or a number longer than `MAX_DIGITS` digits
is a 400 `malformed_body`, as is any decoder error.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import anyio.to_thread
import msgspec
from litestar import Request
from litestar.datastructures import State
from litestar.exceptions import SerializationException
from litestar.serialization import decode_json
from litestar.types import Empty

from skriptoteket.domain.errors import DomainError

T = TypeVar("T")

MAX_DEPTH = 64
MAX_DIGITS = 20  # 2**64 has 20 digits; nothing the API takes is larger
# Bodies larger than this are checked on a worker thread, not on the event loop.
_OFF_LOOP_BYTES = 64 * 1024

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_LONG_NUMBER = re.compile(rb"\d{%d,}" % (MAX_DIGITS + 1))
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_OPENERS = frozenset(b"[{")


class MalformedBody(DomainError):
    code = "malformed_body"
    default_message = "The request body is not valid JSON."


def check_json(raw: bytes, what: str = "The request body") -> None:
    """Raise MalformedBody when `raw` nests deeper than MAX_DEPTH or holds a huge number."""
    outside_strings = _STRING.sub(b'""', raw)
    if _LONG_NUMBER.search(outside_strings):
        raise MalformedBody(f"{what} holds a number longer than {MAX_DIGITS} digits.")
    depth = 0
    for byte in outside_strings.translate(None, _NOT_BRACKETS):
        if byte in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise MalformedBody(f"{what} nests deeper than {MAX_DEPTH} levels.")
        else:
            depth -= 1


async def checked(raw: bytes, what: str = "The request body") -> None:
    """check_json, on a worker thread for large bodies."""
    if len(raw) > _OFF_LOOP_BYTES:
        await anyio.to_thread.run_sync(check_json, raw, what)
    else:
        check_json(raw, what)


async def decode(raw: bytes, kind: type[T], what: str = "The request body") -> T:
    """`raw` as `kind`: 400 malformed_body for bad JSON; msgspec.ValidationError for bad shapes."""
    await checked(raw, what)
    try:
        return msgspec.json.decode(raw, type=kind)
    except msgspec.ValidationError:
        raise
    except (msgspec.DecodeError, RecursionError, ValueError, UnicodeDecodeError):
        raise MalformedBody(f"{what} is not valid JSON.") from None


class GuardedRequest(Request[Any, Any, State]):
    """Litestar's request, whose JSON (the `data` of every JSON route) is guarded first."""

    async def json(self) -> Any:
        if self._connection_state.json is not Empty:
            return self._connection_state.json
        body = await self.body()
        await checked(body)
        try:
            value = decode_json(
                body or b"null", type_decoders=self.route_handler.resolve_type_decoders()
            )
        except (SerializationException, RecursionError, ValueError, UnicodeDecodeError):
            raise MalformedBody() from None
        self._json = self._connection_state.json = value
        return value


_HUGE_INTEGER = re.compile(rf"[+-]?\d{{{MAX_DIGITS + 1},}}")


async def check_query(request: Request[Any, Any, Any]) -> None:
    """A before-request hook: a query value that is a huge integer is a 400 malformed_body."""
    if not request.scope["query_string"]:
        return  # most requests: no need to parse anything
    for name, value in request.query_params.items():
        if _HUGE_INTEGER.fullmatch(value.strip()):
            raise MalformedBody(f"The query value {name[:40]} is a number that is too large.")
