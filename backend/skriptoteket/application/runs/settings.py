"""A user's saved settings for a tool (GET/PUT /tools/{slug}/settings), validated against the
active version's settings form; every run gets them (`user_settings`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skriptoteket.contract import Limits, SubmissionError, validate_submission
from skriptoteket.domain.users import Principal
from skriptoteket.protocols.catalog import ToolsToRun
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.runs import SavedSettings, ToolSettingsRepository
from skriptoteket.protocols.uow import UnitOfWork

from .run_target import RunTarget, runnable_tool
from .uploads import Upload, validated


async def user_settings(
    settings: SavedSettings, limits: Limits, principal: Principal, target: RunTarget
) -> dict[str, Any]:
    """The user's saved settings as valid for this manifest: values the current settings form
    no longer accepts fall back to the defaults rather than failing the run."""
    form = target.manifest.settings
    if not form:
        return {}  # nothing to read: a tool without a settings form gets none
    saved = await settings.get(principal.id, target.tool.id) or {}
    try:
        return dict(validate_submission(form, saved, limits=limits))
    except SubmissionError as exc:
        broken = {issue.path for issue in exc.issues}
        kept = {k: v for k, v in saved.items() if k not in broken}
        try:
            return dict(validate_submission(form, kept, limits=limits))
        except SubmissionError:
            return {}


@dataclass(frozen=True, slots=True)
class GetToolSettings:
    tools: ToolsToRun
    settings: SavedSettings
    limits: Limits

    async def __call__(self, principal: Principal, slug: str) -> dict[str, Any]:
        target = await runnable_tool(self.tools, principal, slug)
        return await user_settings(self.settings, self.limits, principal, target)


@dataclass(frozen=True, slots=True)
class SaveToolSettings:
    uow: UnitOfWork
    tools: ToolsToRun
    settings: ToolSettingsRepository
    clock: Clock
    limits: Limits

    async def __call__(self, principal: Principal, slug: str, values: object) -> dict[str, Any]:
        async with self.uow:
            target = await runnable_tool(self.tools, principal, slug)
            checked = validated(target.manifest.settings, values, Upload(), self.limits)
            await self.settings.put(principal.id, target.tool.id, checked, self.clock.now())
            await self.uow.commit()
        return checked
