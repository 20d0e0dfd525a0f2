"""Example runs take their example's actions (actions.json) one after the other: the row keeps
the actions as they were at the start, how many were taken (`step`) and the latest run of the
chain (`last_run_id`), which is the run expected.json judges once no action is left.

Revision ID: 0050_example_run_steps
Revises: 0049_example_runs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0050_example_run_steps"
down_revision = "0049_example_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "example_runs",
        sa.Column(
            "actions",
            postgresql.JSONB(),
            nullable=False,
            server_default=sa.text("'[]'::jsonb"),
        ),
    )
    op.add_column(
        "example_runs",
        sa.Column("step", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.add_column(
        "example_runs",
        sa.Column(
            "last_run_id",
            sa.Uuid(),
            sa.ForeignKey("runs.id", ondelete="CASCADE"),
            nullable=True,
        ),
    )
    op.execute("UPDATE example_runs SET last_run_id = run_id")
    op.create_index("ix_example_runs_last_run", "example_runs", ["last_run_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_example_runs_last_run", table_name="example_runs")
    op.drop_column("example_runs", "last_run_id")
    op.drop_column("example_runs", "step")
    op.drop_column("example_runs", "actions")
