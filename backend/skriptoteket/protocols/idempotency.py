"""The port for Idempotency-Key: the first answer to a creating request, kept per (caller,
key) so that a repeat gets it again instead of doing the work twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    fingerprint: bytes  # of the method, path, query and body of the first request
    status: int
    media_type: str
    body: bytes


class IdempotencyKeys(Protocol):
    async def claim(
        self, owner_id: UUID, key: str, now: datetime, keep: timedelta, stale: timedelta
    ) -> bool:
        """Take the key for a first request: True when it was free, expired, or left in
        progress for longer than `stale`; False while another request holds it or its answer
        is kept. Atomic: of concurrent claims, one wins."""
        ...

    async def answer(self, owner_id: UUID, key: str) -> StoredAnswer | bool | None:
        """The kept answer; True while the first request is in progress; None when the key is
        not held (the first request failed and gave it back)."""
        ...

    async def keep(self, owner_id: UUID, key: str, answer: StoredAnswer) -> None: ...

    async def release(self, owner_id: UUID, key: str) -> None:
        """The first request did not succeed: a repeat may try again."""
        ...

    async def prune(self, now: datetime) -> int:
        """Forget expired keys; how many."""
        ...
