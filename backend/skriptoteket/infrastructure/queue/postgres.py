"""The worker's side of the queue on PostgreSQL: psycopg 3, a small pool of autocommit
connections for the named statements, and one dedicated connection for LISTEN."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

import msgspec
import psycopg
from psycopg_pool import AsyncConnectionPool

from skriptoteket.domain.runs import Verdict
from skriptoteket.infrastructure.db.psycopg_direct import Conn, listen, pooled_rows
from skriptoteket.protocols.queue import ClaimedJob, Lease, ReapedJob, Stored

from . import sql

DATABASE = "queue database"  # in Unavailable's message
K = TypeVar("K")
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    lease_s: float = 30.0
    user_running_cap: int = 2
    retry_backoff_s: float = 2.0  # times the attempt number, for a re-queued job
    reap_batch: int = 100


def make_pool(
    conninfo: str, size: int, *, durable_commits: bool = True, generic_plans: bool = False
) -> AsyncConnectionPool[Conn]:
    """Autocommit connections: each named statement is its own transaction.

    `durable_commits=False` gives connections that do not wait for the WAL flush at commit
    (synchronous_commit off). The claim uses them: a claim lost in a database crash cannot
    have run anything, because no tool starts before its started mark commits durably, and
    that flush carries every earlier commit with it (the WAL is flushed in order).

    `generic_plans=True` makes prepared statements use their generic plan at once
    (plan_cache_mode = force_generic_plan). The claim uses them: left to choose, PostgreSQL
    plans the claim afresh every time (its generic plan's estimates for the LIMIT parameters
    look dearer than a custom plan's), about 0.5 ms of the database's CPU per claim, while the
    generic plan is as good (the claim-order index in order, the users by their primary key).
    A plan changes how fast a statement runs, never what it does."""

    async def configure(conn: Conn) -> None:
        await conn.set_autocommit(True)
        if not durable_commits:
            await conn.execute("SET synchronous_commit = off")
        if generic_plans:
            await conn.execute("SET plan_cache_mode = force_generic_plan")

    return AsyncConnectionPool(
        conninfo,
        min_size=1,
        max_size=max(2, size),
        open=False,
        configure=configure,
        timeout=5.0,
        name="skriptoteket-worker" if durable_commits else "skriptoteket-worker-claims",
    )


class _Batcher(Generic[K, T, R]):
    """Group commit for per-job statements: while one batch is being written, the requests
    arriving meanwhile wait and go together in the next. Idle, a request goes alone at once;
    busy, a commit (an fsync) carries many jobs."""

    def __init__(
        self,
        write: Callable[[list[tuple[K, T]]], Awaitable[dict[K, R]]],
        *,
        max_batch: int = 200,
    ) -> None:
        self._write = write
        self._max_batch = max_batch
        self._pending: list[tuple[K, T, asyncio.Future[R | None]]] = []
        self._writing = False

    async def submit(self, key: K, item: T) -> R | None:
        """The item's result, or None when the statement did not touch it."""
        future: asyncio.Future[R | None] = asyncio.get_running_loop().create_future()
        self._pending.append((key, item, future))
        if not self._writing:
            self._writing = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._pending:
                batch = self._pending[: self._max_batch]
                del self._pending[: self._max_batch]
                try:
                    results = await self._write([(key, item) for key, item, _ in batch])
                except Exception as exc:
                    for _, _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for key, _, future in batch:
                    if not future.done():
                        future.set_result(results.get(key))
        finally:
            self._writing = False


class PgJobQueue:
    def __init__(
        self,
        pool: AsyncConnectionPool[Conn],
        policy: QueuePolicy,
        *,
        claim_pool: AsyncConnectionPool[Conn] | None = None,
    ) -> None:
        self._pool = pool
        self._claim_pool = claim_pool or pool
        self._policy = policy
        # Started marks and verdicts, keyed by (what, job id), share statements and commits.
        self._writes: _Batcher[tuple[str, int], dict[str, Any], bool] = _Batcher(self._write)

    async def _rows(
        self,
        statement: str,
        params: dict[str, Any],
        pool: AsyncConnectionPool[Conn] | None = None,
    ) -> list[tuple[Any, ...]]:
        """Run one statement on a pooled connection; a lost database becomes Unavailable
        for the caller to retry."""
        return await pooled_rows(pool or self._pool, statement, params, database=DATABASE)

    async def claim(self, owner: str, limit: int) -> list[ClaimedJob]:
        rows = await self._rows(
            sql.CLAIM,
            {
                "owner": owner,
                "limit": limit,
                # Look a little beyond `limit`: some candidates may belong to users whose cap
                # leaves room for fewer jobs than they have queued.
                "scan": limit * 2,
                "user_cap": self._policy.user_running_cap,
                "lease_s": self._policy.lease_s,
            },
            self._claim_pool,
        )
        return [
            ClaimedJob(job_id=r[0], run_id=r[1], user_id=r[2], attempt=r[3], request=r[4].encode())
            for r in rows
        ]

    async def mark_tool_started(self, job: ClaimedJob, owner: str) -> bool | None:
        return await self._writes.submit(("started", job.job_id), _lease_params(job, owner))

    async def finish(self, job: ClaimedJob, owner: str, verdict: Verdict) -> Stored | None:
        announce = await self._writes.submit(
            ("stored", job.job_id), finish_item(job, owner, verdict)
        )
        return None if announce is None else Stored(announce=announce)

    async def _write(
        self, items: list[tuple[tuple[str, int], dict[str, Any]]]
    ) -> dict[tuple[str, int], bool]:
        marks = [item for (what, _), item in items if what == "started"]
        verdicts = [item for (what, _), item in items if what == "stored"]
        rows = await self._rows(
            sql.MARK_STARTED_AND_FINISH,
            {"marks": _json(marks), "verdicts": _json(verdicts)},
        )
        return {(r[0], r[1]): bool(r[2]) for r in rows}

    async def renew_leases(self, owner: str, job_ids: list[int]) -> list[Lease]:
        rows = await self._rows(
            sql.RENEW_LEASES,
            {"owner": owner, "job_ids": job_ids, "lease_s": self._policy.lease_s},
        )
        return [Lease(job_id=r[0], attempt=r[1], cancel_requested=r[2]) for r in rows]

    async def hand_back(self, job: ClaimedJob, owner: str) -> bool:
        rows = await self._rows(sql.HAND_BACK, _lease_params(job, owner))
        return bool(rows and rows[0][0])

    async def reap(self) -> list[ReapedJob]:
        rows = await self._rows(
            sql.REAP,
            {"limit": self._policy.reap_batch, "backoff_s": self._policy.retry_backoff_s},
        )
        return [ReapedJob(run_id=r[0], requeued=r[1], tool_started=r[2]) for r in rows]

    async def queue_depth(self) -> int:
        rows = await self._rows(sql.QUEUE_DEPTH, {})
        return int(rows[0][0])


def finish_item(job: ClaimedJob, owner: str, verdict: Verdict) -> dict[str, Any]:
    """One verdict as MARK_STARTED_AND_FINISH reads it (UUIDs and times become strings when
    encoded)."""
    change = verdict.session
    return {
        **_lease_params(job, owner),
        "status": verdict.status.value,
        "error_code": verdict.error_code.value if verdict.error_code else None,
        "error_message": verdict.error_message,
        "result": verdict.result,
        "logs": verdict.logs or None,
        "artifacts": msgspec.to_builtins(verdict.artifacts),
        "session_id": change.session_id if change else None,
        "base_rev": change.base_rev if change else None,
        "state_mode": change.state_mode if change else None,
        "state_value": change.state_value if change else None,
        "pending_actions": change.pending_actions if change else None,
        "promoted": msgspec.to_builtins(change.promoted if change else []),
        "session_expires_at": (
            change.expires_at.isoformat() if change and change.expires_at else None
        ),
    }


def _json(items: list[dict[str, Any]]) -> str:
    """A JSON array for a statement's jsonb parameter (UUIDs and times as strings)."""
    return msgspec.json.encode(items).decode()


def _lease_params(job: ClaimedJob, owner: str) -> dict[str, Any]:
    return {"job_id": job.job_id, "owner": owner, "attempt": job.attempt}


class PgWakeups:
    """LISTEN on a dedicated connection; reconnects with jittered exponential backoff."""

    def __init__(
        self, conninfo: str, *, max_backoff_s: float = 5.0, liveness_s: float = 10.0
    ) -> None:
        self._conninfo = conninfo
        self._liveness_s = liveness_s
        self._max_backoff_s = max_backoff_s
        self.connected = asyncio.Event()

    async def listen(self, on_queued: Callable[[], None], on_cancel: Callable[[], None]) -> None:
        def on_note(note: psycopg.Notify) -> None:
            (on_cancel if note.channel == "job_cancel" else on_queued)()

        await listen(
            self._conninfo,
            ("job_queued", "job_cancel"),
            name="queue listener",
            on_listening=on_queued,  # whatever was enqueued while we were away
            on_note=on_note,
            liveness_s=self._liveness_s,
            max_backoff_s=self._max_backoff_s,
            connected=self.connected,
        )


def parse_run_status(payload: str) -> tuple[UUID, str]:
    """The payload of a `run_status` notification."""
    data = json.loads(payload)
    return UUID(data["run_id"]), str(data["status"])


class PgSourceFiles:
    """A stored version's source files, for the worker's RunSpec. Versions never change, so
    what was read once is kept (a few hundred at most)."""

    def __init__(self, pool: AsyncConnectionPool[Conn], *, keep: int = 256) -> None:
        self._pool = pool
        self._keep = keep
        self._cache: dict[UUID, dict[str, str]] = {}

    async def load(self, version_id: UUID) -> dict[str, str]:
        cached = self._cache.get(version_id)
        if cached is not None:
            return dict(cached)
        rows = await pooled_rows(
            self._pool,
            "SELECT files FROM tool_versions WHERE id = %(id)s",
            {"id": version_id},
            database=DATABASE,
        )
        if not rows:
            raise LookupError(f"there is no version {version_id}")
        files = {str(k): str(v) for k, v in dict(rows[0][0]).items()}
        if len(self._cache) >= self._keep:
            self._cache.pop(next(iter(self._cache)))
        self._cache[version_id] = files
        return dict(files)
