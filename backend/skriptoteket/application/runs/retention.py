"""Data retention, run periodically by every worker: the content of runs past their retention
(inputs, result, logs, error message, artifacts; infrastructure/queue/retention.py says when),
expired session files, expired sessions and sessions whose runs all lost their content,
artifacts past retention (their expiry is set when they are stored, from the limits table),
their stored blobs, and the queue's rows of long-finished jobs.

Rows go first, blobs after the delete committed: a crash in between never leaves a row
pointing at a missing blob, and the keys recorded with the delete let a later pass remove the
bytes the crashed one did not (`leftovers`). Every statement deletes a
bounded batch with SKIP LOCKED, so several workers can run passes at the same time, each
taking different rows, and none holds locks for long."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from skriptoteket.domain.errors import Unavailable
from skriptoteket.protocols.clock import Clock
from skriptoteket.protocols.files import FileStore
from skriptoteket.protocols.retention import Deleted, RetentionMetrics, RetentionStore

log = logging.getLogger(__name__)

KINDS = ("run_content", "session_files", "sessions", "artifacts", "jobs", "blobs")

# A file deletion recorded this long ago belongs to a pass that has ended or died.
LEFTOVER_AGE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    finished_jobs_age: timedelta = timedelta(days=1)
    batch: int = 500
    interval_s: float = 300.0
    run_content_days: int = 30  # 0: once the owner has received the finished run


class Retention:
    def __init__(
        self,
        store: RetentionStore,
        files: FileStore,
        clock: Clock,
        metrics: RetentionMetrics,
        policy: RetentionPolicy,
    ) -> None:
        self._store = store
        self._files = files
        self._clock = clock
        self._metrics = metrics
        self._policy = policy

    async def run_once(self) -> dict[str, int]:
        """One pass over everything; the counts of what this pass removed."""
        now = self._clock.now()
        started = time.monotonic()
        removed = dict.fromkeys(KINDS, 0)
        removed["blobs"] += await self._delete_leftovers(now)
        steps: list[tuple[str, Callable[[], Awaitable[Deleted]]]] = [
            (
                "run_content",
                lambda: self._store.expire_run_content(
                    now, self._policy.run_content_days, self._batch
                ),
            ),
            ("session_files", lambda: self._store.delete_expired_session_files(now, self._batch)),
            ("sessions", lambda: self._store.delete_expired_sessions(now, self._batch)),
            ("artifacts", lambda: self._store.delete_expired_artifacts(now, self._batch)),
            (
                "jobs",
                lambda: self._store.delete_finished_jobs(
                    now - self._policy.finished_jobs_age, self._batch
                ),
            ),
        ]
        for kind, delete in steps:
            while True:
                batch = await delete()
                removed[kind] += batch.rows
                removed["blobs"] += await self._delete_blobs(batch.blob_keys)
                self._metrics.removed(kind, batch.rows)
                if batch.rows < self._batch:
                    break
        self._metrics.pass_took(time.monotonic() - started)
        return removed

    @property
    def _batch(self) -> int:
        return self._policy.batch

    async def _delete_blobs(self, keys: list[str]) -> int:
        gone: list[str] = []
        for key in keys:
            try:
                await self._files.delete(key)
                gone.append(key)
            except Exception:  # one unreadable key must not stop the pass
                log.exception("cannot delete a stored blob", extra={"key": key})
        await self._store.forget_file_deletions(gone)
        self._metrics.removed("blobs", len(gone))
        return len(gone)

    async def _delete_leftovers(self, now: datetime) -> int:
        """Bytes a dead pass (or an erasure cut off after its commit) did not delete."""
        keys = await self._store.leftover_file_deletions(now - LEFTOVER_AGE, self._batch * 10)
        return await self._delete_blobs(keys)

    async def loop(self) -> None:
        """Run a pass every interval until cancelled; a lost database waits for the next."""
        while True:
            await asyncio.sleep(self._policy.interval_s)
            try:
                removed = await self.run_once()
            except Unavailable as exc:
                log.warning("retention pass skipped: %s", exc)
                continue
            if any(removed.values()):
                log.info("retention pass", extra={"removed": removed})
