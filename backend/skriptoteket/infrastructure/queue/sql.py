"""Every statement of the run queue, in one place, written plainly.

Parameters use psycopg's `%(name)s` style (the SQLAlchemy side runs them with exec_driver_sql).
Each worker statement is one statement in autocommit mode, so each is atomic on its own, and a
`pg_notify` inside it is delivered exactly when it commits.

Invariants the statements keep together:
- a job is `queued`, `running` (with a lease) or `done`; its run's status says how it ended;
- `queue_users.running` equals the user's number of `running` jobs: the claim adds to it and
  every way out of `running` (finish, hand back, reap) subtracts, in the same statement that
  moves the job;
- only the lease holder changes a running job: statements check `lease_owner` and `attempts`
  (the fencing token: a job re-claimed by the same worker has a higher attempt number);
- `queue_users` rows are locked in `user_id` order, after any job rows, so the statements cannot
  deadlock with each other.

Channels: `job_queued` (a job may be claimable), `job_cancel` (a running job should stop),
`run_status` (a run changed status; payload `{"run_id", "status"}` for the API to stream).
"""

from __future__ import annotations

# In a RETURNING of an UPDATE on `runs r`: tell the API's live streams the run's new status.
PUBLISH_RUN_STATUS = (
    "pg_notify('run_status', json_build_object('run_id', r.id, 'status', r.status)::text)"
)


def free_running_slots(left: str) -> str:
    """Two CTEs, `users` and `freed`, for a statement that moves jobs out of `running`: `left`
    names a relation with one `user_id` row per job that left. The users' queue_users rows are
    locked in user_id order (as the claim locks them) and their counters lowered by as many."""
    return f"""users AS MATERIALIZED (
    SELECT u.user_id FROM queue_users u
    WHERE u.user_id IN (SELECT user_id FROM {left})
    ORDER BY u.user_id
    FOR UPDATE
),
freed AS (
    UPDATE queue_users u SET running = u.running - x.n
    FROM (
        SELECT l.user_id, count(*) AS n
        FROM users l JOIN {left} m ON m.user_id = l.user_id
        GROUP BY l.user_id
    ) x
    WHERE u.user_id = x.user_id
)"""  # noqa: S608 (composed of this module's constants only)


# Serializes enqueues of one user until commit (two ints: a namespace for the queue, the user).
LOCK_USER_FOR_ENQUEUE = """
SELECT pg_advisory_xact_lock(7305, hashtext(%(user_id)s::text))
"""

# Runs after LOCK_USER_FOR_ENQUEUE as a statement of its own, so its snapshot sees every enqueue
# of this user that committed before we got the lock: the run and its job are inserted only
# while the user has fewer than %(queued_cap)s queued jobs (no row back: at the cap, nothing
# was written and nobody is notified).
ENQUEUE = f"""
WITH waiting AS (
    SELECT count(*) AS n FROM jobs WHERE user_id = %(user_id)s AND status = 'queued'
),
new_run AS (
    INSERT INTO runs (id, user_id, tool_id, tool_version_id, tool_slug, version_number, mode,
                      env, session_id, status, request, queued_at)
    -- (cast: a SELECT list gives its parameters no column types)
    SELECT %(run_id)s::uuid, %(user_id)s::uuid, %(tool_id)s::uuid, %(tool_version_id)s::uuid,
           %(tool_slug)s::text, %(version_number)s::int, %(mode)s::text, %(env)s::text,
           %(session_id)s::uuid, 'queued', %(request)s::jsonb, now()
    FROM waiting WHERE waiting.n < %(queued_cap)s
    RETURNING id, user_id, status, queued_at
),
new_job AS (
    INSERT INTO jobs (run_id, user_id, priority, max_attempts, available_at)
    SELECT id, user_id, %(priority)s, %(max_attempts)s, now() FROM new_run
    RETURNING id, priority, available_at
),
user_row AS (
    INSERT INTO queue_users (user_id) SELECT user_id FROM new_run
    ON CONFLICT (user_id) DO NOTHING
)
SELECT j.id, r.queued_at,
       -- the claim's order, as GET /runs/{{id}} counts it (the new job is not in this snapshot)
       (SELECT count(*) FROM jobs ahead
        WHERE ahead.status = 'queued'
          AND (ahead.priority, ahead.available_at, ahead.id)
              < (j.priority, j.available_at, j.id)),
       pg_notify('job_queued', ''), {PUBLISH_RUN_STATUS}
FROM new_run r, new_job j
"""  # noqa: S608 (composed of this module's constants only)

