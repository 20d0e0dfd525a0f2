"""Seed the script bank: every bank tool published through the same handlers people use.

A system author account creates the tool, saves a version and submits it; a separate system
reviewer account (an admin: nobody publishes what they wrote) publishes it, so the review is
recorded in the versions' states and the audit log like any other. Running it again changes
nothing for tools whose content and metadata are unchanged; a changed tool gets a new version.
"""

from __future__ import annotations

import enum
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from skriptoteket.application.catalog.browse import GetTool
from skriptoteket.application.catalog.content_check import checked_content
from skriptoteket.application.catalog.maintainers import ListMaintainers
from skriptoteket.application.catalog.review import PublishVersion, SubmitVersion
from skriptoteket.application.catalog.tools import CreateTool, NewTool, ToolChanges, UpdateTool
from skriptoteket.application.catalog.versions import ListVersions, NewVersion, SaveVersion
from skriptoteket.domain.catalog import Tool, ToolVersion, VersionState, content_hash
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.examples import NewExample
from skriptoteket.domain.users import AuthMethod, Principal, Role, User
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.identity import PasswordHasher, UserRepository
from skriptoteket.protocols.uow import UnitOfWork

AUTHOR_EMAIL = "skriptbanken@skriptoteket.local"
REVIEWER_EMAIL = "skriptbanken-granskning@skriptoteket.local"


@dataclass(frozen=True, slots=True)
class BankTool:
    """One folder of backend/script_bank: catalog metadata, manifest and source files."""

    slug: str
    title: str
    summary: str
    professions: tuple[str, ...]
    categories: tuple[str, ...]
    manifest: dict[str, Any]
    files: dict[str, str]
    examples: tuple[NewExample, ...] = ()


class SeedResult(enum.StrEnum):
    CREATED = "created"  # a new tool, published as version 1
    UPDATED = "updated"  # a new version published
    UNCHANGED = "unchanged"
    METADATA = "metadata"  # only title, summary or taxonomy changed
    SKIPPED = "skipped"  # the slug belongs to a tool the bank does not maintain


@dataclass(frozen=True, slots=True)
class SeedOutcome:
    slug: str
    result: SeedResult
    version: int | None


class EnsureSystemAccounts:
    """The bank's author (contributor) and reviewer (admin). Neither can sign in: they are
    inactive and their passwords are random secrets nobody keeps."""

    def __init__(
        self, uow: UnitOfWork, users: UserRepository, hasher: PasswordHasher, clock: Clock
    ) -> None:
        self._uow = uow
        self._users = users
        self._hasher = hasher
        self._clock = clock

    async def __call__(self) -> tuple[Principal, Principal]:
        author = await self._ensure(AUTHOR_EMAIL, "Skriptbanken", Role.CONTRIBUTOR)
        reviewer = await self._ensure(REVIEWER_EMAIL, "Skriptbankens granskning", Role.ADMIN)
        return (
            Principal(user=author, method=AuthMethod.TOKEN),
            Principal(user=reviewer, method=AuthMethod.TOKEN),
        )

    async def _ensure(self, email: str, name: str, role: Role) -> User:
        async with self._uow:
            existing = await self._users.get_by_email(email)
            if existing is not None:
                return existing
            user = User(
                id=uuid.uuid4(),
                email=email,
                display_name=name,
                role=role,
                is_active=False,
                created_at=self._clock.now(),
            )
            await self._users.add(user, await self._hasher.hash(secrets.token_urlsafe(32)))
            await self._uow.commit()
        return user


class SeedScriptBank:
    def __init__(
        self,
        accounts: EnsureSystemAccounts,
        create_tool: CreateTool,
        update_tool: UpdateTool,
        get_tool: GetTool,
        list_versions: ListVersions,
        list_maintainers: ListMaintainers,
        save_version: SaveVersion,
        submit_version: SubmitVersion,
        publish_version: PublishVersion,
    ) -> None:
        self._accounts = accounts
        self._create = create_tool
        self._update = update_tool
        self._get_tool = get_tool
        self._versions = list_versions
        self._maintainers = list_maintainers
        self._save = save_version
        self._submit = submit_version
        self._publish = publish_version

    async def __call__(self, bank: list[BankTool]) -> list[SeedOutcome]:
        author, reviewer = await self._accounts()
        return [await self._seed(tool, author, reviewer) for tool in bank]

    async def _seed(self, bank: BankTool, author: Principal, reviewer: Principal) -> SeedOutcome:
        try:
            tool = (await self._get_tool(reviewer, bank.slug)).tool
            versions = await self._versions(reviewer, bank.slug)
        except NotFound:
            tool = await self._create(
                author,
                NewTool(bank.slug, bank.title, bank.summary, bank.professions, bank.categories),
            )
            versions = []
            created = True
        else:
            maintainers = await self._maintainers(reviewer, bank.slug)
            if author.id not in {m.id for m in maintainers}:
                return SeedOutcome(bank.slug, SeedResult.SKIPPED, tool.active_version_number)
            created = False
        metadata_changed = not created and await self._sync_metadata(tool, bank, author)

        wanted = content_hash(
            checked_content(bank.manifest, bank.files),
            bank.files,
            tuple(e.info() for e in bank.examples),
        )
        active = next((v for v in versions if v.id == tool.active_version_id), None)
        if active is not None and active.content_hash == wanted:
            result = SeedResult.METADATA if metadata_changed else SeedResult.UNCHANGED
            return SeedOutcome(bank.slug, result, active.number)
        version = await self._reviewed(bank, versions, wanted, author, reviewer)
        return SeedOutcome(
            bank.slug, SeedResult.CREATED if created else SeedResult.UPDATED, version.number
        )

    async def _sync_metadata(self, tool: Tool, bank: BankTool, author: Principal) -> bool:
        # The catalog keeps taxonomy as a set (its order is the repository's), so compare sets.
        changes = ToolChanges(
            title=bank.title if bank.title.strip() != tool.title else None,
            summary=bank.summary if bank.summary.strip() != tool.summary else None,
            professions=bank.professions
            if set(bank.professions) != set(tool.professions)
            else None,
            categories=bank.categories if set(bank.categories) != set(tool.categories) else None,
        )
        if changes == ToolChanges():
            return False
        await self._update(author, bank.slug, changes)
        return True

    async def _reviewed(
        self,
        bank: BankTool,
        versions: list[ToolVersion],
        wanted: str,
        author: Principal,
        reviewer: Principal,
    ) -> ToolVersion:
        """Save (unless the head already holds this content, left by an interrupted seed),
        submit and publish."""
        head = max(versions, key=lambda v: v.number, default=None)
        if head is not None and head.content_hash == wanted and head.state in _RESUMABLE:
            version = head
        else:
            version = await self._save(
                author,
                bank.slug,
                NewVersion(
                    base_version=head.number if head else 0,
                    manifest=bank.manifest,
                    files=bank.files,
                    change_summary=f"Skriptbanken {wanted[:12]}",
                    examples=bank.examples,
                ),
            )
        if version.state in {VersionState.DRAFT, VersionState.CHANGES_REQUESTED}:
            version = await self._submit(author, bank.slug, version.number)
        return await self._publish(reviewer, bank.slug, version.number)


_RESUMABLE = {VersionState.DRAFT, VersionState.IN_REVIEW}
