"""Privacy: run content expires (and what is left of an expired run), erased users, erasure
requests, stored files waiting to be deleted, and an audit log that may be anonymised but
otherwise stays append-only.

Revision ID: 0030
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0030"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # When the owner first received the finished run (GET or the stream's terminal event):
    # with a retention of 0 days the content goes at the next pass after this.
    op.add_column("runs", sa.Column("delivered_at", TS))
    # Set when the content (request, result, logs, error message, artifacts) was deleted,
    # with the retention that applied and the sizes of what went (statistics only).
    op.add_column("runs", sa.Column("content_expired_at", TS))
    op.add_column("runs", sa.Column("retention_days", sa.Integer()))
    op.add_column("runs", sa.Column("sizes", postgresql.JSONB()))
    # The retention pass walks runs still holding content, oldest first.
    op.create_index(
        "ix_runs_content_held",
        "runs",
        ["finished_at"],
        postgresql_where=sa.text("content_expired_at IS NULL AND finished_at IS NOT NULL"),
    )

    op.add_column("users", sa.Column("erased_at", TS))
    op.create_table(
        "erasure_requests",
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("requested_at", TS, nullable=False),
    )
    # Keys of stored files whose rows are gone: written in the transaction that deletes the
    # rows, removed once the bytes are gone, so a process dying in between leaves a to-do
    # the next retention pass finishes, never a forgotten file.
    op.create_table(
        "file_deletions",
        sa.Column("store_key", sa.Text(), primary_key=True),
        sa.Column("queued_at", TS, nullable=False, server_default=sa.text("now()")),
    )

    # The audit log stays append-only, with one exception: erasure may blank an event's IP and
    # user agent and drop keys from its details. Nothing else of a row may change, and no row
    # may be deleted.
    op.execute(
        """
        CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE'
               AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
               AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
               AND NEW.subject_type IS NOT DISTINCT FROM OLD.subject_type
               AND NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id
               AND NEW.ip IS NULL AND NEW.user_agent IS NULL
               AND OLD.details @> NEW.details
               AND (SELECT bool_and(OLD.details -> k = NEW.details -> k)
                    FROM jsonb_object_keys(NEW.details) AS k) IS NOT FALSE
            THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'audit_events is append-only (only anonymising is allowed)';
        END $$;
        """
    )


def downgrade() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_events is append-only';
        END $$;
        """
    )
    op.drop_table("file_deletions")
    op.drop_table("erasure_requests")
    op.drop_column("users", "erased_at")
    op.drop_index("ix_runs_content_held", "runs")
    for column in ("sizes", "retention_days", "content_expired_at", "delivered_at"):
        op.drop_column("runs", column)
