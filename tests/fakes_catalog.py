"""In-memory fakes of the catalog's ports (and of the few identity ports it uses), for unit
tests of the handlers. They keep the same rules the database keeps: unique slugs, unique
(tool, number), one published version per tool."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self, TypeVar, get_type_hints
from uuid import UUID

from skriptoteket.application.audit import Audit
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
    ToolVersion,
    VersionState,
)
from skriptoteket.domain.errors import Conflict
from skriptoteket.domain.users import Role, User
from skriptoteket.protocols.catalog import (
    SuggestionRepository,
    TaxonomyRepository,
    ToolRepository,
    VersionRepository,
)
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import AuditEvent, UserRepository
from skriptoteket.protocols.uow import UnitOfWork

H = TypeVar("H")


class FakeClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at


class FakeUnitOfWork:
    """Counts commits; the fakes write at once, so a test checks `committed` to see whether a
    handler would have kept its changes."""

    def __init__(self) -> None:
        self.commits = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        return None


class FakeTaxonomy:
    def __init__(self) -> None:
        self.entries_by_kind: dict[TaxonomyKind, dict[str, str]] = {
            TaxonomyKind.PROFESSION: {"larare": "Lärare", "elevhalsa": "Elevhälsa"},
            TaxonomyKind.CATEGORY: {"klasslistor": "Klasslistor", "analys": "Analys"},
        }

    async def entries(self, kind: TaxonomyKind) -> list[TaxonomyEntry]:
        return [TaxonomyEntry(s, label) for s, label in self.entries_by_kind[kind].items()]

    async def add(self, kind: TaxonomyKind, entry: TaxonomyEntry, at: datetime) -> None:
        if entry.slug in self.entries_by_kind[kind]:
            raise Conflict(code="duplicate_slug")
        self.entries_by_kind[kind][entry.slug] = entry.label

    async def unknown(self, kind: TaxonomyKind, slugs: Sequence[str]) -> list[str]:
        return [s for s in dict.fromkeys(slugs) if s not in self.entries_by_kind[kind]]


class FakeTools:
    def __init__(self, versions: FakeVersions, users: FakeUsers) -> None:
        self.tools: dict[UUID, Tool] = {}
        self.maintainers_of: dict[UUID, set[UUID]] = {}
        self.favorites: set[tuple[UUID, UUID]] = set()
        self.usage: dict[UUID, str] = {}
        self._versions = versions
        self._users = users

    async def get_by_slug(self, slug: str, *, for_update: bool = False) -> Tool | None:
        return next((t for t in self.tools.values() if t.slug == slug), None)

    async def add(self, tool: Tool) -> None:
        if any(t.slug == tool.slug for t in self.tools.values()):
            raise Conflict(code="duplicate_slug")
        self.tools[tool.id] = tool

    async def update(self, tool: Tool, *, search_usage: str | None = None) -> None:
        if any(t.slug == tool.slug and t.id != tool.id for t in self.tools.values()):
            raise Conflict(code="duplicate_slug")
        self.tools[tool.id] = tool
        if search_usage is not None:
            self.usage[tool.id] = search_usage

    async def is_maintainer(self, tool_id: UUID, user_id: UUID) -> bool:
        return user_id in self.maintainers_of.get(tool_id, set())

    async def maintainers(self, tool_id: UUID) -> list[User]:
        return [self._users.users[u] for u in sorted(self.maintainers_of.get(tool_id, set()))]

    async def add_maintainer(self, tool_id: UUID, user_id: UUID, at: datetime) -> bool:
        current = self.maintainers_of.setdefault(tool_id, set())
        added = user_id not in current
        current.add(user_id)
        return added

    async def remove_maintainer(self, tool_id: UUID, user_id: UUID) -> bool:
        current = self.maintainers_of.get(tool_id, set())
        if user_id not in current:
            return False
        current.discard(user_id)
        return True

    async def list_for_authoring(
        self, maintainer_id: UUID | None, *, limit: int, offset: int
    ) -> Page[AuthoringEntry]:
        tools = [
            t
            for t in self.tools.values()
            if maintainer_id is None or maintainer_id in self.maintainers_of.get(t.id, set())
        ]
        entries = []
        for t in tools:
            versions = await self._versions.for_tool(t.id)
            head = versions[0] if versions else None
            entries.append(
                AuthoringEntry(t, head.number if head else None, head.state if head else None)
            )
        return Page(entries[offset : offset + limit], len(entries), limit, offset)

    async def search_catalog(self, query: CatalogQuery, user_id: UUID) -> Page[ToolSummary]:
        hits = [
            ToolSummary(
                t.slug,
                t.title,
                t.summary,
                t.professions,
                t.categories,
                (user_id, t.id) in self.favorites,
                t.updated_at,
            )
            for t in self.tools.values()
            if t.in_catalog
        ]
        return Page(
            hits[query.offset : query.offset + query.limit], len(hits), query.limit, query.offset
        )

    async def is_favorite(self, tool_id: UUID, user_id: UUID) -> bool:
        return (user_id, tool_id) in self.favorites

    async def set_favorite(self, tool_id: UUID, user_id: UUID, on: bool, at: datetime) -> None:
        if on:
            self.favorites.add((user_id, tool_id))
        else:
            self.favorites.discard((user_id, tool_id))


class FakeVersions:
    def __init__(self) -> None:
        self.versions: dict[UUID, ToolVersion] = {}

    async def for_tool(self, tool_id: UUID) -> list[ToolVersion]:
        return sorted(
            (v for v in self.versions.values() if v.tool_id == tool_id),
            key=lambda v: -v.number,
        )

    async def get(self, tool_id: UUID, number: int) -> ToolVersion | None:
        return next(
            (v for v in self.versions.values() if v.tool_id == tool_id and v.number == number),
            None,
        )

    async def get_by_id(self, version_id: UUID) -> ToolVersion | None:
        return self.versions.get(version_id)

    async def head_number(self, tool_id: UUID) -> int:
        return max((v.number for v in self.versions.values() if v.tool_id == tool_id), default=0)

    async def add(self, version: ToolVersion) -> None:
        if await self.get(version.tool_id, version.number) is not None:
            raise Conflict(code="version_conflict")
        self._check_one_published(version)
        self.versions[version.id] = version

    async def set_state(
        self, version_id: UUID, state: VersionState, *, review_note: str | None = None
    ) -> None:
        version = self.versions[version_id]
        changed = dataclasses.replace(
            version,
            state=state,
            review_note=review_note if review_note is not None else version.review_note,
        )
        self._check_one_published(changed)
        self.versions[version_id] = changed

    def _check_one_published(self, version: ToolVersion) -> None:
        if version.state is VersionState.PUBLISHED and any(
            v.tool_id == version.tool_id
            and v.state is VersionState.PUBLISHED
            and v.id != version.id
            for v in self.versions.values()
        ):
            raise AssertionError("two published versions of one tool")


class FakeSuggestions:
    def __init__(self) -> None:
        self.items: dict[UUID, Suggestion] = {}
        self.tool_slugs: dict[UUID, str] = {}

    async def add(self, suggestion: Suggestion) -> None:
        self.items[suggestion.id] = suggestion

    async def get(self, suggestion_id: UUID, *, for_update: bool = False) -> Suggestion | None:
        return self.items.get(suggestion_id)

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
        self.items[suggestion_id] = dataclasses.replace(
            self.items[suggestion_id],
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
            for s in self.items.values()
            if (proposer_id is None or s.proposer.id == proposer_id)
            and (status is None or s.status is status)
        ]
        return found[offset : offset + limit], len(found)


class FakeUsers:
    """The part of UserRepository the catalog uses (get); the rest is not needed here."""

    def __init__(self) -> None:
        self.users: dict[UUID, User] = {}

    async def get(self, user_id: UUID) -> User | None:
        return self.users.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        return next((u for u in self.users.values() if u.email == email), None)

    async def add(self, user: User, password_hash: str) -> None:
        self.users[user.id] = user


class FakeAuditLog:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    async def append(self, event: AuditEvent) -> None:
        self.events.append(event)

    async def list(
        self, *, action: str | None, actor_id: UUID | None, limit: int, offset: int
    ) -> tuple[list[AuditEvent], int]:
        found = [
            e
            for e in self.events
            if (action is None or e.action == action)
            and (actor_id is None or e.actor_id == actor_id)
        ]
        return found[offset : offset + limit], len(found)

    def actions(self) -> list[str]:
        return [e.action for e in self.events]


@dataclasses.dataclass
class FakeCatalog:
    """Every fake, and the use cases built from them (`build`)."""

    uow: FakeUnitOfWork = dataclasses.field(default_factory=FakeUnitOfWork)
    versions: FakeVersions = dataclasses.field(default_factory=FakeVersions)
    users: FakeUsers = dataclasses.field(default_factory=FakeUsers)
    taxonomy: FakeTaxonomy = dataclasses.field(default_factory=FakeTaxonomy)
    suggestions: FakeSuggestions = dataclasses.field(default_factory=FakeSuggestions)
    audit: FakeAuditLog = dataclasses.field(default_factory=FakeAuditLog)
    clock: FakeClock = dataclasses.field(default_factory=FakeClock)

    def __post_init__(self) -> None:
        self.tools = FakeTools(self.versions, self.users)

    def build(self, kind: type[H]) -> H:
        """A use case built from these fakes, each constructor parameter by its type."""
        hints = get_type_hints(kind)
        available: dict[object, object] = {
            UnitOfWork: self.uow,
            ToolRepository: self.tools,
            VersionRepository: self.versions,
            TaxonomyRepository: self.taxonomy,
            SuggestionRepository: self.suggestions,
            UserRepository: self.users,
            Audit: Audit(self.audit, self.clock),
            Clock: self.clock,
        }
        return kind(*(available[hints[name]] for name in inspect.signature(kind).parameters))


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
