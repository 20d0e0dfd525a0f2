"""In-memory fakes of the catalog's ports. They keep the rules the database keeps: unique slugs,
unique (tool, number), one published version per tool."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from skriptoteket.application.audit import Audit
from skriptoteket.application.catalog.content_check import InlineCpu
from skriptoteket.application.catalog.example_runs import ExampleOutcomes
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
)
from skriptoteket.domain.errors import Conflict
from skriptoteket.domain.example_runs import NewExampleRun, Refusal
from skriptoteket.domain.users import Role, User
from skriptoteket.protocols.catalog import (
    SuggestionRepository,
    TaxonomyRepository,
    ToolRepository,
    ToolsToRun,
    VersionRepository,
)
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.cpu import CpuPool
from skriptoteket.protocols.identity import UserRepository
from skriptoteket.protocols.uow import UnitOfWork
from skriptoteket.protocols.webhooks import WebhookEvents

from .build import build
from .database import FakeClock, FakeDatabase, FakeUnitOfWork
from .identity import FakeAuditLog, FakeUsers

H = TypeVar("H")


class FakeTaxonomy:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def entries(self, kind: TaxonomyKind) -> list[TaxonomyEntry]:
        return [TaxonomyEntry(s, label) for s, label in self.db.taxonomy[kind].items()]

    async def add(self, kind: TaxonomyKind, entry: TaxonomyEntry, at: datetime) -> None:
        if entry.slug in self.db.taxonomy[kind]:
            raise Conflict(code="duplicate_slug")
        self.db.taxonomy[kind][entry.slug] = entry.label

    async def unknown(self, kind: TaxonomyKind, slugs: Sequence[str]) -> list[str]:
        return [s for s in dict.fromkeys(slugs) if s not in self.db.taxonomy[kind]]


class FakeTools:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def get_by_slug(self, slug: str, *, for_update: bool = False) -> Tool | None:
        return next((t for t in self.db.tools.values() if t.slug == slug), None)

    async def add(self, tool: Tool) -> None:
        if any(t.slug == tool.slug for t in self.db.tools.values()):
            raise Conflict(code="duplicate_slug")
        self.db.tools[tool.id] = tool

    async def update(self, tool: Tool, *, search_usage: str | None = None) -> None:
        if any(t.slug == tool.slug and t.id != tool.id for t in self.db.tools.values()):
            raise Conflict(code="duplicate_slug")
        self.db.tools[tool.id] = tool
        if search_usage is not None:
            self.db.search_usage[tool.id] = search_usage

    async def is_maintainer(self, tool_id: UUID, user_id: UUID) -> bool:
        return user_id in self.db.maintainers_of.get(tool_id, set())

    async def to_run(self, slug: str, user_id: UUID) -> ToolToRun | None:
        tool = await self.get_by_slug(slug)
        if tool is None:
            return None
        active = self.db.versions.get(tool.active_version_id) if tool.active_version_id else None
        return ToolToRun(
            tool, await self.is_maintainer(tool.id, user_id), active.manifest if active else None
        )

    async def maintainers(self, tool_id: UUID) -> list[User]:
        return [self.db.users[u] for u in sorted(self.db.maintainers_of.get(tool_id, set()))]

    async def add_maintainer(self, tool_id: UUID, user_id: UUID, at: datetime) -> bool:
        current = self.db.maintainers_of.setdefault(tool_id, set())
        added = user_id not in current
        current.add(user_id)
        return added

    async def remove_maintainer(self, tool_id: UUID, user_id: UUID) -> bool:
        current = self.db.maintainers_of.get(tool_id, set())
        if user_id not in current:
            return False
        current.discard(user_id)
        return True

    async def list_for_authoring(
        self, maintainer_id: UUID | None, *, limit: int, offset: int
    ) -> Page[AuthoringEntry]:
        tools = [
            t
            for t in self.db.tools.values()
            if maintainer_id is None or maintainer_id in self.db.maintainers_of.get(t.id, set())
        ]
        entries = []
        for t in tools:
            versions = await FakeVersions(self.db).for_tool(t.id)
            head = versions[0] if versions else None
            entries.append(
                AuthoringEntry(t, head.number if head else None, head.state if head else None)
            )
        return Page(entries[offset : offset + limit], len(entries), limit, offset)

    async def catalog_version(self) -> int | None:
        return None  # the fake keeps no version: no page is ever kept

    async def search_catalog(self, query: CatalogQuery, user_id: UUID) -> Page[ToolSummary]:
        hits = [
            ToolSummary(
                t.slug,
                t.title,
                t.summary,
                t.professions,
                t.categories,
                (user_id, t.id) in self.db.favorites,
                t.updated_at,
            )
            for t in self.db.tools.values()
            if t.in_catalog
        ]
        return Page(
            hits[query.offset : query.offset + query.limit], len(hits), query.limit, query.offset
        )

    async def is_favorite(self, tool_id: UUID, user_id: UUID) -> bool:
        return (user_id, tool_id) in self.db.favorites

    async def set_favorite(self, tool_id: UUID, user_id: UUID, on: bool, at: datetime) -> None:
        if on:
            self.db.favorites.add((user_id, tool_id))
        else:
            self.db.favorites.discard((user_id, tool_id))


class FakeVersions:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def for_tool(self, tool_id: UUID) -> list[ToolVersion]:
        return sorted(
            (v for v in self.db.versions.values() if v.tool_id == tool_id),
            key=lambda v: -v.number,
        )

    async def get(self, tool_id: UUID, number: int) -> ToolVersion | None:
        return next(
            (v for v in self.db.versions.values() if v.tool_id == tool_id and v.number == number),
            None,
        )

    async def get_by_id(self, version_id: UUID) -> ToolVersion | None:
        return self.db.versions.get(version_id)

    async def head_number(self, tool_id: UUID) -> int:
        return max((v.number for v in self.db.versions.values() if v.tool_id == tool_id), default=0)

    async def add(self, version: ToolVersion) -> None:
        if await self.get(version.tool_id, version.number) is not None:
            raise Conflict(code="version_conflict")
        self._check_one_published(version)
        self.db.versions[version.id] = version

    async def set_state(
        self, version_id: UUID, state: VersionState, *, review_note: str | None = None
    ) -> None:
        version = self.db.versions[version_id]
        changed = dataclasses.replace(
            version,
            state=state,
            review_note=review_note if review_note is not None else version.review_note,
        )
        self._check_one_published(changed)
        self.db.versions[version_id] = changed

    async def add_example_files(
        self, version_id: UUID, files: Sequence[tuple[str, str, bytes]]
    ) -> None:
        for case, name, data in files:
            self.db.example_files[(version_id, case, name)] = data

    async def copy_example_files(self, source_id: UUID, target_id: UUID) -> None:
        for (version_id, case, name), data in list(self.db.example_files.items()):
            if version_id == source_id:
                self.db.example_files[(target_id, case, name)] = data

    async def example_file(self, version_id: UUID, case: str, name: str) -> bytes | None:
        return self.db.example_files.get((version_id, case, name))

    async def withdrawn_by_rollback(self, tool_id: UUID, number: int) -> bool:
        return any(
            v.tool_id == tool_id
            and v.restored_from is not None
            and v.restored_from < number < v.number
            for v in self.db.versions.values()
        )

    def _check_one_published(self, version: ToolVersion) -> None:
        if version.state is VersionState.PUBLISHED and any(
            v.tool_id == version.tool_id
            and v.state is VersionState.PUBLISHED
            and v.id != version.id
            for v in self.db.versions.values()
        ):
            raise AssertionError("two published versions of one tool")


class FakeSuggestions:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def add(self, suggestion: Suggestion) -> None:
        self.db.suggestions[suggestion.id] = suggestion

    async def get(self, suggestion_id: UUID, *, for_update: bool = False) -> Suggestion | None:
        return self.db.suggestions.get(suggestion_id)

    async def decide(
        self,
        suggestion_id: UUID,
        *,
        status: SuggestionStatus,
        decided_by: UUID,
        decided_at: datetime,
        reason: str | None,
        tool_id: UUID | None,
    ) -> None:
        self.db.suggestions[suggestion_id] = dataclasses.replace(
            self.db.suggestions[suggestion_id],
            status=status,
            decided_by=decided_by,
            decided_at=decided_at,
            decision_reason=reason,
        )

    async def search(
        self, proposer_id: UUID | None, *, status: SuggestionStatus | None, limit: int, offset: int
    ) -> tuple[list[Suggestion], int]:
        found = [
            s
            for s in self.db.suggestions.values()
            if (proposer_id is None or s.proposer.id == proposer_id)
            and (status is None or s.status is status)
        ]
        return found[offset : offset + limit], len(found)


class FakeCatalog:
    """The catalog's fakes on one database, and the use cases built from them (`build`)."""

    def __init__(self) -> None:
        self.db = FakeDatabase()
        self.uow = FakeUnitOfWork(self.db)
        self.tools = FakeTools(self.db)
        self.versions = FakeVersions(self.db)
        self.taxonomy = FakeTaxonomy(self.db)
        self.suggestions = FakeSuggestions(self.db)
        self.users = FakeUsers(self.db)
        self.audit = FakeAuditLog(self.db)
        self.clock = FakeClock(step_s=1)
        self.webhook_events = FakeWebhookEvents()

    def build(self, kind: type[H]) -> H:
        return build(
            kind,
            {
                UnitOfWork: self.uow,
                ToolRepository: self.tools,
                ToolsToRun: self.tools,
                VersionRepository: self.versions,
                TaxonomyRepository: self.taxonomy,
                SuggestionRepository: self.suggestions,
                UserRepository: self.users,
                Audit: Audit(self.audit, self.clock),
                Clock: self.clock,
                CpuPool: InlineCpu(),
                WebhookEvents: self.webhook_events,
                ExampleOutcomes: ExampleOutcomes(FakeExampleRuns(), runs=None),  # type: ignore[arg-type]
            },
        )

    def add_user(self, user: User) -> User:
        self.db.users[user.id] = user
        return user


