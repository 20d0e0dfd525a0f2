"""Every statement of the background jobs (docs/architecture.md#background-jobs), in one place.

A job is `pending` (due at `run_after`), `running` (leased to `locked_by` until
`locked_until`), `done` or `failed`. Parameters use psycopg's `%(name)s` style; the API side
runs ENQUEUE inside its unit of work (SQLAlchemy's exec_driver_sql), the worker side runs the
others in autocommit, each atomic on its own.

Why it is correct with many workers:
- CLAIM locks its candidates FOR UPDATE SKIP LOCKED, so two workers never take the same job and
  never wait for each other; a row changed after our snapshot is re-checked on its newest
  version before it is locked.
- `attempts` is the lease's fencing token: COMPLETE, RETRY and FAIL change the job only while
  `locked_by` and `attempts` are still the claimer's. A job whose lease expired (its worker
  died or hung) is claimable again with a higher `attempts`, and the late first claimer's
  answer then changes nothing.
- A job claimed more often than `max_attempts` (its workers kept dying) is failed by the
  claimer without running it (application/background_jobs.py).

Channel: `background_job` (a job may be claimable), sent by ENQUEUE when its transaction
commits.
"""

from __future__ import annotations

ENQUEUE = """
INSERT INTO background_jobs (kind, payload, max_attempts, run_after)
VALUES (%(kind)s, %(payload)s::jsonb, %(max_attempts)s, COALESCE(%(run_after)s, now()))
RETURNING id, pg_notify('background_job', '')
"""

CLAIM = """
WITH candidate AS (
    SELECT id FROM background_jobs
    WHERE kind = ANY(%(kinds)s)
      AND ((status = 'pending' AND run_after <= now())
           OR (status = 'running' AND locked_until <= now()))
    ORDER BY id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
UPDATE background_jobs j
SET status = 'running',
    attempts = j.attempts + 1,
    locked_by = %(owner)s,
    locked_until = now() + make_interval(secs => %(lease_s)s)
FROM candidate c
WHERE j.id = c.id
RETURNING j.id, j.kind, j.payload, j.attempts, j.max_attempts
"""

# Done: the payload is emptied (a mail's holds a one-time link; the job row stays a while for
# operators, the secret need not).
COMPLETE = """
UPDATE background_jobs
SET status = 'done', finished_at = now(), locked_by = NULL, locked_until = NULL,
    payload = '{}'::jsonb, last_error = NULL
WHERE id = %(id)s AND status = 'running' AND locked_by = %(owner)s AND attempts = %(attempt)s
RETURNING id
"""

RETRY = """
UPDATE background_jobs
SET status = 'pending', run_after = now() + make_interval(secs => %(delay_s)s),
    locked_by = NULL, locked_until = NULL, last_error = %(error)s
WHERE id = %(id)s AND status = 'running' AND locked_by = %(owner)s AND attempts = %(attempt)s
RETURNING id
"""

FAIL = """
UPDATE background_jobs
SET status = 'failed', finished_at = now(), locked_by = NULL, locked_until = NULL,
    last_error = %(error)s
WHERE id = %(id)s AND status = 'running' AND locked_by = %(owner)s AND attempts = %(attempt)s
RETURNING id
"""

# Finished jobs older than `before`, a batch at a time (workers share the pass).
PURGE = """
DELETE FROM background_jobs WHERE id IN (
    SELECT id FROM background_jobs
    WHERE status IN ('done', 'failed') AND finished_at < %(before)s
    LIMIT %(batch)s
    FOR UPDATE SKIP LOCKED
)
"""
