"""Catalog repositories and handlers against a real PostgreSQL: the rules the database keeps,
under real concurrency (separate connections, interleaved on purpose)."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import svcs
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.application.catalog.review import PublishVersion, SubmitVersion
from skriptoteket.application.catalog.versions import NewVersion, SaveVersion
from skriptoteket.bootstrap import build_registry
from skriptoteket.domain.catalog import (
    Author,
    CatalogQuery,
    TaxonomyKind,
    Tool,
    ToolVersion,
    VersionState,
)
from skriptoteket.domain.errors import Conflict
from skriptoteket.domain.users import AuthMethod, Principal, Role, User
from skriptoteket.infrastructure.db.catalog import (
    SqlTaxonomyRepository,
    SqlToolRepository,
    SqlVersionRepository,
)
from skriptoteket.infrastructure.settings import Settings
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.uow import UnitOfWork
from tests.builders import make_user
from tests.catalog_builders import MAIN_PY, manifest


@pytest.fixture
async def registry(db: str) -> AsyncIterator[svcs.Registry]:
    registry = build_registry(Settings(database_url=db, log_json=False))
    yield registry
    await registry.aclose()


def principal_for(db: str, role: str) -> Principal:
    test_user = make_user(db, role=role)
    user = User(
        id=test_user.id,
        email=test_user.email,
        display_name=test_user.email,
        role=Role(role),
        is_active=True,
        created_at=datetime.now(UTC),
    )
    return Principal(user=user, method=AuthMethod.SESSION)


async def new_tool(registry: svcs.Registry, slug: str, maintainer: Principal) -> Tool:
    async with svcs.Container(registry) as c:
        uow, tools = await c.aget_abstract(UnitOfWork, ToolRepository)
        now = datetime.now(UTC)
        tool = Tool(uuid.uuid4(), slug, slug.title(), "", ("larare",), ("analys",), True, now, now)
        async with uow:
            await tools.add(tool)
            await tools.add_maintainer(tool.id, maintainer.id, now)
            await uow.commit()
        return tool


def content(base: int, marker: str) -> NewVersion:
    return NewVersion(base, manifest(), {"main.py": f"# {marker}\n" + MAIN_PY}, marker)


class MeetBeforeInsert:
    """A VersionRepository that holds each insert until both savers got there: both have
    read the same head, so only the database's unique index can decide between them."""

    def __init__(self, inner: VersionRepository, barrier: asyncio.Barrier) -> None:
        self._inner = inner
        self._barrier = barrier

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    async def add(self, version: ToolVersion) -> None:
        await self._barrier.wait()
        await self._inner.add(version)


