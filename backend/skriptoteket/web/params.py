"""Parameters shared by routes, bounded so that no value reaches the database unchecked."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar.params import PathParameter, QueryParameter

from skriptoteket.domain.errors import FieldError, InvalidInput

# A slug where one is looked up (a filter): its form only; unknown ones are the handler's 422.
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")]
# A tool's slug (the domain's rules allow at most 64 characters); anything longer is invalid
# rather than looked up. Shorter non-slugs simply name no tool (404).
SlugPath = Annotated[str, PathParameter(min_length=1, max_length=64, description="The tool's slug")]
# Version numbers are PostgreSQL integers; a larger one is invalid, not a database error.
VersionNumber = Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="Version number")]

# A point in time as RFC 3339 text with its offset. Declared as text because Litestar's lax
# conversion would also take a bare number (as seconds since 1970) or a time without offset.
_RFC3339 = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$"
InstantQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=40,
        pattern=_RFC3339,
        description="An RFC 3339 time with its offset, e.g. 2026-03-01T08:00:00+01:00",
    ),
]


def parse_instant(value: str | None, field: str) -> datetime | None:
    """The time an InstantQuery names; one that matches the form but does not exist is 422."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            [FieldError(field=field, code="invalid", message="Not a valid RFC 3339 time.")]
        ) from None
