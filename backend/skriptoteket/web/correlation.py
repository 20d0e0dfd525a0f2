"""X-Correlation-ID: accepted from the client (when well-formed) or generated, then kept
in the ASGI scope so the edge (web/edge.py, which sets it first and says it in every
response), the error handlers and the log lines agree."""

from __future__ import annotations

import re
import uuid
from typing import Any, cast

from litestar.types import Scope

from skriptoteket.application.correlation import correlation_id

HEADER = "x-correlation-id"
_HEADER_BYTES = HEADER.encode()
_SCOPE_KEY = "skriptoteket.correlation_id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def correlation_id_for(scope: Scope) -> str:
    state = cast(dict[str, Any], scope)  # our own key beside the ASGI ones
    existing = state.get(_SCOPE_KEY)
    if isinstance(existing, str):
        return existing
    cid = None
    for name, value in state.get("headers", []):
        if name == _HEADER_BYTES:
            candidate = value.decode("latin-1")
            if _VALID.match(candidate):
                cid = candidate
            break
    cid = cid or uuid.uuid4().hex
    state[_SCOPE_KEY] = cid
    correlation_id.set(cid)
    return cid