async def test_of_two_concurrent_saves_on_the_same_base_exactly_one_wins(
    registry: svcs.Registry, db: str
) -> None:
    author = principal_for(db, "contributor")
    tool = await new_tool(registry, "samtidigt", author)
    barrier = asyncio.Barrier(2)

    async def save(marker: str) -> ToolVersion | Conflict:
        async with svcs.Container(registry) as c:
            save = await c.aget(SaveVersion)
            racing = dataclasses.replace(save, versions=MeetBeforeInsert(save.versions, barrier))
            try:
                return await racing(author, tool.slug, content(0, marker))
            except Conflict as conflict:
                return conflict

    outcomes = await asyncio.wait_for(asyncio.gather(save("a"), save("b")), timeout=30)
    saved = [o for o in outcomes if isinstance(o, ToolVersion)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(saved) == 1 and len(refused) == 1
    assert refused[0].code == "version_conflict"
    assert "someone else" in refused[0].message  # decided by the unique index, not the check
    async with svcs.Container(registry) as c:
        versions = await (await c.aget_abstract(VersionRepository)).for_tool(tool.id)
    assert [(v.number, v.change_summary) for v in versions] == [(1, saved[0].change_summary)]


async def test_many_concurrent_saves_leave_contiguous_numbers(
    registry: svcs.Registry, db: str
) -> None:
    author = principal_for(db, "contributor")
    tool = await new_tool(registry, "trangsel", author)

    async def save_until_it_sticks(marker: str) -> int:
        for _ in range(50):
            async with svcs.Container(registry) as c:
                uow, versions = await c.aget_abstract(UnitOfWork, VersionRepository)
                async with uow:
                    head = await versions.head_number(tool.id)
                try:
                    saved = await (await c.aget(SaveVersion))(
                        author, tool.slug, content(head, marker)
                    )
                except Conflict:
                    continue
                return saved.number
        raise AssertionError("never saved")

    numbers = await asyncio.gather(*(save_until_it_sticks(f"m{i}") for i in range(6)))
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


async def test_concurrent_publishes_leave_exactly_one_published_version(
    registry: svcs.Registry, db: str
) -> None:
    author = principal_for(db, "contributor")
    admins = [principal_for(db, "admin"), principal_for(db, "admin")]
    tool = await new_tool(registry, "publicera", author)
    for number in (1, 2):
        async with svcs.Container(registry) as c:
            save, submit = await c.aget(SaveVersion, SubmitVersion)
            await save(author, tool.slug, content(number - 1, str(number)))
            await submit(author, tool.slug, number)

    async def publish(admin: Principal, number: int) -> None:
        async with svcs.Container(registry) as c:
            await (await c.aget(PublishVersion))(admin, tool.slug, number)

    await asyncio.gather(publish(admins[0], 1), publish(admins[1], 2))
    async with svcs.Container(registry) as c:
        uow, version_repo, tools = await c.aget_abstract(
            UnitOfWork, VersionRepository, ToolRepository
        )
        versions = await version_repo.for_tool(tool.id)
        async with uow:
            current = await tools.get_by_slug(tool.slug)
    published = [v for v in versions if v.state is VersionState.PUBLISHED]
    archived = [v for v in versions if v.state is VersionState.ARCHIVED]
    assert len(published) == 1 and len(archived) == 1
    assert current is not None and current.active_version_id == published[0].id


def published(tool: Tool, number: int, author: Principal) -> ToolVersion:
    return ToolVersion(
        id=uuid.uuid4(),
        tool_id=tool.id,
        number=number,
        state=VersionState.PUBLISHED,
        manifest=manifest(),
        files={"main.py": MAIN_PY},
        content_hash="h",
        author=Author(author.id, "a"),
        change_summary="",
        review_note=None,
        created_at=datetime.now(UTC),
    )


async def test_the_database_refuses_a_second_published_version(
    registry: svcs.Registry, db: str
) -> None:
    author = principal_for(db, "contributor")
    tool = await new_tool(registry, "tva", author)
    async with svcs.Container(registry) as c:
        session = await c.aget(AsyncSession)
        versions = SqlVersionRepository(session)
        await versions.add(published(tool, 1, author))
        with pytest.raises(Conflict) as refused:
            await versions.add(published(tool, 2, author))
        assert refused.value.code == "conflict"
        await session.rollback()


async def test_tools_round_trip_with_taxonomy_and_maintainers(
    registry: svcs.Registry, db: str
) -> None:
    author = principal_for(db, "contributor")
    tool = await new_tool(registry, "rundtur", author)
    async with svcs.Container(registry) as c:
        session = await c.aget(AsyncSession)
        tools = SqlToolRepository(session)
        loaded = await tools.get_by_slug("rundtur", for_update=True)
        assert loaded is not None
        assert (loaded.professions, loaded.categories) == (("larare",), ("analys",))
        assert loaded.active_version_id is None and not loaded.ever_published
        changed = dataclasses.replace(loaded, professions=("elevhalsa", "larare"), categories=())
        await tools.update(changed)
        again = await tools.get_by_slug("rundtur")
        assert again is not None
        assert (again.professions, again.categories) == (("elevhalsa", "larare"), ())
        assert [u.id for u in await tools.maintainers(tool.id)] == [author.id]
        assert await tools.add_maintainer(tool.id, author.id, datetime.now(UTC)) is False
        assert await tools.remove_maintainer(tool.id, author.id) is True
        assert await tools.remove_maintainer(tool.id, author.id) is False
        await session.commit()


async def test_taxonomy_reports_unknown_slugs_and_refuses_duplicates(
    registry: svcs.Registry,
) -> None:
    async with svcs.Container(registry) as c:
        session = await c.aget(AsyncSession)
        taxonomy = SqlTaxonomyRepository(session)
        unknown = await taxonomy.unknown(TaxonomyKind.CATEGORY, ["analys", "x", "analys", "y"])
        assert unknown == ["x", "y"]
        existing = (await taxonomy.entries(TaxonomyKind.CATEGORY))[0]
        with pytest.raises(Conflict) as refused:
            await taxonomy.add(TaxonomyKind.CATEGORY, existing, datetime.now(UTC))
        assert refused.value.code == "duplicate_slug"
        await session.rollback()


async def test_an_empty_catalog_search_page_still_counts(registry: svcs.Registry, db: str) -> None:
    async with svcs.Container(registry) as c:
        tools = SqlToolRepository(await c.aget(AsyncSession))
        page = await tools.search_catalog(CatalogQuery(q="och", offset=5), uuid.uuid4())
        assert page.items == [] and page.total == 0
