"""Background jobs: small units of work (a mail, a webhook delivery) that the workers run
beside tool runs, retried with backoff (docs/architecture.md#background-jobs).

Revision ID: 0040_jobs
Revises: 0048_restored_from
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0040_jobs"
down_revision = "0048_restored_from"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "background_jobs",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("locked_by", sa.Text()),
        sa.Column("locked_until", TS),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("finished_at", TS),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'done', 'failed')", name="background_jobs_status"
        ),
    )
    # The claim reads only these two partial indexes: due pending jobs, expired leases.
    op.create_index(
        "ix_background_jobs_due",
        "background_jobs",
        ["run_after"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_background_jobs_leases",
        "background_jobs",
        ["locked_until"],
        postgresql_where=sa.text("status = 'running'"),
    )
    op.create_index(
        "ix_background_jobs_finished",
        "background_jobs",
        ["finished_at"],
        postgresql_where=sa.text("status IN ('done', 'failed')"),
    )


def downgrade() -> None:
    op.drop_table("background_jobs")
