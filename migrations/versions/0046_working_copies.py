"""The editor's autosave: a working copy per user and tool (GET/PUT
/api/v1/tools/{slug}/working-copy).

Revision ID: 0046_working_copies
Revises: 0043_queue_hot
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0046_working_copies"
down_revision = "0043_queue_hot"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "working_copies",
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "tool_id", sa.Uuid(), sa.ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("manifest", postgresql.JSONB(), nullable=False),
        sa.Column("files", postgresql.JSONB(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("working_copies")
