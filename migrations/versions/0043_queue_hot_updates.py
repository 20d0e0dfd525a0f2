"""The queue writes less per job: a claim's change of its run (queued → running) can stay on the
run's page (a HOT update, no new index entries) when the page has room, and the claim no longer
adds an entry to an index nothing reads (heartbeats find their jobs by id, not by owner).

Revision ID: 0043_queue_hot
Revises: 0047_webhooks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0043_queue_hot"
down_revision = "0047_webhooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New pages of runs keep a fifth free for the claim's update (existing pages are unchanged).
    op.execute("ALTER TABLE runs SET (fillfactor = 80)")
    op.drop_index("ix_jobs_running_owner", "jobs")


def downgrade() -> None:
    op.create_index(
        "ix_jobs_running_owner",
        "jobs",
        ["lease_owner"],
        postgresql_where=sa.text("status = 'running'"),
    )
    op.execute("ALTER TABLE runs RESET (fillfactor)")
