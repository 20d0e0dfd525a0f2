"""Single sign-on: sign-ins pending at an OpenID provider, and domains that must use SSO.

Revision ID: 0025
Revises: 0010_heartbeats
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0010_heartbeats"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "oidc_pending",
        sa.Column("state_hash", sa.LargeBinary(), primary_key=True),
        sa.Column("provider_id", sa.String(32), nullable=False),
        sa.Column("browser_hash", sa.LargeBinary(), nullable=False),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("next_path", sa.String(512), nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_index("ix_oidc_pending_expires_at", "oidc_pending", ["expires_at"])
    op.create_table(
        "sso_domains",
        sa.Column("domain", sa.String(253), primary_key=True),
        sa.Column("provider_id", sa.String(32), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sso_domains")
    op.drop_index("ix_oidc_pending_expires_at", table_name="oidc_pending")
    op.drop_table("oidc_pending")
