"""Integrators: service accounts (users that are not people), scopes and request counts on
access tokens, and stored answers of requests sent with an Idempotency-Key.

Revision ID: 0047_integrations
Revises: 0040_jobs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0047_integrations"
down_revision = "0040_jobs"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
# Tokens made before scopes existed keep doing what they did (their owner's role still bounds
# them); new tokens get the least scope unless asked for more.
ALL_SCOPES = "{catalog:read,runs:write,runs:read,authoring:write,admin}"


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("is_service", sa.Boolean(), nullable=False, server_default="false")
    )
    op.add_column(
        "access_tokens",
        sa.Column(
            "scopes",
            postgresql.ARRAY(sa.String(32)),
            nullable=False,
            server_default=sa.text(f"'{ALL_SCOPES}'"),
        ),
    )
    op.alter_column("access_tokens", "scopes", server_default=None)
    op.add_column(
        "access_tokens",
        sa.Column("request_count", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column(
            "owner_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        # Set when the first request finished with a 2xx; until then it is in progress.
        sa.Column("fingerprint", sa.LargeBinary()),
        sa.Column("status", sa.Integer()),
        sa.Column("media_type", sa.String(100)),
        sa.Column("body", sa.LargeBinary()),
        sa.PrimaryKeyConstraint("owner_id", "key"),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"])


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    op.drop_column("access_tokens", "request_count")
    op.drop_column("access_tokens", "scopes")
    op.drop_column("users", "is_service")
