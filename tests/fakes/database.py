"""The one in-memory database every fake works on, its unit of work, and the clock.

`FakeUnitOfWork` behaves like the real one: what a block writes is kept only if the block
calls `commit()`; a block that ends without it (a refusal, an exception) leaves the database
as it found it, so a test can assert that a refused request wrote nothing.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self
from uuid import UUID

from skriptoteket.domain.catalog import Suggestion, TaxonomyKind, Tool, ToolVersion
from skriptoteket.domain.runs import NewRun, ToolSessionFile
from skriptoteket.domain.users import User
from skriptoteket.protocols.identity import AuditEvent, SignInSession, StoredToken


@dataclass
class FakeToolSession:
    """A tool session row, with its files."""

    id: UUID
    tool_id: UUID
    tool_version_id: UUID | None
    user_id: UUID
    env: str
    inputs: dict[str, Any]
    snapshot: dict[str, Any] | None
    created_at: datetime
    expires_at: datetime
    state: dict[str, Any] = field(default_factory=dict)
    state_rev: int = 0
    pending_actions: list[dict[str, Any]] = field(default_factory=list)
    files: list[tuple[ToolSessionFile, datetime]] = field(default_factory=list)  # with expiry
    last_run_id: UUID | None = None
    updated_at: datetime | None = None


@dataclass
class FakeDatabase:
    # identity
    users: dict[UUID, User] = field(default_factory=dict)
    password_hashes: dict[UUID, str] = field(default_factory=dict)
    sign_in_sessions: dict[bytes, SignInSession] = field(default_factory=dict)
    tokens: dict[bytes, StoredToken] = field(default_factory=dict)
    attempts: list[tuple[str, str, str, datetime]] = field(
        default_factory=list
    )  # ip, email, client
    devices: dict[bytes, UUID] = field(default_factory=dict)
    audit: list[AuditEvent] = field(default_factory=list)
    # catalog
    taxonomy: dict[TaxonomyKind, dict[str, str]] = field(
        default_factory=lambda: {
            TaxonomyKind.PROFESSION: {"larare": "Lärare", "elevhalsa": "Elevhälsa"},
            TaxonomyKind.CATEGORY: {"klasslistor": "Klasslistor", "analys": "Analys"},
        }
    )
    tools: dict[UUID, Tool] = field(default_factory=dict)
    maintainers_of: dict[UUID, set[UUID]] = field(default_factory=dict)
    favorites: set[tuple[UUID, UUID]] = field(default_factory=set)
    search_usage: dict[UUID, str] = field(default_factory=dict)
    versions: dict[UUID, ToolVersion] = field(default_factory=dict)
    example_files: dict[tuple[UUID, str, str], bytes] = field(default_factory=dict)
    suggestions: dict[UUID, Suggestion] = field(default_factory=dict)
    # runs
    tool_sessions: dict[UUID, FakeToolSession] = field(default_factory=dict)
    tool_settings: dict[tuple[UUID, UUID], dict[str, Any]] = field(default_factory=dict)
    runs: dict[UUID, NewRun] = field(default_factory=dict)
    run_status: dict[UUID, str] = field(default_factory=dict)
    queued_at: dict[UUID, datetime] = field(default_factory=dict)
    delivered_at: dict[UUID, datetime] = field(default_factory=dict)

    def restore(self, snapshot: FakeDatabase) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, copy.deepcopy(getattr(snapshot, f.name)))


class FakeUnitOfWork:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.commits = 0
        self._snapshot: FakeDatabase | None = None
        self._committed = False

    async def __aenter__(self) -> Self:
        self._snapshot = copy.deepcopy(self.db)
        self._committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            await self.rollback()

    async def commit(self) -> None:
        self.commits += 1
        self._committed = True
        self._snapshot = copy.deepcopy(self.db)

    async def rollback(self) -> None:
        if self._snapshot is not None:
            self.db.restore(self._snapshot)


class FakeClock:
    """Stands still until a test moves it, or moves `step_s` at every reading."""

    def __init__(self, start: datetime | None = None, *, step_s: float = 0) -> None:
        self.at = start or datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
        self.step = timedelta(seconds=step_s)

    def now(self) -> datetime:
        self.at += self.step
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
