"""A worker's heartbeat loop: beat every `interval_s` while the process runs; forget on a
clean stop, so a stopped worker stops counting at once rather than after the alive window."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.workers import WorkerPresence

log = logging.getLogger(__name__)


async def heartbeat_loop(presence: WorkerPresence, interval_s: float) -> None:
    """Runs until cancelled; a failed beat is logged and tried again at the next tick."""
    while True:
        try:
            await presence.beat()
        except Unavailable as exc:
            log.warning("%s", exc)
        await asyncio.sleep(interval_s)


async def forget_quietly(presence: WorkerPresence) -> None:
    with contextlib.suppress(Unavailable):
        await presence.forget()