def make_domain_user(role: Role, name: str = "") -> User:
    import uuid

    user_id = uuid.uuid4()
    return User(
        id=user_id,
        email=f"{role.value}-{user_id.hex[:6]}@skola.example",
        display_name=name or f"{role.value} {user_id.hex[:4]}",
        role=role,
        is_active=True,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def _fakes_implement_the_ports(db: FakeDatabase) -> None:
    """Never called: mypy checks here that each fake satisfies its Protocol."""
    tools: ToolRepository = FakeTools(db)
    versions: VersionRepository = FakeVersions(db)
    taxonomy: TaxonomyRepository = FakeTaxonomy(db)
    suggestions: SuggestionRepository = FakeSuggestions(db)
    to_run: ToolsToRun = FakeTools(db)
    del tools, versions, taxonomy, suggestions, to_run


class FakeWebhookEvents:
    """Remembers the events announced (the real fan-out is tests/api/test_webhooks.py's)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str | None, dict[str, Any]]] = []

    async def emit(self, event: str, tool_slug: str | None, data: Mapping[str, Any]) -> int:
        self.events.append((event, tool_slug, dict(data)))
        return 0


class FakeExampleRuns:
    """No example was ever run (the catalog's unit tests decide without running any)."""

    async def add(self, run: NewExampleRun) -> None:
        raise NotImplementedError

    async def latest(self, version_id: UUID, user_id: UUID) -> list[NewExampleRun]:
        return []

    async def advanced(self, record_id: UUID, step: int, run_id: UUID) -> bool:
        raise NotImplementedError

    async def refused(self, record_id: UUID, step: int, refusal: Refusal) -> None:
        raise NotImplementedError
