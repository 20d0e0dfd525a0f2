"""A version's examples (examples/<case>/ of a tool folder) are kept with the version: their
JSON and file descriptions on the version row, the files' bytes in their own table.

Revision ID: 0044_examples
Revises: 0042_catalog_version
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0044_examples"
down_revision = "0042_catalog_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "tool_versions",
        sa.Column(
            "examples",
            postgresql.JSONB(),
            nullable=False,
            server_default=sa.text("'[]'::jsonb"),
        ),
    )
    op.create_table(
        "tool_version_example_files",
        sa.Column(
            "version_id",
            sa.Uuid(),
            sa.ForeignKey("tool_versions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("case_name", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tool_version_example_files")
    op.drop_column("tool_versions", "examples")
