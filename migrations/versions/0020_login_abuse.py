"""Login throttling per (account, client): failures remember their client, and browsers that
signed in to an account are known by the hash of their device cookie.

Revision ID: 0020_login
Revises: 0010_file_store
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_login"
down_revision = "0010_file_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Failures from before this revision were counted per IP and email; they are simply
    # forgotten (a few minutes of throttling at most).
    op.execute("DELETE FROM login_attempts")
    op.add_column("login_attempts", sa.Column("client", sa.String(80), nullable=False))
    op.drop_index("ix_login_attempts_ip_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_email_at", table_name="login_attempts")
    op.create_index(
        "ix_login_attempts_email_client_at", "login_attempts", ["email", "client", "at"]
    )
    op.create_table(
        "login_devices",
        sa.Column("device_hash", sa.LargeBinary(), primary_key=True),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_devices_user_id", "login_devices", ["user_id"])


def downgrade() -> None:
    op.drop_table("login_devices")
    op.drop_index("ix_login_attempts_email_client_at", table_name="login_attempts")
    op.drop_column("login_attempts", "client")
    op.create_index("ix_login_attempts_ip_at", "login_attempts", ["ip", "at"])
    op.create_index("ix_login_attempts_email_at", "login_attempts", ["email", "at"])
