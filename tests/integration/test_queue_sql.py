"""The queue's named statements against a real PostgreSQL, several connections at once."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import psycopg
import pytest

from skriptoteket.application.runs.stored_request import StoredRequest
from skriptoteket.domain.runs import ErrorCode, RunStatus, Verdict
from skriptoteket.infrastructure.queue.postgres import (
    PgJobQueue,
    QueuePolicy,
    make_pool,
    parse_run_status,
)
from skriptoteket.infrastructure.queue.sql import CANCEL
from skriptoteket.protocols.queue import Stored
from tests.builders import make_user
from tests.queue_support import enqueue

CAP = 2


@pytest.fixture
async def queue(db: str) -> AsyncIterator[PgJobQueue]:
    pool = make_pool(db, 24)
    # Claims on connections like the worker's: no flush at commit, the generic plan at once.
    claim_pool = make_pool(db, 24, durable_commits=False, generic_plans=True)
    await pool.open(wait=True)
    await claim_pool.open(wait=True)
    try:
        yield PgJobQueue(
            pool,
            QueuePolicy(lease_s=30, user_running_cap=CAP, retry_backoff_s=60),
            claim_pool=claim_pool,
        )
    finally:
        await claim_pool.close()
        await pool.close()


def autocommit(db: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(db, autocommit=True)


def job_row(db: str, run_id: uuid.UUID) -> dict[str, object]:
    with psycopg.connect(db) as conn:
        cur = conn.execute("SELECT * FROM jobs WHERE run_id = %s", (run_id,))
        names = [d.name for d in cur.description or []]
        row = cur.fetchone()
    assert row is not None
    return dict(zip(names, row, strict=True))


def run_row(db: str, run_id: uuid.UUID) -> dict[str, object]:
    with psycopg.connect(db) as conn:
        cur = conn.execute("SELECT * FROM runs WHERE id = %s", (run_id,))
        names = [d.name for d in cur.description or []]
        row = cur.fetchone()
    assert row is not None
    return dict(zip(names, row, strict=True))


def running_counters(db: str) -> dict[uuid.UUID, tuple[int, int]]:
    """Per user: (the counter, the real number of running jobs)."""
    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT u.user_id, u.running, "
            "(SELECT count(*) FROM jobs j WHERE j.user_id = u.user_id AND j.status = 'running') "
            "FROM queue_users u"
        ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


async def test_claim_takes_the_lowest_priority_number_first_then_the_oldest(
    db: str, queue: PgJobQueue
) -> None:
    users = [make_user(db) for _ in range(3)]
    with autocommit(db) as conn:
        background = enqueue(conn, users[0].id, priority=10)
        old = enqueue(conn, users[1].id)
        new = enqueue(conn, users[2].id)
    claimed = [job.run_id for job in await queue.claim("w1", 3)]
    assert claimed == [old, new, background]


async def test_claims_run_on_their_generic_plan_without_a_flush_at_commit(db: str) -> None:
    """As the worker's claim connections are made: the claim is not planned again for every
    claim (the tests above and below claim on such connections)."""
    claim_pool = make_pool(db, 1, durable_commits=False, generic_plans=True)
    await claim_pool.open(wait=True)
    try:
        async with claim_pool.connection() as conn:
            modes = [
                (await (await conn.execute(f"SHOW {name}")).fetchone() or ("",))[0]
                for name in ("plan_cache_mode", "synchronous_commit")
            ]
    finally:
        await claim_pool.close()
    assert modes == ["force_generic_plan", "off"]


async def test_claim_skips_jobs_not_yet_available(db: str, queue: PgJobQueue) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        later = enqueue(conn, user.id)
        conn.execute(
            "UPDATE jobs SET available_at = now() + interval '1 hour' WHERE run_id = %s", (later,)
        )
    assert await queue.claim("w1", 5) == []


async def test_claim_sets_a_lease_counts_the_attempt_and_marks_the_run_running(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id, inputs={"n": 3})
    [job] = await queue.claim("w1", 1)
    assert job.attempt == 1
    assert StoredRequest.decode(job.request).payload.inputs == {"n": 3}
    row = job_row(db, run_id)
    assert row["status"] == "running"
    assert row["lease_owner"] == "w1"
    assert isinstance(row["lease_expires_at"], datetime)
    assert row["lease_expires_at"] > datetime.now(UTC)
    run = run_row(db, run_id)
    assert run["status"] == "running"
    assert run["started_at"] is not None


async def test_a_user_at_the_running_cap_does_not_block_other_users(
    db: str, queue: PgJobQueue
) -> None:
    busy, other = make_user(db), make_user(db)
    with autocommit(db) as conn:
        for _ in range(10):
            enqueue(conn, busy.id)
        waiting = enqueue(conn, other.id)
    claimed = await queue.claim("w1", 8)
    by_user = [job.user_id for job in claimed]
    assert by_user.count(busy.id) == CAP
    assert [job.run_id for job in claimed if job.user_id == other.id] == [waiting]


async def test_the_running_cap_holds_when_many_workers_claim_at_the_same_moment(
    db: str, queue: PgJobQueue
) -> None:
    """16 claimers on 16 connections race for one user's 40 jobs, round after round: the
    user never has more than CAP running, and the counter always equals the truth."""
    users = [make_user(db) for _ in range(3)]
    with autocommit(db) as conn:
        for user in users:
            for _ in range(40):
                enqueue(conn, user.id)
    for _ in range(6):
        results = await asyncio.gather(*(queue.claim(f"w{i}", 4) for i in range(16)))
        claimed = [job for jobs in results for job in jobs]
        counters = running_counters(db)
        for user in users:
            counter, truth = counters[user.id]
            assert counter == truth <= CAP
        assert len({job.job_id for job in claimed}) == len(claimed)
        # Finish one of each user's running jobs, so the next round races again.
        done: set[uuid.UUID] = set()
        for job in claimed:
            if job.user_id not in done:
                owner = f"w{next(i for i, js in enumerate(results) if job in js)}"
                assert await queue.mark_tool_started(job, owner) is False
                assert await queue.finish(job, owner, Verdict(RunStatus.SUCCEEDED))
                done.add(job.user_id)


async def test_only_the_lease_holder_with_the_current_attempt_finalizes(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id)
    [job] = await queue.claim("w1", 1)
    assert await queue.finish(job, "w2", Verdict(RunStatus.SUCCEEDED)) is None
    stale = type(job)(job.job_id, job.run_id, job.user_id, job.attempt + 1, job.request)
    assert await queue.finish(stale, "w1", Verdict(RunStatus.SUCCEEDED)) is None
    assert run_row(db, run_id)["status"] == "running"
    verdict = Verdict(
        RunStatus.FAILED, ErrorCode.USER_ERROR, "Kolumnen saknas.", {"status": "failed"}
    )
    assert await queue.finish(job, "w1", verdict) == Stored(announce=False)
    run = run_row(db, run_id)
    assert (run["status"], run["error_code"], run["error_message"]) == (
        "failed",
        "user_error",
        "Kolumnen saknas.",
    )
    assert run["result"] == {"status": "failed"}
    assert run["finished_at"] is not None
    assert job_row(db, run_id)["status"] == "done"
    assert running_counters(db)[user.id] == (0, 0)
    # Finalizing twice changes nothing.
    assert await queue.finish(job, "w1", Verdict(RunStatus.SUCCEEDED)) is None


async def test_started_marks_and_verdicts_that_arrive_together_share_one_commit(
    db: str, queue: PgJobQueue
) -> None:
    """A worker's started marks and verdicts go in one statement, one transaction, each with
    its own answer; a mark still only counts for the lease holder."""
    users = [make_user(db) for _ in range(3)]
    with autocommit(db) as conn:
        run_ids = [enqueue(conn, user.id) for user in users]
    first, second, third = await queue.claim("w1", 3)
    assert await queue.mark_tool_started(first, "w1") is False
    marked, stored, not_ours = await asyncio.gather(
        queue.mark_tool_started(second, "w1"),
        queue.finish(first, "w1", Verdict(RunStatus.SUCCEEDED)),
        queue.mark_tool_started(third, "w2"),
    )
    assert (marked, stored, not_ours) == (False, Stored(announce=False), None)
    with autocommit(db) as conn:
        rows = conn.execute(
            "SELECT run_id, xmin::text, status, tool_started_at IS NOT NULL FROM jobs",
        ).fetchall()
    jobs = {r[0]: r[1:] for r in rows}
    by_run = {job.run_id: jobs[job.run_id] for job in (first, second, third)}
    assert by_run[first.run_id][1:] == ("done", True)
    assert by_run[second.run_id][1:] == ("running", True)
    assert by_run[third.run_id][1:] == ("running", False)
    # The same transaction wrote the first job's verdict and the second job's mark.
    assert by_run[first.run_id][0] == by_run[second.run_id][0]
    assert run_row(db, first.run_id)["status"] == "succeeded"
    assert sorted(run_ids) == sorted(by_run)
    assert running_counters(db)[first.user_id] == (0, 0)


async def test_a_stored_verdict_is_announced_only_when_a_webhook_listens_for_its_tool(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)

    async def stored() -> Stored | None:
        with autocommit(db) as conn:
            enqueue(conn, user.id)  # tool "demo"
        [job] = await queue.claim("w1", 1)
        return await queue.finish(job, "w1", Verdict(RunStatus.SUCCEEDED))

    def hook(events: list[str], tool_slug: str | None) -> None:
        with autocommit(db) as conn:
            conn.execute(
                "INSERT INTO webhooks (id, url, events, tool_slug, secret, created_at) "
                "VALUES (%s, 'http://127.0.0.1:9/', %s, %s, 's', now())",
                (uuid.uuid4(), events, tool_slug),
            )

    assert await stored() == Stored(announce=False)
    hook(["version.published"], None)  # not a run event
    hook(["run.finished"], "other")  # another tool's
    assert await stored() == Stored(announce=False)
    hook(["run.failed"], "demo")
    assert await stored() == Stored(announce=True)


async def expire_leases(db: str) -> None:
    with autocommit(db) as conn:
        conn.execute(
            "UPDATE jobs SET lease_expires_at = now() - interval '1 second' "
            "WHERE status = 'running'"
        )


async def test_the_reaper_requeues_an_expired_job_whose_tool_never_started_with_backoff(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id)
    await queue.claim("dead", 1)
    await expire_leases(db)
    [reaped] = await queue.reap()
    assert (reaped.run_id, reaped.requeued, reaped.tool_started) == (run_id, True, False)
    row = job_row(db, run_id)
    assert row["status"] == "queued"
    assert row["attempts"] == 1
    assert row["lease_owner"] is None
    assert isinstance(row["available_at"], datetime)
    assert row["available_at"] > datetime.now(UTC)  # the backoff
    assert run_row(db, run_id)["status"] == "queued"
    assert running_counters(db)[user.id] == (0, 0)


async def test_the_reaper_fails_a_job_that_used_up_its_attempts(db: str, queue: PgJobQueue) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id, max_attempts=1)
    await queue.claim("dead", 1)
    await expire_leases(db)
    [reaped] = await queue.reap()
    assert (reaped.requeued, reaped.tool_started) == (False, False)
    run = run_row(db, run_id)
    assert (run["status"], run["error_code"]) == ("failed", "platform_error")


async def test_the_reaper_fails_a_job_whose_tool_had_started_and_never_reruns_it(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id)
    [job] = await queue.claim("dead", 1)
    await queue.mark_tool_started(job, "dead")
    await expire_leases(db)
    [reaped] = await queue.reap()
    assert (reaped.run_id, reaped.requeued, reaped.tool_started) == (run_id, False, True)
    run = run_row(db, run_id)
    assert (run["status"], run["error_code"]) == ("failed", "platform_error")
    assert job_row(db, run_id)["status"] == "done"
    assert await queue.finish(job, "dead", Verdict(RunStatus.SUCCEEDED)) is None
    assert running_counters(db)[user.id] == (0, 0)


async def test_reapers_running_at_once_reap_each_expired_lease_once(
    db: str, queue: PgJobQueue
) -> None:
    users = [make_user(db) for _ in range(10)]
    with autocommit(db) as conn:
        for user in users:
            for _ in range(2):
                enqueue(conn, user.id)
    await queue.claim("dead", 20)
    await expire_leases(db)
    results = await asyncio.gather(*(queue.reap() for _ in range(8)))
    reaped = [r.run_id for rs in results for r in rs]
    assert len(reaped) == len(set(reaped)) == 20
    assert all(counter == truth == 0 for counter, truth in running_counters(db).values())


async def test_a_live_heartbeat_keeps_the_reaper_away(db: str, queue: PgJobQueue) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        enqueue(conn, user.id)
    [job] = await queue.claim("w1", 1)
    await expire_leases(db)
    [lease] = await queue.renew_leases("w1", [job.job_id])
    assert (lease.job_id, lease.attempt, lease.cancel_requested) == (job.job_id, 1, False)
    assert await queue.reap() == []


async def test_cancelling_a_queued_run_ends_it_at_once(db: str, queue: PgJobQueue) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id)
        [(status, _)] = conn.execute(CANCEL, {"run_id": run_id}).fetchall()
    assert status == "done"
    assert run_row(db, run_id)["status"] == "cancelled"
    assert await queue.claim("w1", 1) == []


async def test_cancelling_a_running_run_flags_it_for_its_worker(db: str, queue: PgJobQueue) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id)
        [job] = await queue.claim("w1", 1)
        [(status, _)] = conn.execute(CANCEL, {"run_id": run_id}).fetchall()
    assert status == "running"
    [lease] = await queue.renew_leases("w1", [job.job_id])
    assert lease.cancel_requested is True
    assert await queue.mark_tool_started(job, "w1") is True


async def test_a_handed_back_job_is_queued_again_as_if_never_claimed(
    db: str, queue: PgJobQueue
) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        run_id = enqueue(conn, user.id)
    [job] = await queue.claim("w1", 1)
    assert await queue.hand_back(job, "w1") is True
    row = job_row(db, run_id)
    assert (row["status"], row["attempts"]) == ("queued", 0)
    assert run_row(db, run_id)["status"] == "queued"
    [again] = await queue.claim("w2", 1)
    assert again.attempt == 1


async def test_a_job_whose_tool_started_cannot_be_handed_back(db: str, queue: PgJobQueue) -> None:
    user = make_user(db)
    with autocommit(db) as conn:
        enqueue(conn, user.id)
    [job] = await queue.claim("w1", 1)
    await queue.mark_tool_started(job, "w1")
    assert await queue.hand_back(job, "w1") is False


async def test_enqueue_notifies_workers_only_when_its_transaction_commits(
    db: str,
) -> None:
    user = make_user(db)
    with autocommit(db) as listener:
        listener.execute("LISTEN job_queued")
        listener.execute("LISTEN run_status")
        with psycopg.connect(db) as writer:  # a transaction
            run_id = enqueue(writer, user.id)
            assert list(listener.notifies(timeout=0.2)) == []
            writer.commit()
        notes = list(listener.notifies(timeout=0.5, stop_after=2))
    assert {n.channel for n in notes} == {"job_queued", "run_status"}
    status = next(json.loads(n.payload) for n in notes if n.channel == "run_status")
    assert status == {"run_id": str(run_id), "status": "queued"}


async def test_every_status_change_is_published(db: str, queue: PgJobQueue) -> None:
    user = make_user(db)
    with autocommit(db) as listener:
        listener.execute("LISTEN run_status")
        with autocommit(db) as conn:
            run_id = enqueue(conn, user.id)
        [job] = await queue.claim("w1", 1)
        await queue.finish(job, "w1", Verdict(RunStatus.SUCCEEDED))
        notes = list(listener.notifies(timeout=1, stop_after=3))
    assert [parse_run_status(n.payload) for n in notes] == [
        (run_id, status) for status in ("queued", "running", "succeeded")
    ]


async def test_finished_jobs_stay_out_of_the_claims_index(db: str) -> None:
    """The claim reads a partial index of queued jobs: done jobs are not in it."""
    with autocommit(db) as conn:
        [(definition,)] = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_jobs_claim_order'"
        ).fetchall()
    assert "WHERE ((status)::text = 'queued'::text)" in str(definition)
