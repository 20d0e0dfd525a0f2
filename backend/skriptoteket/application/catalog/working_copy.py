"""The editor's autosave (GET/PUT/DELETE /tools/{slug}/working-copy): a maintainer's unsaved
edits, one per user and tool, kept as typed. Nothing is validated but the size, so work in
progress is never refused; a save (`SaveVersion`) checks the content.

Someone else saving meanwhile is not an error here: the answer carries the tool's newest
version number (`head_version`), and the editor shows the conflict when it is above the copy's
`base_version`; the copy itself is never overwritten by anyone but its owner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skriptoteket.contract import Limits
from skriptoteket.domain.catalog import WorkingCopy
from skriptoteket.domain.errors import FieldError, InvalidInput, PayloadTooLarge
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository, WorkingCopyRepository
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import editable_tool


@dataclass(frozen=True, slots=True)
class WorkingCopyView:
    copy: WorkingCopy
    head_version: int  # the tool's newest version: above base_version, someone saved meanwhile


@dataclass(frozen=True, slots=True)
class EditedCopy:
    manifest: dict[str, Any]
    files: dict[str, str]
    base_version: int


@dataclass(frozen=True, slots=True)
class GetWorkingCopy:
    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    working_copies: WorkingCopyRepository

    async def __call__(self, principal: Principal, slug: str) -> WorkingCopyView | None:
        """None: no unsaved edits (not an error: the editor asks on every visit)."""
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            copy = await self.working_copies.get(principal.id, tool.id)
            if copy is None:
                return None
            return WorkingCopyView(copy, await self.versions.head_number(tool.id))


@dataclass(frozen=True, slots=True)
class SaveWorkingCopy:
    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository
    working_copies: WorkingCopyRepository
    clock: Clock
    limits: Limits

    async def __call__(
        self, principal: Principal, slug: str, edited: EditedCopy
    ) -> WorkingCopyView:
        size = sum(len(k.encode()) + len(v.encode()) for k, v in edited.files.items())
        if size > self.limits.source_bytes:
            raise PayloadTooLarge(
                f"The files are {size} bytes together; at most {self.limits.source_bytes}."
            )
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            head = await self.versions.head_number(tool.id)
            if edited.base_version > head:
                raise InvalidInput(
                    [
                        FieldError(
                            "$.base_version",
                            "unknown_version",
                            f"The tool has no version {edited.base_version}; the newest is {head}.",
                        )
                    ]
                )
            copy = WorkingCopy(
                user_id=principal.id,
                tool_id=tool.id,
                manifest=edited.manifest,
                files=dict(edited.files),
                base_version=edited.base_version,
                updated_at=self.clock.now(),
            )
            await self.working_copies.put(copy)
            await self.uow.commit()
        return WorkingCopyView(copy, head)


@dataclass(frozen=True, slots=True)
class DiscardWorkingCopy:
    uow: UnitOfWork
    tools: ToolRepository
    working_copies: WorkingCopyRepository

    async def __call__(self, principal: Principal, slug: str) -> None:
        async with self.uow:
            tool = await editable_tool(self.tools, principal, slug)
            await self.working_copies.delete(principal.id, tool.id)
            await self.uow.commit()
