"""Ports of the catalog: taxonomy, tools, versions, favorites and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from skriptoteket.domain.catalog import (
    AuthoringEntry,
    CatalogQuery,
    Page,
    Suggestion,
    SuggestionStatus,
    TaxonomyEntry,
    TaxonomyKind,
    Tool,
    ToolSummary,
    ToolToRun,
    ToolVersion,
    VersionState,
    WorkingCopy,
)
from skriptoteket.domain.users import User


class TaxonomyRepository(Protocol):
    async def entries(self, kind: TaxonomyKind) -> list[TaxonomyEntry]: ...

    async def add(self, kind: TaxonomyKind, entry: TaxonomyEntry, at: datetime) -> None:
        """Raises Conflict (`duplicate_slug`) when the slug exists."""
        ...

    async def unknown(self, kind: TaxonomyKind, slugs: Sequence[str]) -> list[str]:
        """The slugs among `slugs` that are not in the taxonomy."""
        ...


class ToolsToRun(Protocol):
    """A read of what is committed, in no unit of work (no use case changes the tool and
    starts a run of it in one)."""

    async def to_run(self, slug: str, user_id: UUID) -> ToolToRun | None:
        """The tool, whether `user_id` maintains it and its active version's manifest, as one
        snapshot; None when there is no such tool."""
        ...


class ToolRepository(Protocol):
    async def get_by_slug(self, slug: str, *, for_update: bool = False) -> Tool | None:
        """`for_update` locks the tool row until the transaction ends: publishing, rollback
        and metadata changes of one tool are serialized on it."""
        ...

    async def add(self, tool: Tool) -> None:
        """Raises Conflict (`duplicate_slug`) when the slug is taken."""
        ...

    async def update(self, tool: Tool, *, search_usage: str | None = None) -> None:
        """Write slug, title, summary, taxonomy, listed, active version and timestamps;
        `search_usage` (when given) replaces the usage text the full-text search indexes."""
        ...

    async def is_maintainer(self, tool_id: UUID, user_id: UUID) -> bool: ...

    async def maintainers(self, tool_id: UUID) -> list[User]: ...

    async def add_maintainer(self, tool_id: UUID, user_id: UUID, at: datetime) -> bool:
        """True when added, False when already a maintainer."""
        ...

    async def remove_maintainer(self, tool_id: UUID, user_id: UUID) -> bool: ...

    async def list_for_authoring(
        self, maintainer_id: UUID | None, *, limit: int, offset: int
    ) -> Page[AuthoringEntry]:
        """Tools `maintainer_id` maintains (None: all tools), any state."""
        ...

    async def search_catalog(self, query: CatalogQuery, user_id: UUID) -> Page[ToolSummary]: ...

    async def catalog_version(self) -> int | None:
        """A number that changes whenever anything search_catalog reads changes, visible
        together with the change; None: unknown (answers must not be kept)."""
        ...

    async def is_favorite(self, tool_id: UUID, user_id: UUID) -> bool: ...

    async def set_favorite(self, tool_id: UUID, user_id: UUID, on: bool, at: datetime) -> None: ...


class VersionRepository(Protocol):
    async def for_tool(self, tool_id: UUID) -> list[ToolVersion]:
        """Newest first."""
        ...

    async def get(self, tool_id: UUID, number: int) -> ToolVersion | None: ...

    async def get_by_id(self, version_id: UUID) -> ToolVersion | None: ...

    async def head_number(self, tool_id: UUID) -> int:
        """The highest version number of the tool; 0 when it has none."""
        ...

    async def add(self, version: ToolVersion) -> None:
        """Raises Conflict (`version_conflict`) when the number is taken: of two saves on the
        same base, the database lets exactly one insert its number."""
        ...

    async def set_state(
        self, version_id: UUID, state: VersionState, *, review_note: str | None = None
    ) -> None: ...

    async def add_example_files(
        self, version_id: UUID, files: Sequence[tuple[str, str, bytes]]
    ) -> None:
        """Store the bytes of the version's example files: (case, name, content) each."""
        ...

    async def copy_example_files(self, source_id: UUID, target_id: UUID) -> None:
        """Give `target_id` every example file of `source_id` (a new version keeps them)."""
        ...

    async def example_file(self, version_id: UUID, case: str, name: str) -> bytes | None: ...

    async def withdrawn_by_rollback(self, tool_id: UUID, number: int) -> bool:
        """Whether a rollback skipped over version `number`: a later version restored one
        older than it."""
        ...


class SuggestionRepository(Protocol):
    async def add(self, suggestion: Suggestion) -> None: ...

    async def get(self, suggestion_id: UUID, *, for_update: bool = False) -> Suggestion | None: ...

    async def decide(
        self,
        suggestion_id: UUID,
        *,
        status: SuggestionStatus,
        decided_by: UUID,
        decided_at: datetime,
        reason: str | None,
        tool_id: UUID | None,
    ) -> None: ...

    async def search(
        self, proposer_id: UUID | None, *, status: SuggestionStatus | None, limit: int, offset: int
    ) -> tuple[list[Suggestion], int]: ...


class WorkingCopyRepository(Protocol):
    async def get(self, user_id: UUID, tool_id: UUID) -> WorkingCopy | None: ...

    async def put(self, copy: WorkingCopy) -> None:
        """Insert or replace the user's working copy of the tool."""
        ...

    async def delete(self, user_id: UUID, tool_id: UUID) -> None: ...
