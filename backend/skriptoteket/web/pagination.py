"""The paging query parameters every list route shares: `limit` (default 50, at most 200)
and `offset`."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[
    int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT}).")
]
Offset = Annotated[int, QueryParameter(ge=0, description="How many items to skip.")]