GET_RUN = """
SELECT id, user_id, status FROM runs WHERE id = %(run_id)s
"""

# The claim, as one statement. Why it is correct when many workers run it at once:
#
# 1. `candidate` locks ready jobs with FOR UPDATE SKIP LOCKED: two claimers never lock the same
#    job, and a claimer never waits for another. A row that another transaction changed after
#    our snapshot is re-checked on its newest version (still queued, still ready) before it is
#    locked. The partial index on queued jobs serves the ORDER BY, so finished jobs cost nothing.
#    Users already at the cap (by our snapshot) are skipped here, so their backlog does not hide
#    other users' jobs.
# 2. The per-user running cap cannot be decided from the snapshot: two claimers starting at the
#    same time would both see the user below the cap. So `slot` locks the users' queue_users
#    rows (FOR UPDATE, in user_id order so claimers cannot deadlock). A row lock waits for the
#    other claimer to commit and then reads the row's newest version: `running` is exact while
#    we hold the lock, and nobody else can change it before we commit.
# 3. `picked` takes, per user, at most `cap - running` of the locked candidates (in priority,
#    then age order), and at most `limit` in all; `counted` adds exactly that many to `running`
#    and `claimed` moves exactly those jobs to running. All in one transaction: a claimer that
#    dies mid-way changes nothing.
# 4. Candidates locked but not picked stay queued; the locks go at commit.
#
# The worker runs it on its generic plan (`make_pool(generic_plans=True)`): the plan decides
# only how fast the statement runs; every step above holds in any plan.
CLAIM = f"""
WITH candidate AS MATERIALIZED (
    SELECT j.id, j.user_id, j.priority, j.available_at
    FROM jobs j
    WHERE j.status = 'queued'
      AND j.available_at <= now()
      AND NOT EXISTS (
          SELECT 1 FROM queue_users u
          WHERE u.user_id = j.user_id AND u.running >= %(user_cap)s
      )
    ORDER BY j.priority, j.available_at, j.id
    LIMIT %(scan)s
    FOR UPDATE OF j SKIP LOCKED
),
slot AS MATERIALIZED (
    SELECT u.user_id, u.running
    FROM queue_users u
    WHERE u.user_id IN (SELECT user_id FROM candidate)
    ORDER BY u.user_id
    FOR UPDATE
),
picked AS MATERIALIZED (
    SELECT ranked.id, ranked.user_id
    FROM (
        SELECT c.*, row_number() OVER (
            PARTITION BY c.user_id ORDER BY c.priority, c.available_at, c.id
        ) AS nth
        FROM candidate c
    ) ranked
    JOIN slot s ON s.user_id = ranked.user_id
    WHERE ranked.nth <= %(user_cap)s - s.running
    ORDER BY ranked.priority, ranked.available_at, ranked.id
    LIMIT %(limit)s
),
counted AS (
    UPDATE queue_users u SET running = u.running + p.n
    FROM (SELECT user_id, count(*) AS n FROM picked GROUP BY user_id) p
    WHERE u.user_id = p.user_id
),
claimed AS (
    UPDATE jobs j
    SET status = 'running',
        attempts = j.attempts + 1,
        lease_owner = %(owner)s,
        lease_expires_at = now() + make_interval(secs => %(lease_s)s),
        tool_started_at = NULL,
        updated_at = now()
    FROM picked p
    WHERE j.id = p.id
    RETURNING j.id, j.run_id, j.user_id, j.attempts
),
started AS (
    UPDATE runs r SET status = 'running', started_at = now()
    FROM claimed c
    WHERE r.id = c.run_id
    RETURNING r.id, r.request, {PUBLISH_RUN_STATUS}
)
SELECT c.id, c.run_id, c.user_id, c.attempts, s.request::text
FROM claimed c JOIN started s ON s.id = c.run_id
"""  # noqa: S608 (composed of this module's constants only)

