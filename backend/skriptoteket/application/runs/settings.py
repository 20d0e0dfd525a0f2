"""A user's saved settings for a tool (GET/PUT /tools/{slug}/settings), validated against the
active version's settings form; every run gets them (see RunsHandler.user_settings)."""

from __future__ import annotations

from typing import Any

from skriptoteket.domain.users import Principal

from .ports import RunsHandler, validated


class GetToolSettings(RunsHandler):
    async def __call__(self, principal: Principal, slug: str) -> dict[str, Any]:
        async with self.p.uow:
            target = await self.runnable_tool(principal, slug)
            return await self.user_settings(principal, target)


class SaveToolSettings(RunsHandler):
    async def __call__(self, principal: Principal, slug: str, values: object) -> dict[str, Any]:
        async with self.p.uow:
            target = await self.runnable_tool(principal, slug)
            checked = validated(target.manifest.settings, values, [], self.p.limits)
            await self.p.settings.put(principal.id, target.tool.id, checked, self.p.clock.now())
            await self.p.uow.commit()
        return checked
