"""Accounts: a user's language and a temporary password's flag; invitations (also the
self-registrations waiting for their e-mail to be confirmed).

Revision ID: 0040_accounts
Revises: 0046_working_copies
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0040_accounts"
down_revision = "0046_working_copies"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("users", sa.Column("language", sa.Text(), nullable=False, server_default="sv"))
    op.create_check_constraint("users_language", "users", "language IN ('sv', 'en')")
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default="false"),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(), nullable=False, unique=True),
        # NULL: a self-registration (the link confirms the address).
        sa.Column("invited_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("accepted_at", TS),
        sa.Column("revoked_at", TS),
    )
    op.create_index("ix_invitations_email", "invitations", ["email"])


def downgrade() -> None:
    op.drop_table("invitations")
    op.drop_column("users", "must_change_password")
    op.drop_constraint("users_language", "users")
    op.drop_column("users", "language")
