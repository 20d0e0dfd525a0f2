"""The file store in PostgreSQL (SKRIPTOTEKET_FILE_STORE=postgres): a file is a row naming its
content, the content is 1 MiB chunks. Chunks are written under a fresh content id and the file
row points at them only once all are in, so a half-written file is never visible.

Revision ID: 0010_file_store
Revises: 0030_store_keys
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_file_store"
down_revision = "0030_store_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_file_chunks",
        sa.Column("content_id", sa.Uuid(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("now()"),
        ),
    )
    # Uploads and artifacts rarely compress: store the chunks out of line, uncompressed.
    op.execute("ALTER TABLE stored_file_chunks ALTER COLUMN data SET STORAGE EXTERNAL")
    op.create_table(
        "stored_files",
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("content_id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("now()"),
        ),
    )
    # Prefix deletes (a run's output/) use LIKE 'prefix%'.
    op.execute("CREATE INDEX ix_stored_files_key_prefix ON stored_files (key text_pattern_ops)")


def downgrade() -> None:
    op.drop_table("stored_files")
    op.drop_table("stored_file_chunks")