# Only the jobs the worker is executing right now: a lease of a job it lost track of expires.
RENEW_LEASES = """
UPDATE jobs SET lease_expires_at = now() + make_interval(secs => %(lease_s)s)
WHERE status = 'running' AND lease_owner = %(owner)s AND id = ANY(%(job_ids)s)
RETURNING id, attempts, cancel_requested
"""

# The worker's durable writes, both batched into this one statement (one commit, one WAL flush):
#
# - `marks`: the lease holder says the tools of these jobs are about to start. From here on such
#   a job is never run again (tools are not assumed idempotent): if its worker dies, the reaper
#   fails the run. The worker starts a tool only after this statement's answer, so only after
#   the mark's commit is flushed. Answer: ('started', job id, whether cancel was asked).
# - `verdicts`: only the lease holder finalizes; each job, its user's counter and its run change
#   together, with the run's artifacts and, for a succeeded run in a session, the session's
#   change: the state mode applied with compare-and-swap on the rev the run was queued at
#   (`base_rev`), the pending actions replaced, promoted artifacts added as session files (a
#   name already in the session is replaced). A run whose verdict is not stored changes
#   nothing. Answer: ('stored', job id, whether a webhook, in this statement's snapshot, listens
#   for its tool's run events): only then does the worker announce the run, so a run nobody
#   listens for costs no further reads.
#
# Both are JSON arrays (either may be empty); marks are {job_id, owner, attempt}, verdicts the
# same with the verdict. The two touch different jobs (a worker sends a job's verdict only after
# its mark's answer, or without a mark); `verdict` reads `marked` to skip any job marked here
# anyway, which also makes every job row locked before any queue_users row (`users` needs
# `done`, which needs `verdict`). Users are locked in user_id order, as in the claim.
MARK_STARTED_AND_FINISH = f"""
WITH marked AS (
    UPDATE jobs j SET tool_started_at = now(), updated_at = now()
    FROM jsonb_to_recordset(%(marks)s::jsonb) AS v(job_id bigint, owner text, attempt int)
    WHERE j.id = v.job_id AND j.status = 'running'
      AND j.lease_owner = v.owner AND j.attempts = v.attempt
    RETURNING j.id, j.cancel_requested
),
verdict AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset(%(verdicts)s::jsonb) AS v(
        job_id bigint, owner text, attempt int, status text, error_code text,
        error_message text, result jsonb, logs jsonb, artifacts jsonb,
        session_id uuid, base_rev int, state_mode text, state_value jsonb,
        pending_actions jsonb, promoted jsonb, session_expires_at timestamptz)
    WHERE NOT EXISTS (SELECT 1 FROM marked m WHERE m.id = v.job_id)
),
done AS (
    UPDATE jobs j
    SET status = 'done', lease_expires_at = NULL, finished_at = now(), updated_at = now(),
        last_error = CASE WHEN v.error_code IS NULL THEN NULL ELSE v.error_message END
    FROM verdict v
    WHERE j.id = v.job_id AND j.status = 'running'
      AND j.lease_owner = v.owner AND j.attempts = v.attempt
    RETURNING j.id, j.run_id, j.user_id
),
{free_running_slots("done")},
artifacts AS (
    INSERT INTO run_artifacts (id, run_id, path, name, bytes, media_type, sha256, store_key,
                               label, promote, created_at, expires_at)
    SELECT a.id, d.run_id, a.path, a.name, a.bytes, a.media_type, a.sha256, a.store_key,
           a.label, a.promote, now(), a.expires_at
    FROM done d JOIN verdict v ON v.job_id = d.id,
         jsonb_to_recordset(coalesce(v.artifacts, '[]'::jsonb)) AS a(
             id uuid, path text, name text, bytes bigint, media_type text, sha256 text,
             store_key text, label text, promote boolean, expires_at timestamptz)
),
advanced AS (
    UPDATE sessions s
    SET state = CASE v.state_mode
                    WHEN 'replace' THEN v.state_value
                    WHEN 'clear' THEN '{{}}'::jsonb
                    ELSE s.state END,
        state_rev = s.state_rev + 1,
        pending_actions = coalesce(v.pending_actions, '[]'::jsonb),
        last_run_id = d.run_id,
        updated_at = now(),
        expires_at = greatest(s.expires_at, coalesce(v.session_expires_at, s.expires_at))
    FROM done d JOIN verdict v ON v.job_id = d.id
    WHERE v.status = 'succeeded' AND s.id = v.session_id AND s.state_rev = v.base_rev
    RETURNING s.id AS session_id, d.run_id
),
promoted AS (
    INSERT INTO session_files (id, session_id, field, name, bytes, media_type, sha256,
                               store_key, created_at, expires_at, promoted_from_run_id)
    SELECT p.id, ad.session_id, NULL, p.name, p.bytes, p.media_type, p.sha256, p.store_key,
           now(), v.session_expires_at, ad.run_id
    FROM advanced ad JOIN done d ON d.run_id = ad.run_id JOIN verdict v ON v.job_id = d.id,
         jsonb_to_recordset(coalesce(v.promoted, '[]'::jsonb)) AS p(
             id uuid, name text, bytes bigint, media_type text, sha256 text, store_key text)
    ON CONFLICT (session_id, name) DO UPDATE
    SET bytes = excluded.bytes, media_type = excluded.media_type, sha256 = excluded.sha256,
        store_key = excluded.store_key, created_at = excluded.created_at,
        expires_at = excluded.expires_at, promoted_from_run_id = excluded.promoted_from_run_id,
        field = NULL
),
finished AS (
    UPDATE runs r
    SET status = v.status, error_code = v.error_code, error_message = v.error_message,
        result = v.result, logs = v.logs, finished_at = now()
    FROM done d JOIN verdict v ON v.job_id = d.id
    WHERE r.id = d.run_id
    RETURNING r.id, r.tool_slug, {PUBLISH_RUN_STATUS}
)
SELECT 'started', m.id, m.cancel_requested FROM marked m
UNION ALL
SELECT 'stored', d.id, EXISTS (
    SELECT 1 FROM webhooks w
    WHERE w.events && ARRAY['run.finished', 'run.failed']::varchar[]
      AND (w.tool_slug IS NULL OR w.tool_slug = f.tool_slug)
)
FROM done d JOIN finished f ON f.id = d.run_id
"""  # noqa: S608 (composed of this module's constants only)

