"""Runs and the job queue: `runs` (what was asked and what happened), `jobs` (the queue's
bookkeeping for each run) and `queue_users` (each user's running-job counter, the row the claim
locks to hold the per-user running cap).

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        # Foreign keys to the catalog come with the runs issue (the tables are built in parallel).
        sa.Column("tool_id", sa.Uuid(), nullable=False),
        sa.Column("tool_version_id", sa.Uuid(), nullable=False),
        sa.Column("tool_slug", sa.String(64), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("env", sa.String(16), nullable=False),
        sa.Column("session_id", sa.Uuid()),
        sa.Column("status", sa.String(16), nullable=False, server_default="queued"),
        sa.Column("error_code", sa.String(32)),
        sa.Column("error_message", sa.Text()),
        # What to run (source reference, request payload, limits): written at enqueue,
        # read by the worker to build the RunSpec.
        sa.Column("request", postgresql.JSONB(), nullable=False),
        sa.Column("result", postgresql.JSONB()),
        sa.Column("logs", postgresql.JSONB()),
        sa.Column("queued_at", TS, nullable=False, server_default=NOW),
        sa.Column("started_at", TS),
        sa.Column("finished_at", TS),
        sa.CheckConstraint("mode IN ('initial', 'action')", name="mode_known"),
        sa.CheckConstraint("env IN ('production', 'sandbox')", name="env_known"),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled')",
            name="status_known",
        ),
    )
    op.create_index("ix_runs_user_id_queued_at", "runs", ["user_id", "queued_at"])
    op.create_index("ix_runs_session_id", "runs", ["session_id"])

    op.create_table(
        "jobs",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column(
            "run_id", sa.Uuid(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        # Lower runs first: 0 = someone is waiting in the browser, higher = background work.
        sa.Column("priority", sa.SmallInteger(), nullable=False, server_default="0"),
        sa.Column("status", sa.String(16), nullable=False, server_default="queued"),
        sa.Column("attempts", sa.SmallInteger(), nullable=False, server_default="0"),
        sa.Column("max_attempts", sa.SmallInteger(), nullable=False, server_default="2"),
        sa.Column("available_at", TS, nullable=False, server_default=NOW),
        sa.Column("lease_owner", sa.String(128)),
        sa.Column("lease_expires_at", TS),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("last_error", sa.Text()),
        # Set (by the lease holder) just before the tool is handed to the runner: a job whose
        # lease expires with this still NULL never ran and may safely run again.
        sa.Column("tool_started_at", TS),
        sa.Column("created_at", TS, nullable=False, server_default=NOW),
        sa.Column("updated_at", TS, nullable=False, server_default=NOW),
        sa.Column("finished_at", TS),
        sa.CheckConstraint("status IN ('queued', 'running', 'done')", name="status_known"),
        sa.CheckConstraint(
            "status <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)",
            name="running_has_lease",
        ),
    )
    op.create_index("uq_jobs_run_id", "jobs", ["run_id"], unique=True)
    # The hot queue: only queued jobs are in this index, in claim order, so finished jobs
    # (most of the table, soon) never slow the claim.
    op.create_index(
        "ix_jobs_claim_order",
        "jobs",
        ["priority", "available_at", "id"],
        postgresql_where=sa.text("status = 'queued'"),
    )
    # The per-user queued cap at enqueue counts these.
    op.create_index(
        "ix_jobs_queued_user", "jobs", ["user_id"], postgresql_where=sa.text("status = 'queued'")
    )
    # Heartbeats (per owner) and the reaper (by expiry) look only at running jobs.
    op.create_index(
        "ix_jobs_running_lease",
        "jobs",
        ["lease_expires_at"],
        postgresql_where=sa.text("status = 'running'"),
    )
    op.create_index(
        "ix_jobs_running_owner",
        "jobs",
        ["lease_owner"],
        postgresql_where=sa.text("status = 'running'"),
    )
    # The queue rewrites its rows often: leave room on each page for HOT updates.
    op.execute("ALTER TABLE jobs SET (fillfactor = 70)")

    op.create_table(
        "queue_users",
        sa.Column(
            "user_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        # How many of the user's jobs are running now; kept by the named queue statements
        # (claim adds, every way out of `running` subtracts) in the same statement as the
        # job's own change.
        sa.Column("running", sa.Integer(), nullable=False, server_default="0"),
        sa.CheckConstraint("running >= 0", name="running_not_negative"),
    )


def downgrade() -> None:
    for table in ("queue_users", "jobs", "runs"):
        op.drop_table(table)
