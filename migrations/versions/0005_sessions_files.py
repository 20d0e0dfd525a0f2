"""Sessions, session files, run artifacts and per-user tool settings; the runs table gets its
foreign keys to the catalog and sessions (built in parallel before, so left out in 0004).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tool_id", sa.Uuid(), sa.ForeignKey("tools.id", ondelete="CASCADE"), nullable=False
        ),
        # NULL for a sandbox session: it runs the snapshot below, not a stored version.
        sa.Column(
            "tool_version_id", sa.Uuid(), sa.ForeignKey("tool_versions.id", ondelete="CASCADE")
        ),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("env", sa.String(16), nullable=False),
        sa.Column("state", postgresql.JSONB(), nullable=False, server_default="{}"),
        # Moves by one with every successful run (compare-and-swap in the worker's finish).
        sa.Column("state_rev", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("inputs", postgresql.JSONB(), nullable=False, server_default="{}"),
        sa.Column("pending_actions", postgresql.JSONB(), nullable=False, server_default="[]"),
        # A sandbox session keeps its unsaved {manifest, files} so action steps run it too.
        sa.Column("snapshot", postgresql.JSONB()),
        sa.Column("last_run_id", sa.Uuid()),
        sa.Column("created_at", TS, nullable=False, server_default=NOW),
        sa.Column("updated_at", TS, nullable=False, server_default=NOW),
        sa.Column("expires_at", TS, nullable=False),
        sa.CheckConstraint("env IN ('production', 'sandbox')", name="env_known"),
        sa.CheckConstraint("state_rev >= 0", name="state_rev_not_negative"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"])

    op.create_table(
        "session_files",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Uuid(),
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        # The file field it was uploaded to; NULL for a promoted artifact.
        sa.Column("field", sa.String(64)),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("store_key", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=NOW),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("promoted_from_run_id", sa.Uuid()),
        sa.CheckConstraint("bytes >= 0", name="bytes_not_negative"),
    )
    op.create_index("ix_session_files_session_id", "session_files", ["session_id"])
    op.create_index("ix_session_files_expires_at", "session_files", ["expires_at"])
    # Staged names are unique within a session (the API de-duplicates them).
    op.create_index(
        "uq_session_files_session_id_name", "session_files", ["session_id", "name"], unique=True
    )

    op.create_table(
        "run_artifacts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "run_id", sa.Uuid(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("path", sa.Text(), nullable=False),  # relative to /work/output
        sa.Column("name", sa.String(255), nullable=False),  # the download name
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("store_key", sa.Text(), nullable=False),
        sa.Column("label", sa.String(200)),
        sa.Column("promote", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", TS, nullable=False, server_default=NOW),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_index("ix_run_artifacts_run_id", "run_artifacts", ["run_id"])
    op.create_index("ix_run_artifacts_expires_at", "run_artifacts", ["expires_at"])

    op.create_table(
        "tool_settings",
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "tool_id", sa.Uuid(), sa.ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("values", postgresql.JSONB(), nullable=False, server_default="{}"),
        sa.Column("updated_at", TS, nullable=False, server_default=NOW),
    )

    # Sandbox runs execute an unsaved snapshot: no stored version behind them.
    op.alter_column("runs", "tool_version_id", nullable=True)
    op.alter_column("runs", "version_number", nullable=True)
    op.create_foreign_key(
        "fk_runs_tool_id_tools", "runs", "tools", ["tool_id"], ["id"], ondelete="CASCADE"
    )
    op.create_foreign_key(
        "fk_runs_tool_version_id_tool_versions",
        "runs",
        "tool_versions",
        ["tool_version_id"],
        ["id"],
        ondelete="CASCADE",
    )
    # A run outlives its session (the user's run history); the session expires sooner.
    op.create_foreign_key(
        "fk_runs_session_id_sessions",
        "runs",
        "sessions",
        ["session_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        "fk_sessions_last_run_id_runs",
        "sessions",
        "runs",
        ["last_run_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        "fk_session_files_promoted_from_run_id_runs",
        "session_files",
        "runs",
        ["promoted_from_run_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index("ix_runs_tool_id", "runs", ["tool_id"])


def downgrade() -> None:
    op.drop_index("ix_runs_tool_id", "runs")
    op.drop_constraint("fk_session_files_promoted_from_run_id_runs", "session_files")
    op.drop_constraint("fk_sessions_last_run_id_runs", "sessions")
    op.drop_constraint("fk_runs_session_id_sessions", "runs")
    op.drop_constraint("fk_runs_tool_version_id_tool_versions", "runs")
    op.drop_constraint("fk_runs_tool_id_tools", "runs")
    op.execute("DELETE FROM runs WHERE tool_version_id IS NULL")
    op.alter_column("runs", "version_number", nullable=False)
    op.alter_column("runs", "tool_version_id", nullable=False)
    for table in ("tool_settings", "run_artifacts", "session_files", "sessions"):
        op.drop_table(table)
