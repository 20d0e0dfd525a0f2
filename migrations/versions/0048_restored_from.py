"""A rollback's copy records the version it restored, so the versions it withdrew are known.

Revision ID: 0048_restored_from
Revises: 0020_reset
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0048_restored_from"
down_revision = "0020_reset"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not back-filled from older rollbacks' change summaries: a session lives a day at most.
    op.add_column("tool_versions", sa.Column("restored_from", sa.Integer()))


def downgrade() -> None:
    op.drop_column("tool_versions", "restored_from")
