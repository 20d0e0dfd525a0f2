"""Path parameters shared by routes, bounded so that no value reaches the database unchecked."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter

# A tool's slug (the domain's rules allow at most 64 characters); anything longer is invalid
# rather than looked up. Shorter non-slugs simply name no tool (404).
SlugPath = Annotated[str, PathParameter(min_length=1, max_length=64, description="The tool's slug")]
# Version numbers are PostgreSQL integers; a larger one is invalid, not a database error.
VersionNumber = Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="Version number")]
