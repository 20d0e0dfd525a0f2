"""One contract for the catalog's and the runs' ports, run against the SQL repositories and
the in-memory fakes (tests/fakes), as test_identity_repositories.py does for identity.

The unit tests of the use cases run on the fakes; where a fake and PostgreSQL disagree those
tests stop meaning anything, and this suite fails first.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from skriptoteket.application.runs.stored_request import stored_request
from skriptoteket.domain.catalog import (
    Author,
    Suggestion,
    SuggestionStatus,
    TaxonomyEntry,
    TaxonomyKind,
    Tool,
    ToolToRun,
    ToolVersion,
    VersionState,
)
from skriptoteket.domain.errors import Conflict
from skriptoteket.domain.examples import NewExample
from skriptoteket.domain.runs import (
    NewRun,
    NewToolSession,
    RunEnv,
    RunMode,
    RunStatus,
    ToolSessionFile,
)
from skriptoteket.domain.users import Role, User
from skriptoteket.infrastructure.db.catalog import (
    ReadPoolToolsToRun,
    SqlSuggestionRepository,
    SqlTaxonomyRepository,
    SqlToolRepository,
    SqlVersionRepository,
)
from skriptoteket.infrastructure.db.engine import make_engine, make_session_factory
from skriptoteket.infrastructure.db.identity import SqlUserRepository
from skriptoteket.infrastructure.db.read_pool import ReadPool, libpq_conninfo
from skriptoteket.infrastructure.db.runs import SqlRunQueue
from skriptoteket.infrastructure.db.session_starts import SqlSessionStarts
from skriptoteket.infrastructure.db.tool_sessions import (
    ReadPoolSavedSettings,
    SqlRunReads,
    SqlToolSessionRepository,
    SqlToolSettingsRepository,
)
from skriptoteket.infrastructure.db.uow import SqlAlchemyUnitOfWork
from skriptoteket.protocols.catalog import (
    SuggestionRepository,
    TaxonomyRepository,
    ToolRepository,
    ToolsToRun,
    VersionRepository,
)
from skriptoteket.protocols.identity import UserRepository
from skriptoteket.protocols.queue import RunQueue
from skriptoteket.protocols.runs import (
    RunReads,
    SavedSettings,
    SessionStarts,
    ToolSessionRepository,
    ToolSettingsRepository,
)
from skriptoteket.protocols.uow import UnitOfWork
from tests.fakes.runs import FakeRuns
from tests.queue_support import a_run_request

# The fakes' clock starts here; the SQL repositories read the real one, so expiries are far out.
NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
LATER = datetime.now(UTC) + timedelta(days=3650)


@dataclass
class Ports:
    uow: UnitOfWork
    users: UserRepository
    taxonomy: TaxonomyRepository
    tools: ToolRepository
    versions: VersionRepository
    suggestions: SuggestionRepository
    tool_sessions: ToolSessionRepository
    tool_settings: ToolSettingsRepository
    queue: RunQueue
    reads: RunReads
    starts: SessionStarts
    to_run: ToolsToRun
    saved_settings: SavedSettings


@pytest.fixture(params=["fake", "sql"])
async def ports(request: pytest.FixtureRequest, db: str) -> AsyncIterator[Ports]:
    if request.param == "fake":
        f = FakeRuns()
        yield Ports(
            f.uow,
            f.users,
            f.taxonomy,
            f.tools,
            f.versions,
            f.suggestions,
            f.tool_sessions,
            f.tool_settings,
            f.queue,
            f.reads,
            f.starts,
            f.tools,
            f.tool_settings,
        )
        return
    url = make_url(db).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    engine = make_engine(url, pool_size=2)
    pool = ReadPool(libpq_conninfo(db), 2)
    async with make_session_factory(engine)() as s:
        yield Ports(
            SqlAlchemyUnitOfWork(s),
            SqlUserRepository(s),
            SqlTaxonomyRepository(s),
            SqlToolRepository(s),
            SqlVersionRepository(s),
            SqlSuggestionRepository(s),
            SqlToolSessionRepository(s),
            SqlToolSettingsRepository(s),
            SqlRunQueue(s),
            SqlRunReads(s),
            SqlSessionStarts(pool),
            ReadPoolToolsToRun(pool),
            ReadPoolSavedSettings(pool),
        )
    await pool.close()
    await engine.dispose()


def a_user(role: Role = Role.CONTRIBUTOR) -> User:
    uid = uuid.uuid4()
    return User(uid, f"{uid.hex[:8]}@skola.se", f"Lärare {uid.hex[:4]}", role, True, NOW)


def a_tool(slug: str) -> Tool:
    return Tool(uuid.uuid4(), slug, slug.title(), "", (), (), True, NOW, NOW)


def a_version(tool: Tool, number: int, author: User) -> ToolVersion:
    return ToolVersion(
        id=uuid.uuid4(),
        tool_id=tool.id,
        number=number,
        state=VersionState.DRAFT,
        manifest={"entrypoint": "main.py:run"},
        files={"main.py": "def run(ctx): ...\n"},
        content_hash=f"h{number}",
        author=Author(author.id, author.display_name),
        change_summary=f"v{number}",
        review_note=None,
        created_at=NOW + timedelta(seconds=number),
    )


async def with_tool(ports: Ports, slug: str = "betyg") -> tuple[User, Tool]:
    author, tool = a_user(), a_tool(slug)
    async with ports.uow:
        await ports.users.add(author, "h")
        await ports.tools.add(tool)
        await ports.uow.commit()
    return author, tool


def a_sandbox_run(owner: User, tool: Tool, session_id: uuid.UUID | None = None) -> NewRun:
    """A maintainer's run of the tool's working copy (no version) in the sandbox."""
    return NewRun(
        id=uuid.uuid4(),
        user_id=owner.id,
        tool_id=tool.id,
        tool_version_id=None,
        tool_slug=tool.slug,
        version_number=None,
        mode=RunMode.INITIAL,
        env=RunEnv.SANDBOX,
        request=stored_request(payload=a_run_request(), files={"main.py": "x"}),
        session_id=session_id,
    )


# --- catalog -------------------------------------------------------------------------------


async def test_slugs_are_unique_and_a_block_without_commit_keeps_no_tool(ports: Ports) -> None:
    _, tool = await with_tool(ports)
    async with ports.uow:
        await ports.tools.add(a_tool("utkast"))  # never committed
    async with ports.uow:
        assert await ports.tools.get_by_slug("utkast") is None
        assert await ports.tools.get_by_slug("betyg") == tool
        with pytest.raises(Conflict):
            await ports.tools.add(a_tool("betyg"))


async def test_maintainers_are_added_once_and_removed(ports: Ports) -> None:
    author, tool = await with_tool(ports)
    async with ports.uow:
        assert await ports.tools.add_maintainer(tool.id, author.id, NOW) is True
        assert await ports.tools.add_maintainer(tool.id, author.id, NOW) is False
        assert await ports.tools.is_maintainer(tool.id, author.id)
        assert [u.id for u in await ports.tools.maintainers(tool.id)] == [author.id]
        assert await ports.tools.remove_maintainer(tool.id, author.id) is True
        assert await ports.tools.remove_maintainer(tool.id, author.id) is False
        assert not await ports.tools.is_maintainer(tool.id, author.id)


async def test_a_tool_to_run_is_read_with_the_callers_maintainership_and_its_manifest(
    ports: Ports,
) -> None:
    author, tool = await with_tool(ports)
    reader = a_user(Role.USER)
    version = dataclasses.replace(
        a_version(tool, 1, author),
        state=VersionState.PUBLISHED,
        manifest={"entrypoint": "main.py:run", "inputs": [{"name": "klass", "kind": "string"}]},
    )
    async with ports.uow:
        await ports.users.add(reader, "h")
        await ports.tools.add_maintainer(tool.id, author.id, NOW)
        await ports.uow.commit()
    repo = ports.to_run  # a draft: no manifest, whoever asks
    assert await repo.to_run("saknas", author.id) is None
    assert await repo.to_run(tool.slug, author.id) == ToolToRun(tool, True, None)
    assert await repo.to_run(tool.slug, reader.id) == ToolToRun(tool, False, None)
    async with ports.uow:
        await ports.versions.add(version)
        published = dataclasses.replace(
            tool, active_version_id=version.id, active_version_number=1, ever_published=True
        )
        await ports.tools.update(published)
        await ports.uow.commit()
    assert await repo.to_run(tool.slug, reader.id) == ToolToRun(published, False, version.manifest)
    found = await repo.to_run(tool.slug, author.id)
    assert found is not None and found.is_maintainer


async def test_versions_are_numbered_per_tool_newest_first_and_a_number_is_taken_once(
    ports: Ports,
) -> None:
    author, tool = await with_tool(ports)
    async with ports.uow:
        for number in (1, 2):
            await ports.versions.add(a_version(tool, number, author))
        await ports.uow.commit()
    async with ports.uow:
        assert await ports.versions.head_number(tool.id) == 2
        assert [v.number for v in await ports.versions.for_tool(tool.id)] == [2, 1]
        first = await ports.versions.get(tool.id, 1)
        assert first is not None
        await ports.versions.set_state(first.id, VersionState.IN_REVIEW, review_note="Titta")
        again = await ports.versions.get_by_id(first.id)
        assert again is not None and again.state is VersionState.IN_REVIEW
        assert again.review_note == "Titta"
        with pytest.raises(Conflict):
            await ports.versions.add(a_version(tool, 2, author))


async def test_a_versions_examples_keep_their_bytes_and_copy_to_another_version(
    ports: Ports,
) -> None:
    author, tool = await with_tool(ports)
    example = NewExample("xlsx", {"lista": "a.xlsx"}, [], None, {"a.xlsx": b"PK\x03\x04\xff"})
    first = dataclasses.replace(a_version(tool, 1, author), examples=(example.info(),))
    second = a_version(tool, 2, author)
    async with ports.uow:
        await ports.versions.add(first)
        await ports.versions.add(second)
        await ports.versions.add_example_files(
            first.id, [("xlsx", "a.xlsx", example.files["a.xlsx"])]
        )
        await ports.versions.copy_example_files(first.id, second.id)
        await ports.uow.commit()
    async with ports.uow:
        again = await ports.versions.get_by_id(first.id)
        assert again is not None and again.examples == (example.info(),)
        assert await ports.versions.example_file(second.id, "xlsx", "a.xlsx") == b"PK\x03\x04\xff"
        assert await ports.versions.example_file(second.id, "xlsx", "b.xlsx") is None


async def test_a_rollback_withdraws_the_versions_between_it_and_what_it_restored(
    ports: Ports,
) -> None:
    author, tool = await with_tool(ports)
    async with ports.uow:
        for number in (1, 2, 3):
            await ports.versions.add(a_version(tool, number, author))
        restore = dataclasses.replace(a_version(tool, 4, author), restored_from=2)
        await ports.versions.add(restore)
        await ports.uow.commit()
    async with ports.uow:
        assert (await ports.versions.get(tool.id, 4)) == restore
        withdrawn = [
            n for n in (1, 2, 3, 4) if await ports.versions.withdrawn_by_rollback(tool.id, n)
        ]
        assert withdrawn == [3]


async def test_unknown_taxonomy_slugs_are_named_once_in_order(ports: Ports) -> None:
    async with ports.uow:
        await ports.taxonomy.add(TaxonomyKind.PROFESSION, TaxonomyEntry("kurator", "Kurator"), NOW)
        await ports.uow.commit()
    async with ports.uow:
        unknown = await ports.taxonomy.unknown(
            TaxonomyKind.PROFESSION, ["kurator", "rektor", "vakt", "rektor"]
        )
        assert unknown == ["rektor", "vakt"]
        with pytest.raises(Conflict):
            await ports.taxonomy.add(
                TaxonomyKind.PROFESSION, TaxonomyEntry("kurator", "Kurator"), NOW
            )


async def test_suggestions_are_decided_and_found_by_proposer_and_status(ports: Ports) -> None:
    proposer = a_user(Role.USER)
    ideas = [
        Suggestion(
            id=uuid.uuid4(),
            proposer=Author(proposer.id, proposer.display_name),
            title=f"Idé {i}",
            description="Gör något.",
            status=SuggestionStatus.PENDING,
            created_at=NOW + timedelta(seconds=i),
        )
        for i in range(2)
    ]
    async with ports.uow:
        await ports.users.add(proposer, "h")
        for idea in ideas:
            await ports.suggestions.add(idea)
        await ports.suggestions.decide(
            ideas[0].id,
            status=SuggestionStatus.DECLINED,
            decided_by=proposer.id,
            decided_at=NOW,
            reason="Finns redan.",
            tool_id=None,
        )
        await ports.uow.commit()
    async with ports.uow:
        declined = await ports.suggestions.get(ideas[0].id)
        assert declined is not None and declined.status is SuggestionStatus.DECLINED
        assert declined.decision_reason == "Finns redan."
        found, total = await ports.suggestions.search(
            proposer.id, status=SuggestionStatus.PENDING, limit=10, offset=0
        )
        assert ([s.id for s in found], total) == ([ideas[1].id], 1)


# --- runs ----------------------------------------------------------------------------------


def a_file(name: str) -> ToolSessionFile:
    fid = uuid.uuid4()
    return ToolSessionFile(fid, "lista", name, 9, "text/csv", "0" * 64, f"sessions/x/{fid}")


async def test_a_tool_session_keeps_its_inputs_and_files_and_is_shown_to_its_owner(
    ports: Ports,
) -> None:
    owner, tool = await with_tool(ports)
    session_id = uuid.uuid4()
    files = [a_file("7A.csv"), a_file("7B.csv")]
    run = a_sandbox_run(owner, tool, session_id)
    session = NewToolSession(
        session_id, tool.id, None, owner.id, RunEnv.SANDBOX, {"klass": "7A"}, LATER
    )
    assert await ports.starts.start(session, files[:1], run, max_attempts=2, queued_cap=1)
    async with ports.uow:  # an action's files join the session
        await ports.tool_sessions.add_files(session_id, files[1:], LATER)
        await ports.uow.commit()
    async with ports.uow:
        record = await ports.tool_sessions.get(session_id, for_update=True)
        view = await ports.tool_sessions.get_view(session_id)
        assert await ports.tool_sessions.get(uuid.uuid4()) is None
    assert record is not None and view is not None
    assert (record.tool_slug, record.user_id, record.state_rev) == ("betyg", owner.id, 0)
    assert record.inputs == {"klass": "7A"} and record.env is RunEnv.SANDBOX
    assert sorted(f.name for f in record.files) == ["7A.csv", "7B.csv"]
    assert sorted(record.files, key=lambda f: f.name) == files
    # a session's last run is the last that succeeded (FINISH sets it), not one still queued
    assert (view.tool_title, view.status.value, view.last_run_id) == ("Betyg", "active", None)
    assert sorted(f.name for f in view.files) == ["7A.csv", "7B.csv"]


async def test_the_queue_says_when_a_run_was_queued_and_how_many_are_ahead(ports: Ports) -> None:
    owner, tool = await with_tool(ports)
    runs = [a_sandbox_run(owner, tool) for _ in range(2)]
    queued = []
    for run in runs:
        async with ports.uow:
            added = await ports.queue.add(run, 2, 2)
            assert added is not None
            queued.append(added)
            await ports.uow.commit()
    assert [q.position for q in queued] == [0, 1]
    async with ports.uow:
        view = await ports.reads.get_view(runs[1].id)
    assert view is not None and view.queued_at == queued[1].queued_at


async def test_a_run_is_read_with_whether_the_viewer_maintains_its_tool(
    ports: Ports, db: str
) -> None:
    owner, tool = await with_tool(ports)
    other = a_user()
    run = a_sandbox_run(owner, tool)
    async with ports.uow:
        await ports.users.add(other, "h")
        assert await ports.queue.add(run, 2, 1) is not None
        await ports.tools.add_maintainer(tool.id, owner.id, NOW)
        await ports.uow.commit()
    readers = [ports.reads]
    pool = None
    if isinstance(ports.reads, SqlRunReads):  # and the one statement on the read pool
        pool = ReadPool(libpq_conninfo(db), 2)
        readers.append(SqlRunReads(ports.reads._s, pool))
    try:
        for reads in readers:
            async with ports.uow:
                assert await reads.get_visible(uuid.uuid4(), owner.id) is None
                mine = await reads.get_visible(run.id, owner.id)
                theirs = await reads.get_visible(run.id, other.id)
            assert mine is not None and theirs is not None
            assert (mine[0].id, mine[0].tool_title, mine[1]) == (run.id, tool.title, True)
            assert theirs[1] is False and theirs[0].status is RunStatus.QUEUED
            if pool is not None:  # the SQL side knows the queue
                assert mine[0].queue_position == theirs[0].queue_position is not None
                assert mine[0].artifacts == []
    finally:
        if pool is not None:
            await pool.close()


async def test_a_queued_run_counts_against_its_users_cap_and_a_cancel_ends_it(
    ports: Ports,
) -> None:
    owner, tool = await with_tool(ports)
    session_id = uuid.uuid4()
    run, second = a_sandbox_run(owner, tool, session_id), a_sandbox_run(owner, tool)
    session = NewToolSession(session_id, tool.id, None, owner.id, RunEnv.SANDBOX, {}, LATER)
    assert await ports.starts.start(session, [], run, max_attempts=2, queued_cap=1) is not None
    async with ports.uow:
        assert await ports.queue.add(second, 2, 1) is None  # at the cap: nothing is added
        assert await ports.queue.get(second.id) is None
        assert await ports.tool_sessions.has_active_run(session_id)
        ref = await ports.queue.get(run.id)
        assert ref is not None and (ref.user_id, ref.status) == (owner.id, RunStatus.QUEUED)
        view = await ports.reads.get_view(run.id)
        assert view is not None
        assert (view.tool_title, view.status, view.session_id) == (
            "Betyg",
            RunStatus.QUEUED,
            session_id,
        )
        outcome = await ports.queue.cancel(run.id)
        await ports.uow.commit()
    assert (outcome.cancelled_now, outcome.kill_requested) == (True, False)
    async with ports.uow:
        assert not await ports.tool_sessions.has_active_run(session_id)
        assert await ports.queue.add(second, 2, 1) is not None  # the cancelled run left room
        await ports.uow.commit()
    async with ports.uow:
        ref = await ports.queue.get(second.id)
        assert ref is not None and ref.status is RunStatus.QUEUED


async def test_a_session_started_at_its_users_cap_writes_nothing(ports: Ports) -> None:
    owner, tool = await with_tool(ports)
    sessions = [
        NewToolSession(uuid.uuid4(), tool.id, None, owner.id, RunEnv.SANDBOX, {}, LATER)
        for _ in range(2)
    ]
    runs = [a_sandbox_run(owner, tool, s.id) for s in sessions]
    assert await ports.starts.start(sessions[0], [], runs[0], max_attempts=2, queued_cap=1)
    refused = await ports.starts.start(
        sessions[1], [a_file("7A.csv")], runs[1], max_attempts=2, queued_cap=1
    )
    assert refused is None
    async with ports.uow:
        assert await ports.tool_sessions.get(sessions[1].id) is None
        assert await ports.queue.get(runs[1].id) is None
        assert await ports.tool_sessions.get(sessions[0].id) is not None


async def test_saved_tool_settings_are_read_back_per_user_and_tool(ports: Ports) -> None:
    owner, tool = await with_tool(ports)
    assert await ports.saved_settings.get(owner.id, tool.id) is None
    async with ports.uow:
        await ports.tool_settings.put(owner.id, tool.id, {"sort": "namn"}, NOW)
        await ports.tool_settings.put(owner.id, tool.id, {"sort": "klass"}, NOW)
        await ports.uow.commit()
    assert await ports.saved_settings.get(owner.id, tool.id) == {"sort": "klass"}