# A stopping worker returns a job whose tool never started: queued again at once, the attempt
# not counted.
HAND_BACK = f"""
WITH back AS (
    UPDATE jobs
    SET status = 'queued', attempts = attempts - 1, lease_owner = NULL,
        lease_expires_at = NULL, available_at = now(), updated_at = now()
    WHERE id = %(job_id)s AND status = 'running' AND tool_started_at IS NULL
      AND lease_owner = %(owner)s AND attempts = %(attempt)s
    RETURNING run_id, user_id
),
freed AS (
    UPDATE queue_users u SET running = u.running - 1 FROM back WHERE u.user_id = back.user_id
),
requeued AS (
    UPDATE runs r SET status = 'queued', started_at = NULL
    FROM back WHERE r.id = back.run_id
    RETURNING r.id, {PUBLISH_RUN_STATUS}
)
SELECT count(*), pg_notify('job_queued', '') FROM requeued
"""  # noqa: S608 (composed of this module's constants only)

# Leases that expired: their holder died or lost the database for longer than the lease.
# Safe when several workers reap at once: SKIP LOCKED gives each expired job to one reaper, and
# the expiry is re-checked on the newest row version (a late heartbeat wins). A job whose tool
# never started runs again after a backoff while attempts remain; otherwise the run fails with
# platform_error (cancelled, when cancel had been asked).
REAP = f"""
WITH expired AS MATERIALIZED (
    SELECT id FROM jobs
    WHERE status = 'running' AND lease_expires_at < now()
    ORDER BY lease_expires_at
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
),
requeued AS (
    UPDATE jobs j
    SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
        available_at = now() + make_interval(secs => %(backoff_s)s * j.attempts),
        last_error = 'the worker holding the lease stopped before the tool started',
        updated_at = now()
    FROM expired e
    WHERE j.id = e.id AND j.tool_started_at IS NULL AND j.attempts < j.max_attempts
      AND NOT j.cancel_requested
    RETURNING j.id, j.run_id, j.user_id
),
failed AS (
    UPDATE jobs j
    SET status = 'done', lease_expires_at = NULL, finished_at = now(), updated_at = now(),
        last_error = CASE
            WHEN j.tool_started_at IS NOT NULL THEN 'the worker running the tool stopped'
            ELSE 'the tool could not be started'
        END
    FROM expired e
    WHERE j.id = e.id
      AND NOT (j.tool_started_at IS NULL AND j.attempts < j.max_attempts
               AND NOT j.cancel_requested)
    RETURNING j.id, j.run_id, j.user_id, j.tool_started_at IS NOT NULL AS tool_started,
              j.cancel_requested, j.last_error
),
left_running AS (
    SELECT user_id FROM requeued UNION ALL SELECT user_id FROM failed
),
{free_running_slots("left_running")},
runs_requeued AS (
    UPDATE runs r SET status = 'queued', started_at = NULL
    FROM requeued q WHERE r.id = q.run_id
    RETURNING r.id, {PUBLISH_RUN_STATUS}
),
runs_failed AS (
    UPDATE runs r
    SET status = CASE WHEN f.cancel_requested THEN 'cancelled' ELSE 'failed' END,
        error_code = CASE WHEN f.cancel_requested THEN NULL ELSE 'platform_error' END,
        error_message = CASE WHEN f.cancel_requested THEN NULL ELSE f.last_error END,
        finished_at = now()
    FROM failed f WHERE r.id = f.run_id
    RETURNING r.id, {PUBLISH_RUN_STATUS}
)
SELECT q.run_id, true AS requeued, false AS tool_started FROM requeued q
UNION ALL
SELECT f.run_id, false, f.tool_started FROM failed f
"""  # noqa: S608 (composed of this module's constants only)

# Cancel: a queued job ends at once; a running one is flagged for its worker (which is woken
# through `job_cancel`). One UPDATE decides on the job's newest version, so a claim racing the
# cancel cannot make it miss: whichever commits first, the other sees its result.
CANCEL = f"""
WITH job AS (
    UPDATE jobs
    SET cancel_requested = true,
        status = CASE WHEN status = 'queued' THEN 'done' ELSE status END,
        finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END,
        updated_at = now()
    WHERE run_id = %(run_id)s AND status IN ('queued', 'running')
    RETURNING run_id, status
),
cancelled AS (
    UPDATE runs r SET status = 'cancelled', finished_at = now()
    FROM job WHERE r.id = job.run_id AND job.status = 'done'
    RETURNING r.id, {PUBLISH_RUN_STATUS}
)
SELECT job.status,
       CASE WHEN job.status = 'running' THEN pg_notify('job_cancel', job.run_id::text) END
FROM job
"""  # noqa: S608 (composed of this module's constants only)

QUEUE_DEPTH = """
SELECT count(*) FROM jobs WHERE status = 'queued'
"""
