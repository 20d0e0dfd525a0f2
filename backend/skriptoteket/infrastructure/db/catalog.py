"""Rows and repositories of the catalog: taxonomy, tools, versions, maintainers, favorites,
suggestions. The catalog search itself is in catalog_search.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

from skriptoteket.domain.catalog import (
    Author,
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
from skriptoteket.domain.examples import ExampleInfo
from skriptoteket.domain.users import User

from .base import Base
from .catalog_search import search_catalog
from .identity import UserRow
from .read_pool import ReadPool


class ProfessionRow(Base):
    __tablename__ = "professions"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CategoryRow(Base):
    __tablename__ = "categories"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ToolRow(Base):
    __tablename__ = "tools"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    listed: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active_version_id: Mapped[UUID | None] = mapped_column(ForeignKey("tool_versions.id"))
    ever_published: Mapped[bool] = mapped_column(Boolean)
    search_usage: Mapped[str] = mapped_column(Text)
    # search_document and search_text are generated columns (migration 0003), read only by
    # the catalog search SQL.


class ToolProfessionRow(Base):
    __tablename__ = "tool_professions"

    tool_id: Mapped[UUID] = mapped_column(
        ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
    )
    profession_slug: Mapped[str] = mapped_column(ForeignKey("professions.slug"), primary_key=True)


class ToolCategoryRow(Base):
    __tablename__ = "tool_categories"

    tool_id: Mapped[UUID] = mapped_column(
        ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
    )
    category_slug: Mapped[str] = mapped_column(ForeignKey("categories.slug"), primary_key=True)


class ToolMaintainerRow(Base):
    __tablename__ = "tool_maintainers"

    tool_id: Mapped[UUID] = mapped_column(
        ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ToolVersionRow(Base):
    __tablename__ = "tool_versions"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    tool_id: Mapped[UUID] = mapped_column(ForeignKey("tools.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    manifest: Mapped[dict[str, Any]] = mapped_column(JSONB)
    files: Mapped[dict[str, str]] = mapped_column(JSONB)
    content_hash: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    change_summary: Mapped[str] = mapped_column(Text)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    examples: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    restored_from: Mapped[int | None] = mapped_column(Integer)

    def to_domain(self, author_name: str) -> ToolVersion:
        return ToolVersion(
            id=self.id,
            tool_id=self.tool_id,
            number=self.number,
            state=VersionState(self.state),
            manifest=dict(self.manifest),
            files=dict(self.files),
            content_hash=self.content_hash,
            author=Author(self.author_id, author_name),
            change_summary=self.change_summary,
            review_note=self.review_note,
            created_at=self.created_at,
            examples=tuple(ExampleInfo.from_json(e) for e in self.examples),
            restored_from=self.restored_from,
        )


class ExampleFileRow(Base):
    """The bytes of one example file; the version row describes it (domain.examples)."""

    __tablename__ = "tool_version_example_files"

    version_id: Mapped[UUID] = mapped_column(
        ForeignKey("tool_versions.id", ondelete="CASCADE"), primary_key=True
    )
    case_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class FavoriteRow(Base):
    __tablename__ = "favorites"

    user_id: Mapped[UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    tool_id: Mapped[UUID] = mapped_column(
        ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SuggestionRow(Base):
    __tablename__ = "suggestions"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    proposer_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tool_id: Mapped[UUID | None] = mapped_column(ForeignKey("tools.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


_TAXONOMY: dict[TaxonomyKind, type[ProfessionRow] | type[CategoryRow]] = {
    TaxonomyKind.PROFESSION: ProfessionRow,
    TaxonomyKind.CATEGORY: CategoryRow,
}


def _is_unique_violation(exc: IntegrityError, constraint: str) -> bool:
    diag = getattr(exc.orig, "diag", None)
    return getattr(diag, "constraint_name", None) == constraint


class SqlTaxonomyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def entries(self, kind: TaxonomyKind) -> list[TaxonomyEntry]:
        row = _TAXONOMY[kind]
        rows = await self._s.execute(select(row.slug, row.label).order_by(row.label))
        return [TaxonomyEntry(slug=slug, label=label) for slug, label in rows]

    async def add(self, kind: TaxonomyKind, entry: TaxonomyEntry, at: datetime) -> None:
        row = _TAXONOMY[kind]
        added = await self._s.scalar(
            pg_insert(row)
            .values(slug=entry.slug, label=entry.label, created_at=at)
            .on_conflict_do_nothing()
            .returning(row.slug)
        )
        if added is None:
            raise Conflict(f"The {kind.value} '{entry.slug}' exists.", code="duplicate_slug")

    async def unknown(self, kind: TaxonomyKind, slugs: Sequence[str]) -> list[str]:
        row = _TAXONOMY[kind]
        known = set(await self._s.scalars(select(row.slug).where(row.slug.in_(list(slugs)))))
        return [s for s in dict.fromkeys(slugs) if s not in known]


# Tools with everything the domain object needs, in one statement; callers append a WHERE
# clause of their own (constants, never user input).
_TOOL_COLUMNS = """
SELECT t.id, t.slug, t.title, t.summary, t.listed, t.created_at, t.updated_at,
       t.active_version_id, t.ever_published, av.number AS active_version_number,
       ARRAY(SELECT tp.profession_slug FROM tool_professions tp
             WHERE tp.tool_id = t.id ORDER BY tp.profession_slug) AS professions,
       ARRAY(SELECT tc.category_slug FROM tool_categories tc
             WHERE tc.tool_id = t.id ORDER BY tc.category_slug) AS categories"""
_TOOL_FROM = """
FROM tools t
LEFT JOIN tool_versions av ON av.id = t.active_version_id
"""
_TOOL_SELECT = _TOOL_COLUMNS + _TOOL_FROM


# A null :maintainer_id means every tool (admins).
_MAINTAINED_BY = """
WHERE CAST(:maintainer_id AS uuid) IS NULL OR EXISTS (
    SELECT 1 FROM tool_maintainers m WHERE m.tool_id = t.id AND m.user_id = :maintainer_id)
