"""Ports of data retention: deleting what has expired, and counting what went."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Deleted:
    """One batch: how many rows went, and the stored blobs no remaining row refers to (also
    recorded as file deletions to do, in the same transaction)."""

    rows: int
    blob_keys: list[str] = field(default_factory=list)


class RetentionStore(Protocol):
    """Each method deletes at most `limit` rows in one atomic statement. Several workers may
    call them at once: rows another worker is deleting (or a run is using) are skipped."""

    async def delete_expired_session_files(self, now: datetime, limit: int) -> Deleted: ...

    async def delete_expired_sessions(self, now: datetime, limit: int) -> Deleted:
        """Sessions past their expiry (24 h after last use), with their files."""
        ...

    async def delete_expired_artifacts(self, now: datetime, limit: int) -> Deleted: ...

    async def delete_finished_jobs(self, before: datetime, limit: int) -> Deleted:
        """The queue's rows of jobs that ended before `before` (the runs stay)."""
        ...

    async def expire_run_content(self, now: datetime, days: int, limit: int) -> Deleted:
        """Blank the content of finished runs past their retention (`days`, or the tool's
        shorter `retention_days`; 0: once delivered) and delete their artifacts."""
        ...

    async def leftover_file_deletions(self, before: datetime, limit: int) -> list[str]:
        """Keys of stored files whose rows were deleted before `before` and whose bytes a
        pass may not have removed (it died)."""
        ...

    async def forget_file_deletions(self, keys: list[str]) -> None:
        """The bytes of `keys` are gone."""
        ...


class RetentionMetrics(Protocol):
    def removed(self, kind: str, count: int) -> None: ...

    def pass_took(self, seconds: float) -> None:
        """How long one whole pass took (a growing figure: retention falls behind)."""
        ...
