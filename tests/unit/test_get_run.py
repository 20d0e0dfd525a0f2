"""GetRun, built once per process: which reads open a unit of work (RecordRunRead) and which
answer from the one read alone."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from skriptoteket.application.runs.get_run import GetRun
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.runs import (
    RunAccess,
    RunEnv,
    RunErrorView,
    RunMode,
    RunStatus,
    RunView,
)
from skriptoteket.domain.users import AuthMethod, Principal, Role
from tests.fakes.catalog import make_domain_user

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def principal(role: Role = Role.USER) -> Principal:
    return Principal(user=make_domain_user(role), method=AuthMethod.SESSION)


def a_view(owner: Principal, status: RunStatus, delivered: datetime | None) -> RunView:
    return RunView(
        id=uuid.uuid4(),
        user_id=owner.id,
        tool_id=uuid.uuid4(),
        tool_slug="sortera",
        tool_title="Sortera",
        version=1,
        session_id=uuid.uuid4(),
        mode=RunMode.INITIAL,
        env=RunEnv.PRODUCTION,
        status=status,
        error=None,
        outputs=[],
        actions=[],
        artifacts=[],
        queued_at=NOW,
        started_at=None,
        finished_at=None,
        logs={"stdout": "intern"},
        delivered_at=delivered,
    )


class OneRun:
    """RunViews holding one run; `maintainers` maintain its tool."""

    def __init__(self, view: RunView, maintainers: frozenset[uuid.UUID] = frozenset()) -> None:
        self.view, self.maintainers = view, maintainers

    async def get_visible(self, run_id: uuid.UUID, viewer_id: uuid.UUID) -> Any:
        if run_id != self.view.id:
            return None
        return self.view, viewer_id in self.maintainers


class Recorded:
    """The `record` of GetRun: each unit of work opened and what was asked of it."""

    def __init__(self) -> None:
        self.calls: list[tuple[uuid.UUID, RunAccess, bool, bool]] = []

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Any]:
        async def record(
            who: Principal, view: RunView, access: RunAccess, *, audit: bool, delivered: bool
        ) -> None:
            self.calls.append((who.id, access, audit, delivered))

        yield record


async def test_polling_ones_own_unfinished_or_delivered_run_opens_no_unit_of_work() -> None:
    me = principal()
    for status, delivered in ((RunStatus.RUNNING, None), (RunStatus.SUCCEEDED, NOW)):
        recorded = Recorded()
        view = a_view(me, status, delivered)
        seen = await GetRun(OneRun(view), recorded)(me, view.id)
        assert (seen.id, seen.status, recorded.calls) == (view.id, status, [])
        assert seen.logs is None  # the owner does not see a tool's internals


async def test_the_owners_first_read_of_a_finished_run_is_recorded_once_as_delivered() -> None:
    me = principal()
    recorded = Recorded()
    view = a_view(me, RunStatus.FAILED, None)
    await GetRun(OneRun(view), recorded)(me, view.id)
    assert [
        (who, access.is_owner, audit, delivered) for who, access, audit, delivered in recorded.calls
    ] == [(me.id, True, False, True)]


async def test_someone_elses_read_is_audited_unless_the_stream_already_did() -> None:
    owner, admin = principal(), principal(Role.ADMIN)
    view = a_view(owner, RunStatus.RUNNING, None)
    recorded = Recorded()
    seen = await GetRun(OneRun(view), recorded)(admin, view.id)
    await GetRun(OneRun(view), recorded)(admin, view.id, audit=False)
    assert [(who, audit, delivered) for who, _, audit, delivered in recorded.calls] == [
        (admin.id, True, False)
    ]
    assert seen.logs == {"stdout": "intern"}  # admins see internals


async def test_a_run_one_may_not_see_or_that_does_not_exist_is_404_and_writes_nothing() -> None:
    owner, stranger = principal(), principal()
    view = a_view(owner, RunStatus.SUCCEEDED, None)
    recorded = Recorded()
    for who, run_id in ((stranger, view.id), (owner, uuid.uuid4())):
        with pytest.raises(NotFound):
            await GetRun(OneRun(view), recorded)(who, run_id)
    assert recorded.calls == []


async def test_a_maintainers_read_of_a_finished_run_is_audited_not_delivered() -> None:
    owner, maintainer = principal(), principal(Role.CONTRIBUTOR)
    view = a_view(owner, RunStatus.SUCCEEDED, None)
    recorded = Recorded()
    seen = await GetRun(OneRun(view, frozenset({maintainer.id})), recorded)(maintainer, view.id)
    assert [
        (who, access.is_owner, audit, delivered) for who, access, audit, delivered in recorded.calls
    ] == [(maintainer.id, False, True, False)]
    assert seen.logs == {"stdout": "intern"}


def test_owners_see_no_internals_and_a_view_with_none_to_hide_is_not_copied() -> None:
    owner = principal()
    mine = RunAccess(can_view=True, sees_internals=False, is_owner=True)
    staff = RunAccess(can_view=True, sees_internals=True, is_owner=False)
    failed = replace(
        a_view(owner, RunStatus.FAILED, None),
        error=RunErrorView(code="E", message="Fel", detail="Traceback", file="main.py", line=3),
    )
    seen = failed.for_viewer(mine)
    assert seen.logs is None and seen.error == RunErrorView(code="E", message="Fel")
    assert failed.for_viewer(staff) is failed
    for internals in ({"detail": "t"}, {"file": "f"}, {"line": 1}, {"column": 1}):
        error = RunErrorView(code="E", message="Fel", **internals)
        only_error = replace(failed, logs=None, error=error)
        assert only_error.for_viewer(mine).error == RunErrorView(code="E", message="Fel")
    # Nothing to hide: the view itself.
    plain = replace(failed, logs=None, error=RunErrorView(code="E", message="Fel"))
    assert plain.for_viewer(mine) is plain
    clean = replace(failed, logs=None, error=None)
    assert clean.for_viewer(mine) is clean
