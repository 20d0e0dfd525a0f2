"""Rate limits on run creation (first runs and actions), per user and per access token.

A sliding window of 60 s kept in this process's memory, like application/rate_limits.py: with
several API processes each counts on its own. A request made with a token counts against both
its token and its user; the tighter of the two is reported (RateLimit-* headers)."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from skriptoteket.domain.errors import RateLimited
from skriptoteket.domain.users import Principal

WINDOW_S = 60.0


@dataclass(frozen=True, slots=True)
class RateBudget:
    """What is left of the tightest window after this request."""

    limit: int
    remaining: int
    reset_s: int  # until the window has room for one more

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_s),
            "RateLimit-Policy": f"{self.limit};w={int(WINDOW_S)}",
        }


class RunRateLimited(RateLimited):
    def __init__(self, budget: RateBudget) -> None:
        super().__init__(
            budget.reset_s,
            f"Högst {budget.limit} körningar per minut; försök igen om {budget.reset_s} s.",
        )
        self.budget = budget


class RunRateLimits:
    def __init__(
        self, per_user: int, per_token: int, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._limits = {"user": per_user, "token": per_token}
        self._now = now
        self._hits: dict[tuple[str, UUID], deque[float]] = {}

    def hit(self, principal: Principal) -> RateBudget | None:
        """Count one run of the principal, or raise RunRateLimited (429) when one of its
        windows is full. None when no limit applies (0 turns a limit off)."""
        now = self._now()
        windows = [("user", principal.id)]
        if principal.token_id is not None:
            windows.append(("token", principal.token_id))
        budgets = []
        for kind, owner in windows:
            limit = self._limits[kind]
            if limit <= 0:
                continue
            hits = self._hits.setdefault((kind, owner), deque())
            while hits and hits[0] <= now - WINDOW_S:
                hits.popleft()
            if len(hits) >= limit:
                raise RunRateLimited(RateBudget(limit, 0, self._reset(hits, now)))
            budgets.append((limit, hits))
        if not budgets:
            return None
        for _, hits in budgets:
            hits.append(now)
        limit, hits = min(budgets, key=lambda b: b[0] - len(b[1]))
        return RateBudget(limit, limit - len(hits), self._reset(hits, now))

    @staticmethod
    def _reset(hits: deque[float], now: float) -> int:
        return max(1, math.ceil(hits[0] + WINDOW_S - now)) if hits else 0
