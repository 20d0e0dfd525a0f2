"""How many event streams may be open at once: per user and per API process.

A stream holds a connection and a listener subscription for as long as a run takes; without a
cap, one user (or a script with a token) could open thousands. Past a cap the answer is 429 with
Retry-After; a slot is given back when its stream ends (finished, or the client went away).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import TypeVar
from uuid import UUID

from skriptoteket.domain.errors import RateLimited

T = TypeVar("T")
RETRY_AFTER_S = 5


class StreamSlots:
    def __init__(self, per_user: int, per_process: int) -> None:
        self._per_user = per_user
        self._per_process = per_process
        self._open: Counter[UUID] = Counter()

    def take(self, user_id: UUID) -> None:
        if self._open[user_id] >= self._per_user:
            raise RateLimited(
                RETRY_AFTER_S, f"At most {self._per_user} open event streams per user."
            )
        if self._open.total() >= self._per_process:
            raise RateLimited(RETRY_AFTER_S, "The server has too many open event streams.")
        self._open[user_id] += 1

    def give_back(self, user_id: UUID) -> None:
        self._open[user_id] -= 1
        if self._open[user_id] <= 0:
            del self._open[user_id]

    async def held(self, user_id: UUID, items: AsyncIterator[T]) -> AsyncIterator[T]:
        """`items`, with the user's slot given back when they end or are abandoned."""
        try:
            async for item in items:
                yield item
        finally:
            self.give_back(user_id)
