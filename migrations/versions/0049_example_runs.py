"""Example runs: which run (or which refusal) checked which example of a version, with the
example's expected.json as it was when the run started, so `expected_met` is computed from the
run alone even after the version's examples change.

Revision ID: 0049_example_runs
Revises: 0045_search_folding
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0049_example_runs"
down_revision = "0045_search_folding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "example_runs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "version_id",
            sa.Uuid(),
            sa.ForeignKey("tool_versions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("case_name", sa.String(64), nullable=False),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        # null when the server refused the example's files before any run (see `refusal`)
        sa.Column("run_id", sa.Uuid(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=True),
        sa.Column("refusal", postgresql.JSONB(), nullable=True),
        sa.Column("expected", postgresql.JSONB(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_example_runs_latest", "example_runs", ["version_id", "user_id", "created_at"]
    )
    op.create_index("ix_example_runs_run", "example_runs", ["run_id"], unique=True)


def downgrade() -> None:
    op.drop_table("example_runs")
