"""Retention and erasure ask, for every deleted file row, whether another row still refers to
its stored file: index the store keys so that question does not read the whole table.

Revision ID: 0030_store_keys
Revises: 0025
"""

from __future__ import annotations

from alembic import op

revision = "0030_store_keys"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_run_artifacts_store_key", "run_artifacts", ["store_key"])
    op.create_index("ix_session_files_store_key", "session_files", ["store_key"])


def downgrade() -> None:
    op.drop_index("ix_session_files_store_key", "session_files")
    op.drop_index("ix_run_artifacts_store_key", "run_artifacts")
