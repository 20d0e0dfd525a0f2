"""Access tokens' uses, counted in memory and written in batches.

Every request made with a token counts it (integrators see each token's request count and
last use). Written by each request, 32 concurrent requests with one token queued on the
token's row lock, each an UPDATE and a commit. Here a use is a dict update on the request
path (`record`, no I/O); `flush` writes every pending token in one statement: every
`FLUSH_EVERY` seconds from a task of this process (started by the first use), before anything
reads the counts (the token listings, the privacy export: a client sees its own requests
counted exactly through the same process) and when the registry closes (the app's shutdown).

Through another process a count lags by at most `FLUSH_EVERY`. A crash of the process loses
the uses it had not written yet (at most `FLUSH_EVERY` of them); a flush either adds its whole
batch or nothing, so the counts are never wrong otherwise. A failed flush keeps its counts for
the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from uuid import UUID

from sqlalchemy import text

from .read_pool import ReadPool

log = logging.getLogger(__name__)

FLUSH_EVERY = 1.0  # seconds

FLUSH = text(
    """
UPDATE access_tokens t
SET request_count = t.request_count + v.n, last_used_at = greatest(t.last_used_at, v.at)
FROM unnest(CAST(:ids AS uuid[]), CAST(:ns AS bigint[]), CAST(:ats AS timestamptz[]))
     AS v(id, n, at)
WHERE t.id = v.id
"""
)


class TokenUses:
    def __init__(self, reads: ReadPool, every: float = FLUSH_EVERY) -> None:
        self._reads = reads
        self._every = every
        self._pending: dict[UUID, tuple[int, datetime]] = {}  # uses and the last, per token
        self._flushing = asyncio.Lock()  # a flush waits for one under way: it may hold uses
        self._task: asyncio.Task[None] | None = None

    def record(self, token_id: UUID, at: datetime) -> None:
        """One valid use of the token, at `at`: written by a flush within `FLUSH_EVERY`."""
        self._add(token_id, 1, at)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._flush_every())

    async def flush(self) -> None:
        """Write the pending uses (one statement); on failure they stay pending and it raises."""
        async with self._flushing:
            batch, self._pending = self._pending, {}
            if not batch:
                return
            params = {
                "ids": list(batch),
                "ns": [n for n, _ in batch.values()],
                "ats": [at for _, at in batch.values()],
            }
            try:
                await self._reads.write(FLUSH, params)
            except BaseException:  # cancelled too: the uses are kept for the next flush
                for token_id, (n, at) in batch.items():
                    self._add(token_id, n, at)
                raise

    async def close(self) -> None:
        """Stop the task and write what is pending (the app's shutdown)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        try:
            await self.flush()
        except Exception as exc:
            log.warning(
                "access token uses of %d tokens lost at shutdown: %s", len(self._pending), exc
            )

    def _add(self, token_id: UUID, n: int, at: datetime) -> None:
        before = self._pending.get(token_id)
        self._pending[token_id] = (n, at) if before is None else (before[0] + n, max(before[1], at))

    async def _flush_every(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                await self.flush()
            except Exception as exc:
                log.warning("access token uses not written, kept for the next try: %s", exc)