"""
_AUTHORING_COUNT = text("SELECT count(*) FROM tools t " + _MAINTAINED_BY)  # noqa: S608 - constants
# Each tool with its newest version, whatever its state.
_AUTHORING_PAGE = text(
    "SELECT base.*, head.number AS head_number, head.state AS head_state "  # noqa: S608 - constants
    "FROM (" + _TOOL_SELECT + _MAINTAINED_BY + ") base "
    "LEFT JOIN LATERAL (SELECT v.number, v.state FROM tool_versions v "
    "WHERE v.tool_id = base.id ORDER BY v.number DESC LIMIT 1) head ON true "
    "ORDER BY base.updated_at DESC, base.slug LIMIT :limit OFFSET :offset"
)


def _tool(row: Any) -> Tool:
    return Tool(
        id=row.id,
        slug=row.slug,
        title=row.title,
        summary=row.summary,
        professions=tuple(row.professions),
        categories=tuple(row.categories),
        listed=row.listed,
        created_at=row.created_at,
        updated_at=row.updated_at,
        active_version_id=row.active_version_id,
        active_version_number=row.active_version_number,
        ever_published=row.ever_published,
    )


CATALOG_VERSION = text("SELECT n FROM catalog_version")


IS_MAINTAINER = select(ToolMaintainerRow.user_id).where(
    ToolMaintainerRow.tool_id == bindparam("tool_id"),
    ToolMaintainerRow.user_id == bindparam("user_id"),
)

# Starting a run (runnable_tool): the tool, whether the caller maintains it and its active
# version's manifest in one statement, on the read pool (not the version's files: the worker
# reads those).
_TOOL_TO_RUN = text(
    _TOOL_COLUMNS  # noqa: S608 - constants
    + """,
       EXISTS (SELECT 1 FROM tool_maintainers m
               WHERE m.tool_id = t.id AND m.user_id = :user_id) AS is_maintainer,
       av.manifest AS active_manifest"""
    + _TOOL_FROM
    + "WHERE t.slug = :slug"
)


class ReadPoolToolsToRun:
    def __init__(self, reads: ReadPool) -> None:
        self._reads = reads

    async def to_run(self, slug: str, user_id: UUID) -> ToolToRun | None:
        row = (await self._reads.execute(_TOOL_TO_RUN, {"slug": slug, "user_id": user_id})).first()
        if row is None:
            return None
        return ToolToRun(_tool(row), row.is_maintainer, row.active_manifest)


class SqlToolRepository:
    """`reads`: the catalog search runs on the autocommit read pool (see read_pool.py)."""

    def __init__(self, session: AsyncSession, reads: ReadPool | None = None) -> None:
        self._s = session
        self._reads = reads

    async def get_by_slug(self, slug: str, *, for_update: bool = False) -> Tool | None:
        if for_update:
            # Lock the tool row alone (not the joined version) until the transaction ends.
            locked = await self._s.scalar(
                select(ToolRow.id).where(ToolRow.slug == slug).with_for_update()
            )
            if locked is None:
                return None
        row = (
            await self._s.execute(text(_TOOL_SELECT + "WHERE t.slug = :slug"), {"slug": slug})
        ).first()
        return _tool(row) if row else None

    async def add(self, tool: Tool) -> None:
        try:
            await self._s.execute(
                insert(ToolRow).values(
                    id=tool.id,
                    slug=tool.slug,
                    title=tool.title,
                    summary=tool.summary,
                    listed=tool.listed,
                    created_at=tool.created_at,
                    updated_at=tool.updated_at,
                    active_version_id=tool.active_version_id,
                    ever_published=tool.ever_published,
                    search_usage="",
                )
            )
        except IntegrityError as exc:
            raise self._conflict(exc, tool.slug) from exc
        await self._set_taxonomy(tool)

    async def update(self, tool: Tool, *, search_usage: str | None = None) -> None:
        values: dict[str, Any] = {
            "slug": tool.slug,
            "title": tool.title,
            "summary": tool.summary,
            "listed": tool.listed,
            "updated_at": tool.updated_at,
            "active_version_id": tool.active_version_id,
            "ever_published": tool.ever_published,
        }
        if search_usage is not None:
            values["search_usage"] = search_usage
        try:
            await self._s.execute(update(ToolRow).where(ToolRow.id == tool.id).values(**values))
        except IntegrityError as exc:
            raise self._conflict(exc, tool.slug) from exc
        await self._set_taxonomy(tool)

    @staticmethod
    def _conflict(exc: IntegrityError, slug: str) -> Exception:
        if _is_unique_violation(exc, "uq_tools_slug"):
            return Conflict(f"The slug '{slug}' is taken.", code="duplicate_slug")
        return Conflict()

    async def _set_taxonomy(self, tool: Tool) -> None:
        await self._s.execute(delete(ToolProfessionRow).where(ToolProfessionRow.tool_id == tool.id))
        await self._s.execute(delete(ToolCategoryRow).where(ToolCategoryRow.tool_id == tool.id))
        if tool.professions:
            await self._s.execute(
                insert(ToolProfessionRow),
                [{"tool_id": tool.id, "profession_slug": s} for s in tool.professions],
            )
        if tool.categories:
            await self._s.execute(
                insert(ToolCategoryRow),
                [{"tool_id": tool.id, "category_slug": s} for s in tool.categories],
            )

    async def is_maintainer(self, tool_id: UUID, user_id: UUID) -> bool:
        """On the read pool when there is one: no use case adds a maintainer and asks in the
        same unit of work."""
        read = self._reads.execute if self._reads is not None else self._s.execute
        found = (await read(IS_MAINTAINER, {"tool_id": tool_id, "user_id": user_id})).first()
        return found is not None

    async def maintainers(self, tool_id: UUID) -> list[User]:
        rows = await self._s.scalars(
            select(UserRow)
            .join(ToolMaintainerRow, ToolMaintainerRow.user_id == UserRow.id)
            .where(ToolMaintainerRow.tool_id == tool_id)
            .order_by(UserRow.display_name, UserRow.email)
        )
        return [r.to_domain() for r in rows]

    async def add_maintainer(self, tool_id: UUID, user_id: UUID, at: datetime) -> bool:
        added = await self._s.scalar(
            pg_insert(ToolMaintainerRow)
            .values(tool_id=tool_id, user_id=user_id, added_at=at)
            .on_conflict_do_nothing()
            .returning(ToolMaintainerRow.user_id)
        )
        return added is not None

    async def remove_maintainer(self, tool_id: UUID, user_id: UUID) -> bool:
        removed = await self._s.scalar(
            delete(ToolMaintainerRow)
            .where(ToolMaintainerRow.tool_id == tool_id, ToolMaintainerRow.user_id == user_id)
            .returning(ToolMaintainerRow.user_id)
        )
        return removed is not None

    async def list_for_authoring(
        self, maintainer_id: UUID | None, *, limit: int, offset: int
    ) -> Page[AuthoringEntry]:
        params: dict[str, Any] = {"maintainer_id": maintainer_id, "limit": limit, "offset": offset}
        total = await self._s.scalar(_AUTHORING_COUNT, params)
        rows = await self._s.execute(_AUTHORING_PAGE, params)
        items = [
            AuthoringEntry(
                tool=_tool(r),
                head_number=r.head_number,
                head_state=VersionState(r.head_state) if r.head_state else None,
            )
            for r in rows
        ]
        return Page(items=items, total=int(total or 0), limit=limit, offset=offset)

    async def search_catalog(self, query: CatalogQuery, user_id: UUID) -> Page[ToolSummary]:
        return await search_catalog(self._reads or self._s, query, user_id)

    async def catalog_version(self) -> int | None:
        """Set by triggers on every table the catalog search reads (migration 0042)."""
        read = self._reads.execute if self._reads is not None else self._s.execute
        row = (await read(CATALOG_VERSION, {})).first()
        return int(row[0]) if row is not None else None

    async def is_favorite(self, tool_id: UUID, user_id: UUID) -> bool:
        found = await self._s.scalar(
            select(FavoriteRow.tool_id).where(
                FavoriteRow.tool_id == tool_id, FavoriteRow.user_id == user_id
            )
        )
        return found is not None

    async def set_favorite(self, tool_id: UUID, user_id: UUID, on: bool, at: datetime) -> None:
        if on:
            await self._s.execute(
                pg_insert(FavoriteRow)
                .values(user_id=user_id, tool_id=tool_id, created_at=at)
                .on_conflict_do_nothing()
            )
        else:
            await self._s.execute(
                delete(FavoriteRow).where(
                    FavoriteRow.tool_id == tool_id, FavoriteRow.user_id == user_id
                )
            )


class SqlVersionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    def _select(self) -> Any:
        return select(ToolVersionRow, UserRow.display_name).join(
            UserRow, UserRow.id == ToolVersionRow.author_id
        )

    async def for_tool(self, tool_id: UUID) -> list[ToolVersion]:
        rows = await self._s.execute(
            self._select()
            .where(ToolVersionRow.tool_id == tool_id)
            .order_by(ToolVersionRow.number.desc())
        )
        return [row.to_domain(name) for row, name in rows]

    async def get(self, tool_id: UUID, number: int) -> ToolVersion | None:
        found = (
            await self._s.execute(
                self._select().where(
                    ToolVersionRow.tool_id == tool_id, ToolVersionRow.number == number
                )
            )
        ).first()
        return found[0].to_domain(found[1]) if found else None

    async def get_by_id(self, version_id: UUID) -> ToolVersion | None:
        found = (
            await self._s.execute(self._select().where(ToolVersionRow.id == version_id))
        ).first()
        return found[0].to_domain(found[1]) if found else None

    async def head_number(self, tool_id: UUID) -> int:
        head = await self._s.scalar(
            select(func.max(ToolVersionRow.number)).where(ToolVersionRow.tool_id == tool_id)
        )
        return int(head or 0)

    async def add(self, version: ToolVersion) -> None:
        try:
            await self._s.execute(
                insert(ToolVersionRow).values(
                    id=version.id,
                    tool_id=version.tool_id,
                    number=version.number,
                    state=version.state.value,
                    manifest=version.manifest,
                    files=version.files,
                    content_hash=version.content_hash,
                    author_id=version.author.id,
                    change_summary=version.change_summary,
                    review_note=version.review_note,
                    created_at=version.created_at,
                    examples=[e.to_json() for e in version.examples],
                    restored_from=version.restored_from,
                )
            )
        except IntegrityError as exc:
            if _is_unique_violation(exc, "uq_tool_versions_tool_id_number"):
                raise Conflict(
                    f"Version {version.number} was saved by someone else a moment ago. "
                    "Reload, merge your changes and save again.",
                    code="version_conflict",
                ) from exc
            raise Conflict() from exc

    async def withdrawn_by_rollback(self, tool_id: UUID, number: int) -> bool:
        restored = aliased(ToolVersionRow)
        found = await self._s.scalar(
            select(
                exists().where(
                    restored.tool_id == tool_id,
                    restored.restored_from < number,
                    restored.number > number,
                )
            )
        )
        return bool(found)

    async def set_state(
        self, version_id: UUID, state: VersionState, *, review_note: str | None = None
    ) -> None:
        values: dict[str, Any] = {"state": state.value}
        if review_note is not None:
            values["review_note"] = review_note
        await self._s.execute(
            update(ToolVersionRow).where(ToolVersionRow.id == version_id).values(**values)
        )

    async def add_example_files(
        self, version_id: UUID, files: Sequence[tuple[str, str, bytes]]
    ) -> None:
        if files:
            await self._s.execute(
                insert(ExampleFileRow),
                [
                    {"version_id": version_id, "case_name": case, "name": name, "content": data}
                    for case, name, data in files
                ],
            )

    async def copy_example_files(self, source_id: UUID, target_id: UUID) -> None:
        await self._s.execute(
            insert(ExampleFileRow).from_select(
                ["version_id", "case_name", "name", "content"],
                select(
                    literal(target_id, ExampleFileRow.version_id.type),
                    ExampleFileRow.case_name,
                    ExampleFileRow.name,
                    ExampleFileRow.content,
                ).where(ExampleFileRow.version_id == source_id),
            )
        )

    async def example_file(self, version_id: UUID, case: str, name: str) -> bytes | None:
        return await self._s.scalar(
            select(ExampleFileRow.content).where(
                ExampleFileRow.version_id == version_id,
                ExampleFileRow.case_name == case,
                ExampleFileRow.name == name,
            )
        )


class SqlSuggestionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    def _select(self) -> Any:
        return (
            select(SuggestionRow, UserRow.display_name, ToolRow.slug)
            .join(UserRow, UserRow.id == SuggestionRow.proposer_id)
            .outerjoin(ToolRow, ToolRow.id == SuggestionRow.tool_id)
        )

    @staticmethod
    def _domain(row: SuggestionRow, name: str, slug: str | None) -> Suggestion:
        return Suggestion(
            id=row.id,
            proposer=Author(row.proposer_id, name),
            title=row.title,
            description=row.description,
            status=SuggestionStatus(row.status),
            created_at=row.created_at,
            decision_reason=row.decision_reason,
            decided_by=row.decided_by,
            decided_at=row.decided_at,
            tool_slug=slug,
        )

    async def add(self, suggestion: Suggestion) -> None:
        await self._s.execute(
            insert(SuggestionRow).values(
                id=suggestion.id,
                proposer_id=suggestion.proposer.id,
                title=suggestion.title,
                description=suggestion.description,
                status=suggestion.status.value,
                created_at=suggestion.created_at,
            )
        )

    async def get(self, suggestion_id: UUID, *, for_update: bool = False) -> Suggestion | None:
        if for_update:
            await self._s.execute(
                select(SuggestionRow.id).where(SuggestionRow.id == suggestion_id).with_for_update()
            )
        found = (
            await self._s.execute(self._select().where(SuggestionRow.id == suggestion_id))
        ).first()
        return self._domain(*found) if found else None

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
        await self._s.execute(
            update(SuggestionRow)
            .where(SuggestionRow.id == suggestion_id)
            .values(
                status=status.value,
                decided_by=decided_by,
                decided_at=decided_at,
                decision_reason=reason,
                tool_id=tool_id,
            )
        )

    async def search(
        self, proposer_id: UUID | None, *, status: SuggestionStatus | None, limit: int, offset: int
    ) -> tuple[list[Suggestion], int]:
        stmt = self._select()
        count = select(func.count()).select_from(SuggestionRow)
        if proposer_id is not None:
            stmt = stmt.where(SuggestionRow.proposer_id == proposer_id)
            count = count.where(SuggestionRow.proposer_id == proposer_id)
        if status is not None:
            stmt = stmt.where(SuggestionRow.status == status.value)
            count = count.where(SuggestionRow.status == status.value)
        total = await self._s.scalar(count) or 0
        rows = await self._s.execute(
            stmt.order_by(SuggestionRow.created_at.desc(), SuggestionRow.id)
            .limit(limit)
            .offset(offset)
        )
        return [self._domain(*r) for r in rows], total
