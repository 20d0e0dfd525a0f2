"""Reading a tool's examples: the active version's for everyone who sees the tool, any
version's for its maintainers and admins (the editor and the review page)."""

from __future__ import annotations

from dataclasses import dataclass

from skriptoteket.domain.catalog import Tool, ToolVersion, access
from skriptoteket.domain.errors import NotFound
from skriptoteket.domain.examples import ExampleInfo
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolRepository, VersionRepository
from skriptoteket.protocols.uow import UnitOfWork

from .tool_access import find_version, visible_tool


@dataclass(frozen=True, slots=True)
class ExampleFile:
    name: str
    content: bytes


async def _version(
    tools: ToolRepository,
    versions: VersionRepository,
    principal: Principal,
    slug: str,
    number: int | None,
) -> tuple[Tool, ToolVersion]:
    tool = await visible_tool(tools, principal, slug)
    if number is None or number == tool.active_version_number:
        if tool.active_version_id is None:
            raise NotFound("The tool has no published version yet.")
        version = await versions.get_by_id(tool.active_version_id)
        if version is None:
            raise NotFound("The tool has no published version yet.")
        return tool, version
    maintainer = await tools.is_maintainer(tool.id, principal.id)
    if not access(principal, tool, is_maintainer=maintainer).can_edit:
        raise NotFound(f"The tool has no version {number}.")  # others see the active one only
    return tool, await find_version(versions, tool, number)


@dataclass(frozen=True, slots=True)
class ListExamples:
    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository

    async def __call__(
        self, principal: Principal, slug: str, number: int | None = None
    ) -> tuple[int, tuple[ExampleInfo, ...]]:
        """The version's number and its examples, in the order they were saved."""
        async with self.uow:
            _, version = await _version(self.tools, self.versions, principal, slug, number)
            return version.number, version.examples


@dataclass(frozen=True, slots=True)
class GetExampleFile:
    uow: UnitOfWork
    tools: ToolRepository
    versions: VersionRepository

    async def __call__(
        self, principal: Principal, slug: str, case: str, name: str, number: int | None = None
    ) -> ExampleFile:
        async with self.uow:
            _, version = await _version(self.tools, self.versions, principal, slug, number)
            content = await self.versions.example_file(version.id, case, name)
        if content is None:
            raise NotFound("The example has no such file.")
        return ExampleFile(name=name, content=content)
