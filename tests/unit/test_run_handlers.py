"""StartRun and StartAction (and the turn they queue) on the fakes: what a first run and an
action write, and that a refused one writes nothing."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from skriptoteket.application.runs.run_target import RunTarget, sandbox_target
from skriptoteket.application.runs.start_run import PrepareRun, PrepareSandbox, StartRun
from skriptoteket.application.runs.stored_request import StoredRequest
from skriptoteket.application.runs.tool_sessions import StartAction
from skriptoteket.application.runs.uploads import Upload
from skriptoteket.contract import DEFAULT_LIMITS, configure_limits
from skriptoteket.domain.catalog import Author, Tool, ToolVersion, VersionState
from skriptoteket.domain.errors import Conflict, InvalidInput, NotFound, RateLimited
from skriptoteket.domain.runs import RunEnv, RunMode, RunStatus, ToolSessionFile
from skriptoteket.domain.users import AuthMethod, Principal, Role
from tests.catalog_builders import MAIN_PY, manifest
from tests.fakes.catalog import make_domain_user
from tests.fakes.runs import FakeRuns

FORM = manifest(
    inputs=[
        {"name": "klass", "kind": "string", "label": "Klass", "required": True},
        {"name": "lista", "kind": "file", "label": "Lista", "accept": [".csv"]},
    ],
    limits={"timeout_s": 999},  # more than allowed: clamped to max_timeout_s
)
NEXT = {
    "id": "sortera",
    "label": "Sortera",
    "fields": [
        {
            "name": "ordning",
            "kind": "enum",
            "label": "Ordning",
            "options": [{"value": "namn", "label": "Namn"}, {"value": "klass", "label": "Klass"}],
        },
        {"name": "lista", "kind": "file", "label": "Fler listor", "accept": [".csv"]},
    ],
}


def published(runs: FakeRuns) -> Tool:
    author = runs.add_user(make_domain_user(Role.CONTRIBUTOR))
    tool = Tool(uuid.uuid4(), "sortera", "Sortera", "", (), (), True, runs.clock.at, runs.clock.at)
    version = ToolVersion(
        id=uuid.uuid4(),
        tool_id=tool.id,
        number=1,
        state=VersionState.PUBLISHED,
        manifest=FORM,
        files={"main.py": MAIN_PY},
        content_hash="h",
        author=Author(author.id, author.display_name),
        change_summary="",
        review_note=None,
        created_at=runs.clock.at,
    )
    runs.db.versions[version.id] = version
    tool = dataclasses.replace(
        tool, active_version_id=version.id, active_version_number=1, ever_published=True
    )
    runs.db.tools[tool.id] = tool
    return tool


def teacher(runs: FakeRuns) -> Principal:
    return Principal(user=runs.add_user(make_domain_user(Role.USER)), method=AuthMethod.TOKEN)


def upload(*names: str) -> Upload:
    files = []
    for name in names:
        fid = uuid.uuid4()
        files.append(ToolSessionFile(fid, "lista", name, 9, "text/csv", "0" * 64, f"k/{fid}"))
    return Upload(files=files, heads={f.name: b"Namn\nAda\n" for f in files})


async def first_run(runs: FakeRuns, me: Principal, *names: str) -> tuple[RunTarget, uuid.UUID]:
    target = await runs.build(PrepareRun)(me, "sortera")
    session_id = uuid.uuid4()
    await runs.build(StartRun)(me, target, {"klass": "7A"}, upload(*names), session_id)
    return target, session_id


async def test_a_first_run_opens_a_session_with_its_files_and_queues_its_stored_request() -> None:
    runs = FakeRuns()
    published(runs)
    me = teacher(runs)
    target = await runs.build(PrepareRun)(me, "sortera")
    files = upload("7A.csv")
    session_id = uuid.uuid4()
    view = await runs.build(StartRun)(me, target, {"klass": "7A"}, files, session_id)

    assert (view.status, view.mode, view.session_id, view.logs) == (
        RunStatus.QUEUED,
        RunMode.INITIAL,
        session_id,
        None,  # the owner does not see internals
    )
    session = runs.db.tool_sessions[session_id]
    assert session.inputs == {"klass": "7A"} and [f for f, _ in session.files] == files.files
    stored = StoredRequest.decode(runs.db.runs[view.id].request)
    assert stored.source.version_id == target.version_id and stored.source.files is None
    assert stored.payload.inputs == {"klass": "7A"}
    assert [(f.name, f.path) for f in stored.payload.files] == [("7A.csv", "/work/input/7A.csv")]
    assert stored.input_keys == {"7A.csv": files.files[0].store_key}
    assert stored.limits.timeout_s == DEFAULT_LIMITS.max_timeout_s
    assert stored.payload.run.deadline_s == DEFAULT_LIMITS.max_timeout_s
    assert stored.session is not None and (stored.session.id, stored.session.base_rev) == (
        session_id,
        0,
    )
    assert runs.uow.commits == 1


def principal(runs: FakeRuns, role: Role) -> Principal:
    return Principal(user=runs.add_user(make_domain_user(role)), method=AuthMethod.SESSION)


async def test_who_may_run_a_tool_unlisted_or_unpublished() -> None:
    runs = FakeRuns()
    tool = published(runs)
    prepare = runs.build(PrepareRun)
    maintainer, admin = principal(runs, Role.CONTRIBUTOR), principal(runs, Role.ADMIN)
    user_maintainer, other = principal(runs, Role.USER), principal(runs, Role.CONTRIBUTOR)
    runs.db.maintainers_of[tool.id] = {maintainer.id, user_maintainer.id}
    with pytest.raises(NotFound):
        await prepare(other, "saknas")
    target = await prepare(other, "sortera")  # listed and published: everyone
    assert (target.tool, target.version_id, target.version_number) == (
        tool,
        tool.active_version_id,
        1,
    )
    assert target.env is RunEnv.PRODUCTION and target.manifest.inputs[0].name == "klass"

    runs.db.tools[tool.id] = dataclasses.replace(tool, listed=False)
    for editor in (maintainer, admin):  # unlisted: its maintainers (contributors) and admins
        assert (await prepare(editor, "sortera")).version_id == tool.active_version_id
    for outsider in (other, user_maintainer):
        with pytest.raises(NotFound):
            await prepare(outsider, "sortera")

    runs.db.tools[tool.id] = dataclasses.replace(
        tool, active_version_id=None, active_version_number=None
    )  # a draft: those who may edit it are sent to the sandbox, the others see nothing
    for editor in (maintainer, admin):
        with pytest.raises(Conflict) as draft:
            await prepare(editor, "sortera")
        assert draft.value.code == "not_published"
    with pytest.raises(NotFound):
        await prepare(other, "sortera")


async def test_invalid_inputs_are_refused_per_field_before_anything_is_written() -> None:
    runs = FakeRuns()
    published(runs)
    me = teacher(runs)
    target = await runs.build(PrepareRun)(me, "sortera")
    with pytest.raises(InvalidInput) as refused:
        await runs.build(StartRun)(me, target, {}, Upload(), uuid.uuid4())
    assert [e.field for e in refused.value.errors] == ["klass"]
    assert runs.db.tool_sessions == {} and runs.db.runs == {}


async def test_a_request_too_large_is_refused_and_its_session_is_rolled_back() -> None:
    runs = FakeRuns(configure_limits({"request_bytes": 200}))
    published(runs)
    me = teacher(runs)
    target = await runs.build(PrepareRun)(me, "sortera")
    with pytest.raises(InvalidInput) as refused:
        await runs.build(StartRun)(me, target, {"klass": "7A"}, upload("7A.csv"), uuid.uuid4())
    assert refused.value.errors[0].code == "too_large"
    # The session was added before the request was built: the rollback takes it away.
    assert runs.db.tool_sessions == {} and runs.db.runs == {}


async def test_a_user_over_the_queued_cap_is_told_to_wait_and_nothing_is_kept() -> None:
    runs = FakeRuns(queued_cap=1)
    published(runs)
    me = teacher(runs)
    await first_run(runs, me)
    with pytest.raises(RateLimited):
        await first_run(runs, me)
    assert len(runs.db.tool_sessions) == 1 and len(runs.db.runs) == 1


async def offer_next_step(runs: FakeRuns, session_id: uuid.UUID) -> None:
    """What the worker does when the first run succeeds: the run ends, the step is offered."""
    session = runs.db.tool_sessions[session_id]
    for run in runs.db.runs.values():
        runs.db.run_status[run.id] = RunStatus.SUCCEEDED
    session.state, session.state_rev, session.pending_actions = {"n": 1}, 1, [NEXT]


async def test_an_action_queues_a_turn_on_the_session_state_with_every_file() -> None:
    runs = FakeRuns()
    published(runs)
    me = teacher(runs)
    target, session_id = await first_run(runs, me, "7A.csv")
    await offer_next_step(runs, session_id)
    more = upload("7B.csv")
    view = await runs.build(StartAction)(me, session_id, "sortera", {"ordning": "namn"}, 1, more)

    assert (view.mode, view.status, view.session_id) == (
        RunMode.ACTION,
        RunStatus.QUEUED,
        session_id,
    )
    stored = StoredRequest.decode(runs.db.runs[view.id].request)
    assert stored.payload.action is not None
    assert (stored.payload.action.id, stored.payload.action.input) == (
        "sortera",
        {"ordning": "namn"},
    )
    assert stored.payload.state == {"n": 1} and stored.payload.inputs == {"klass": "7A"}
    assert [f.name for f in stored.payload.files] == ["7A.csv", "7B.csv"]
    assert list(stored.input_keys) == ["7A.csv", "7B.csv"]
    assert stored.session is not None and stored.session.base_rev == 1
    assert stored.source.version_id == target.version_id
    assert [f.name for f, _ in runs.db.tool_sessions[session_id].files] == ["7A.csv", "7B.csv"]


async def test_an_action_not_offered_a_moved_state_or_a_busy_session_is_a_conflict() -> None:
    runs = FakeRuns()
    published(runs)
    me = teacher(runs)
    _, session_id = await first_run(runs, me)
    start = runs.build(StartAction)
    with pytest.raises(Conflict) as early:  # nothing is offered before the first run ends
        await start(me, session_id, "sortera", {}, 0, Upload())
    assert early.value.code == "stale_action"
    await offer_next_step(runs, session_id)
    with pytest.raises(Conflict) as stale:
        await start(me, session_id, "nej", {}, 1, Upload())
    assert stale.value.code == "stale_action"
    with pytest.raises(Conflict) as moved:
        await start(me, session_id, "sortera", {"ordning": "namn"}, 0, upload("ny.csv"))
    assert moved.value.code == "state_conflict"
    await start(me, session_id, "sortera", {"ordning": "namn"}, 1, Upload())
    with pytest.raises(Conflict) as running:
        await start(me, session_id, "sortera", {"ordning": "klass"}, 1, Upload())
    assert running.value.code == "state_conflict"  # one thing at a time
    assert len(runs.db.runs) == 2
    assert [f.name for f, _ in runs.db.tool_sessions[session_id].files] == []  # refused: none kept


async def test_someone_elses_session_does_not_exist() -> None:
    runs = FakeRuns()
    published(runs)
    owner, stranger = teacher(runs), teacher(runs)
    _, session_id = await first_run(runs, owner)
    await offer_next_step(runs, session_id)
    with pytest.raises(NotFound):
        await runs.build(StartAction)(stranger, session_id, "sortera", {}, 1, Upload())
    assert len(runs.db.runs) == 1


def contributor(runs: FakeRuns, tool: Tool) -> Principal:
    user = runs.add_user(make_domain_user(Role.CONTRIBUTOR))
    runs.db.maintainers_of.setdefault(tool.id, set()).add(user.id)
    return Principal(user=user, method=AuthMethod.TOKEN)


async def test_a_sandbox_session_ends_when_its_user_may_no_longer_edit_the_tool() -> None:
    runs = FakeRuns()
    tool = published(runs)
    me = contributor(runs, tool)
    snapshot = {"manifest": FORM, "files": {"main.py": MAIN_PY}}
    target = sandbox_target(await runs.build(PrepareSandbox)(me, "sortera"), snapshot)
    session_id = uuid.uuid4()
    await runs.build(StartRun)(me, target, {"klass": "7A"}, Upload(), session_id)
    await offer_next_step(runs, session_id)
    runs.db.maintainers_of[tool.id].discard(me.id)

    with pytest.raises(Conflict) as revoked:
        await runs.build(StartAction)(me, session_id, "sortera", {"ordning": "namn"}, 1, Upload())
    assert revoked.value.code == "edit_rights_revoked"
    assert len(runs.db.runs) == 1


async def test_a_session_ends_when_its_tool_is_depublished() -> None:
    runs = FakeRuns()
    tool = published(runs)
    me = teacher(runs)
    _, session_id = await first_run(runs, me)
    await offer_next_step(runs, session_id)
    runs.db.tools[tool.id] = dataclasses.replace(tool, listed=False)

    with pytest.raises(Conflict) as withdrawn:
        await runs.build(StartAction)(me, session_id, "sortera", {"ordning": "namn"}, 1, Upload())
    assert withdrawn.value.code == "tool_withdrawn"


def publish_next(runs: FakeRuns, tool: Tool, restored_from: int | None = None) -> Tool:
    """What PublishVersion/RollbackVersion leave: the active archived, a new one active."""
    tool = runs.db.tools[tool.id]
    active = runs.db.versions[tool.active_version_id or uuid.uuid4()]
    runs.db.versions[active.id] = dataclasses.replace(active, state=VersionState.ARCHIVED)
    new = dataclasses.replace(
        active, id=uuid.uuid4(), number=active.number + 1, restored_from=restored_from
    )
    runs.db.versions[new.id] = new
    tool = dataclasses.replace(tool, active_version_id=new.id, active_version_number=new.number)
    runs.db.tools[tool.id] = tool
    return tool


async def test_a_session_goes_on_after_a_new_version_but_not_after_a_rollback_past_it() -> None:
    runs = FakeRuns()
    tool = published(runs)
    me = teacher(runs)
    tool = publish_next(runs, tool)  # version 2 is active
    _, session_id = await first_run(runs, me)
    await offer_next_step(runs, session_id)
    start = runs.build(StartAction)

    tool = publish_next(runs, tool)  # version 3: an ordinary update, the session goes on
    await start(me, session_id, "sortera", {"ordning": "namn"}, 1, Upload())
    await offer_next_step(runs, session_id)
    session = runs.db.tool_sessions[session_id]
    session.state_rev = 2

    publish_next(runs, tool, restored_from=1)  # version 4 restores 1: versions 2 and 3 withdrawn
    with pytest.raises(Conflict) as withdrawn:
        await start(me, session_id, "sortera", {"ordning": "namn"}, 2, Upload())
    assert withdrawn.value.code == "version_withdrawn"
    assert len(runs.db.runs) == 2
