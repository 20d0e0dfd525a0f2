"""Worker heartbeats: each worker process keeps one row fresh while it runs, so the API can
tell whether anyone will execute the queued runs (GET /api/v1/system/status, /readyz).

Revision ID: 0010_heartbeats
Revises: 0030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_heartbeats"
down_revision = "0030"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "worker_heartbeats",
        # The worker's lease owner name (host:pid:random): unique per process.
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("hostname", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("runner", sa.String(16), nullable=False),
        sa.Column("started_at", TS, nullable=False, server_default=NOW),
        sa.Column("last_seen_at", TS, nullable=False, server_default=NOW),
    )
    op.create_index("ix_worker_heartbeats_last_seen_at", "worker_heartbeats", ["last_seen_at"])


def downgrade() -> None:
    op.drop_table("worker_heartbeats")
