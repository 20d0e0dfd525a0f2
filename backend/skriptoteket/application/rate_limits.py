"""Per-user rate limits on the expensive requests (saving a version, starting a sandbox run).

A sliding window of 60 s per (user, action), kept in this process's memory: with several API
processes each counts on its own, which still bounds what one user can make the server do.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from uuid import UUID

from skriptoteket.domain.errors import RateLimited

WINDOW_S = 60.0


class UserRateLimits:
    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._hits: dict[tuple[str, UUID], deque[float]] = {}

    def hit(self, user_id: UUID, action: str, per_minute: int) -> None:
        """Count one `action` of the user; RateLimited (429, Retry-After) past `per_minute`
        in the last minute. 0 turns the limit off."""
        if per_minute <= 0:
            return
        now = self._now()
        hits = self._hits.setdefault((action, user_id), deque())
        while hits and hits[0] <= now - WINDOW_S:
            hits.popleft()
        if len(hits) >= per_minute:
            wait = math.ceil(hits[0] + WINDOW_S - now)
            raise RateLimited(
                wait, f"At most {per_minute} of these per minute; try again in {wait} s."
            )
        hits.append(now)
