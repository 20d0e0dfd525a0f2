"""The paging query parameters every list route shares: `limit` (default 50, at most 200)
and `offset`."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# PostgreSQL takes an OFFSET up to a bigint; far past any real list, and never a 500.
MAX_OFFSET = 2**31 - 1

Limit = Annotated[
    int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT}).")
]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET, description="How many items to skip.")]
