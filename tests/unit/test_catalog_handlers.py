"""Catalog handlers against in-memory fakes: the governance rules without a database."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from skriptoteket.application.catalog.browse import GetTool
from skriptoteket.application.catalog.review import (
    PublishVersion,
    RequestChanges,
    RollbackVersion,
    SetListed,
    SubmitVersion,
)
from skriptoteket.application.catalog.suggestions import (
    Acceptance,
    AcceptSuggestion,
    DeclineSuggestion,
    ProposeSuggestion,
)
from skriptoteket.application.catalog.tools import CreateTool, NewTool, ToolChanges, UpdateTool
from skriptoteket.application.catalog.versions import NewVersion, SaveVersion
from skriptoteket.domain.catalog import SuggestionStatus, VersionState
from skriptoteket.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
)
from skriptoteket.domain.users import AuthMethod, Principal, Role
from tests.catalog_builders import MAIN_PY, manifest
from tests.fakes.catalog import FakeCatalog, make_domain_user


def principal(fakes: FakeCatalog, role: Role) -> Principal:
    user = make_domain_user(role)
    fakes.add_user(user)
    return Principal(user=user, method=AuthMethod.SESSION)


def content(base: int, main: str = MAIN_PY) -> NewVersion:
    return NewVersion(
        base_version=base, manifest=manifest(), files={"main.py": main}, change_summary="ändring"
    )


async def a_tool_in_review(fakes: FakeCatalog, author: Principal, slug: str = "betyg") -> None:
    await fakes.build(CreateTool)(author, NewTool(slug, "Betyg", "", ("larare",), ()))
    await fakes.build(SaveVersion)(author, slug, content(0))
    await fakes.build(SubmitVersion)(author, slug, 1)


async def test_creating_a_tool_makes_the_contributor_its_maintainer() -> None:
    fakes = FakeCatalog()
    me = principal(fakes, Role.CONTRIBUTOR)
    tool = await fakes.build(CreateTool)(me, NewTool("betyg", " Betyg ", "", ("larare",), ()))
    assert tool.title == "Betyg"
    assert await fakes.tools.is_maintainer(tool.id, me.id)
    assert fakes.audit.actions() == ["tool.created"]
    assert fakes.uow.commits == 1


async def test_a_user_cannot_create_tools() -> None:
    fakes = FakeCatalog()
    with pytest.raises(Forbidden):
        await fakes.build(CreateTool)(
            principal(fakes, Role.USER), NewTool("betyg", "Betyg", "", (), ())
        )
    assert fakes.db.tools == {}


async def test_unknown_taxonomy_slugs_are_named_by_position() -> None:
    fakes = FakeCatalog()
    with pytest.raises(InvalidInput) as refused:
        await fakes.build(CreateTool)(
            principal(fakes, Role.CONTRIBUTOR),
            NewTool("betyg", "Betyg", "", ("larare", "trollkarl"), ("nope",)),
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("$.professions[1]", "unknown_profession"),
        ("$.categories[0]", "unknown_category"),
    ]


async def test_saving_on_an_old_base_is_a_version_conflict() -> None:
    fakes = FakeCatalog()
    me = principal(fakes, Role.CONTRIBUTOR)
    await fakes.build(CreateTool)(me, NewTool("betyg", "Betyg", "", (), ()))
    save = fakes.build(SaveVersion)
    assert (await save(me, "betyg", content(0))).number == 1
    assert (await save(me, "betyg", content(1, "x = 2\n" + MAIN_PY))).number == 2
    with pytest.raises(Conflict) as refused:
        await save(me, "betyg", content(1))
    assert refused.value.code == "version_conflict"


async def test_a_syntax_error_saves_nothing() -> None:
    fakes = FakeCatalog()
    me = principal(fakes, Role.CONTRIBUTOR)
    await fakes.build(CreateTool)(me, NewTool("betyg", "Betyg", "", (), ()))
    with pytest.raises(InvalidInput):
        await fakes.build(SaveVersion)(me, "betyg", content(0, "def run(:\n"))
    assert fakes.db.versions == {}
    assert fakes.audit.actions() == ["tool.created"]


async def test_a_contributor_who_does_not_maintain_the_tool_cannot_save() -> None:
    fakes = FakeCatalog()
    await fakes.build(CreateTool)(
        principal(fakes, Role.CONTRIBUTOR), NewTool("betyg", "Betyg", "", (), ())
    )
    with pytest.raises(NotFound):  # a draft tool is invisible to them
        await fakes.build(SaveVersion)(principal(fakes, Role.CONTRIBUTOR), "betyg", content(0))


async def test_publishing_archives_the_previous_active_version() -> None:
    fakes = FakeCatalog()
    author, admin = principal(fakes, Role.CONTRIBUTOR), principal(fakes, Role.ADMIN)
    await a_tool_in_review(fakes, author)
    await fakes.build(PublishVersion)(admin, "betyg", 1)
    await fakes.build(SaveVersion)(author, "betyg", content(1, "y = 1\n" + MAIN_PY))
    await fakes.build(SubmitVersion)(author, "betyg", 2)
    await fakes.build(PublishVersion)(admin, "betyg", 2)
    states = {v.number: v.state for v in fakes.db.versions.values()}
    assert states == {1: VersionState.ARCHIVED, 2: VersionState.PUBLISHED}
    tool = await fakes.tools.get_by_slug("betyg")
    assert tool is not None and tool.active_version_number == 2
    assert fakes.db.search_usage[tool.id] == "Ladda upp en klasslista."


async def test_nobody_publishes_a_version_they_wrote_not_even_an_admin() -> None:
    fakes = FakeCatalog()
    admin = principal(fakes, Role.ADMIN)
    await a_tool_in_review(fakes, admin)
    with pytest.raises(Forbidden) as refused:
        await fakes.build(PublishVersion)(admin, "betyg", 1)
    assert refused.value.code == "own_version"
    await fakes.build(PublishVersion)(principal(fakes, Role.SUPERUSER), "betyg", 1)


async def test_request_changes_keeps_the_note_and_needs_one() -> None:
    fakes = FakeCatalog()
    author, admin = principal(fakes, Role.CONTRIBUTOR), principal(fakes, Role.ADMIN)
    await a_tool_in_review(fakes, author)
    with pytest.raises(InvalidInput):
        await fakes.build(RequestChanges)(admin, "betyg", 1, "   ")
    version = await fakes.build(RequestChanges)(admin, "betyg", 1, "Byt rubrik.")
    assert version.state is VersionState.CHANGES_REQUESTED
    assert version.review_note == "Byt rubrik."
    with pytest.raises(Conflict):
        await fakes.build(SubmitVersion)(author, "betyg", 1)


async def test_rollback_is_for_superusers_and_archived_versions_only() -> None:
    fakes = FakeCatalog()
    author, admin = principal(fakes, Role.CONTRIBUTOR), principal(fakes, Role.ADMIN)
    superuser = principal(fakes, Role.SUPERUSER)
    await a_tool_in_review(fakes, author)
    await fakes.build(PublishVersion)(admin, "betyg", 1)
    with pytest.raises(Forbidden):
        await fakes.build(RollbackVersion)(admin, "betyg", 1)
    with pytest.raises(Conflict):
        await fakes.build(RollbackVersion)(superuser, "betyg", 1)  # published, not archived
    await fakes.build(SaveVersion)(author, "betyg", content(1, "z = 1\n" + MAIN_PY))
    await fakes.build(SubmitVersion)(author, "betyg", 2)
    await fakes.build(PublishVersion)(admin, "betyg", 2)
    copy = await fakes.build(RollbackVersion)(superuser, "betyg", 1)
    first = await fakes.versions.get(copy.tool_id, 1)
    assert first is not None
    assert copy.number == 3 and copy.state is VersionState.PUBLISHED
    assert copy.content_hash == first.content_hash
    assert "version.rolled_back" in fakes.audit.actions()


async def test_the_slug_is_locked_after_the_first_publish() -> None:
    fakes = FakeCatalog()
    author, admin = principal(fakes, Role.CONTRIBUTOR), principal(fakes, Role.ADMIN)
    await fakes.build(CreateTool)(author, NewTool("betyg", "Betyg", "", (), ()))
    renamed = await fakes.build(UpdateTool)(author, "betyg", ToolChanges(slug="betygen"))
    assert renamed.slug == "betygen"
    await fakes.build(SaveVersion)(author, "betygen", content(0))
    await fakes.build(SubmitVersion)(author, "betygen", 1)
    await fakes.build(PublishVersion)(admin, "betygen", 1)
    with pytest.raises(Conflict) as refused:
        await fakes.build(UpdateTool)(author, "betygen", ToolChanges(slug="betyg-2"))
    assert refused.value.code == "slug_locked"


async def test_a_depublished_tool_is_hidden_from_users_but_not_from_admins() -> None:
    fakes = FakeCatalog()
    author, admin = principal(fakes, Role.CONTRIBUTOR), principal(fakes, Role.ADMIN)
    await a_tool_in_review(fakes, author)
    await fakes.build(PublishVersion)(admin, "betyg", 1)
    user = principal(fakes, Role.USER)
    assert (await fakes.build(GetTool)(user, "betyg")).manifest is not None
    await fakes.build(SetListed)(admin, "betyg", False)
    with pytest.raises(NotFound):
        await fakes.build(GetTool)(user, "betyg")
    assert (await fakes.build(GetTool)(admin, "betyg")).tool.listed is False
    assert fakes.audit.actions()[-1] == "tool.depublished"


async def test_accepting_a_contributors_suggestion_makes_them_maintainer() -> None:
    fakes = FakeCatalog()
    proposer, admin = principal(fakes, Role.CONTRIBUTOR), principal(fakes, Role.ADMIN)
    idea = await fakes.build(ProposeSuggestion)(proposer, "Närvaro", "Räkna frånvaro per vecka.")
    accepted = await fakes.build(AcceptSuggestion)(
        admin, idea.id, Acceptance("narvaro", None, None, (), ("analys",))
    )
    assert accepted.status is SuggestionStatus.ACCEPTED
    tool = await fakes.tools.get_by_slug("narvaro")
    assert tool is not None and tool.title == "Närvaro"
    assert await fakes.tools.is_maintainer(tool.id, proposer.id)
    with pytest.raises(Conflict):
        await fakes.build(DeclineSuggestion)(admin, idea.id, "Redan beslutat.")


async def test_a_plain_users_accepted_suggestion_has_no_maintainer_yet() -> None:
    fakes = FakeCatalog()
    proposer, admin = principal(fakes, Role.USER), principal(fakes, Role.ADMIN)
    idea = await fakes.build(ProposeSuggestion)(proposer, "Närvaro", "Idé.")
    await fakes.build(AcceptSuggestion)(admin, idea.id, Acceptance("narvaro", None, None, (), ()))
    tool = await fakes.tools.get_by_slug("narvaro")
    assert tool is not None and await fakes.tools.maintainers(tool.id) == []


class ToolLifecycle(RuleBasedStateMachine):
    """Any sequence of governance actions keeps the tool consistent: at most one published
    version, and it is the active one; numbers are 1..n; archived versions were once active."""

    def __init__(self) -> None:
        super().__init__()
        self.fakes = FakeCatalog()
        self.author = principal(self.fakes, Role.CONTRIBUTOR)
        self.admin = principal(self.fakes, Role.ADMIN)
        self.superuser = principal(self.fakes, Role.SUPERUSER)
        self.run(self.fakes.build(CreateTool)(self.author, NewTool("t", "T", "", (), ())))
        self.edits = 0

    def run(self, coro: Any) -> Any:
        try:
            return asyncio.run(coro)
        except DomainError as refused:
            return refused

    def head(self) -> int:
        return max((v.number for v in self.fakes.db.versions.values()), default=0)

    @rule(stale=st.booleans())
    def save(self, stale: bool) -> None:
        self.edits += 1
        head = self.head()
        base = head - 1 if stale and head > 0 else head
        outcome = self.run(
            self.fakes.build(SaveVersion)(
                self.author, "t", content(base, f"v = {self.edits}\n" + MAIN_PY)
            )
        )
        if base != head:
            assert isinstance(outcome, Conflict) and outcome.code == "version_conflict"
        else:
            assert outcome.number == head + 1 and outcome.state is VersionState.DRAFT

    @rule(number=st.integers(1, 8))
    def submit(self, number: int) -> None:
        self.run(self.fakes.build(SubmitVersion)(self.author, "t", number))

    @rule(number=st.integers(1, 8))
    def publish(self, number: int) -> None:
        self.run(self.fakes.build(PublishVersion)(self.admin, "t", number))

    @rule(number=st.integers(1, 8))
    def request_changes(self, number: int) -> None:
        self.run(self.fakes.build(RequestChanges)(self.admin, "t", number, "Ändra."))

    @rule(number=st.integers(1, 8))
    def rollback(self, number: int) -> None:
        self.run(self.fakes.build(RollbackVersion)(self.superuser, "t", number))

    @invariant()
    def one_published_version_and_it_is_active(self) -> None:
        versions = list(self.fakes.db.versions.values())
        published = [v for v in versions if v.state is VersionState.PUBLISHED]
        assert len(published) <= 1
        tool = next(iter(self.fakes.db.tools.values()))
        assert tool.active_version_id == (published[0].id if published else None)
        assert sorted(v.number for v in versions) == list(range(1, len(versions) + 1))
        if published:
            assert tool.ever_published


TestToolLifecycle = ToolLifecycle.TestCase
TestToolLifecycle.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
