"""The catalog: taxonomy (seeded), tools, versions, maintainers, favorites and suggestions.

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

PROFESSIONS = [
    ("larare", "Lärare"),
    ("speciallarare", "Speciallärare"),
    ("specialpedagog", "Specialpedagog"),
    ("elevhalsa", "Elevhälsa"),
    ("skolledning", "Skolledning"),
    ("administration", "Administration"),
    ("studie-och-yrkesvagledare", "Studie- och yrkesvägledare"),
    ("fritidspedagog", "Fritidspedagog"),
    ("forskollarare", "Förskollärare"),
    ("skolbibliotekarie", "Skolbibliotekarie"),
    ("it-pedagog", "IT-pedagog"),
]

CATEGORIES = [
    ("bedomning-och-betyg", "Bedömning och betyg"),
    ("klasslistor", "Klasslistor"),
    ("kommunikation", "Kommunikation"),
    ("planering", "Planering"),
    ("dokument", "Dokument"),
    ("narvaro", "Närvaro"),
    ("schema", "Schema"),
    ("analys", "Analys och statistik"),
    ("elevstod", "Elevstöd och anpassningar"),
    ("prov-och-uppgifter", "Prov och uppgifter"),
    ("vardnadshavare", "Vårdnadshavare"),
]


def _taxonomy(name: str, fk_name: str) -> None:
    op.create_table(
        name,
        sa.Column("slug", sa.String(64), primary_key=True),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        f"tool_{name}",
        sa.Column(
            "tool_id",
            sa.Uuid(),
            sa.ForeignKey("tools.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            f"{fk_name}_slug", sa.String(64), sa.ForeignKey(f"{name}.slug"), primary_key=True
        ),
    )
    # Facet filters look tools up by taxonomy slug.
    op.create_index(f"ix_tool_{name}_{fk_name}_slug", f"tool_{name}", [f"{fk_name}_slug"])


def upgrade() -> None:
    op.create_table(
        "tools",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False, server_default=""),
        sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("active_version_id", sa.Uuid()),
        sa.Column("ever_published", sa.Boolean(), nullable=False, server_default=sa.false()),
        # The active manifest's usage text, copied at publish so it can be indexed here.
        sa.Column("search_usage", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("uq_tools_slug", "tools", ["slug"], unique=True)
    # Full-text search (see infrastructure/db/catalog_search.py): title weighs most, then
    # summary, then usage, all stemmed with the Swedish snowball stemmer.
    op.execute(
        """
        ALTER TABLE tools ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('swedish', title), 'A')
            || setweight(to_tsvector('swedish', summary), 'B')
            || setweight(to_tsvector('swedish', search_usage), 'C')
        ) STORED;
        CREATE INDEX ix_tools_search_document ON tools USING gin (search_document);
        ALTER TABLE tools ADD COLUMN search_text text GENERATED ALWAYS AS (
            lower(title || ' ' || summary || ' ' || search_usage)
        ) STORED;
        """
    )

    _taxonomy("professions", "profession")
    _taxonomy("categories", "category")
    op.bulk_insert(
        sa.table("professions", sa.column("slug"), sa.column("label")),
        [{"slug": s, "label": label} for s, label in PROFESSIONS],
    )
    op.bulk_insert(
        sa.table("categories", sa.column("slug"), sa.column("label")),
        [{"slug": s, "label": label} for s, label in CATEGORIES],
    )

    op.create_table(
        "tool_maintainers",
        sa.Column(
            "tool_id", sa.Uuid(), sa.ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("added_at", TS, nullable=False),
    )
    op.create_index("ix_tool_maintainers_user_id", "tool_maintainers", ["user_id"])

    op.create_table(
        "tool_versions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tool_id", sa.Uuid(), sa.ForeignKey("tools.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("manifest", postgresql.JSONB(), nullable=False),
        sa.Column("files", postgresql.JSONB(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("author_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("change_summary", sa.Text(), nullable=False, server_default=""),
        sa.Column("review_note", sa.Text()),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint(
            "state IN ('draft', 'in_review', 'published', 'archived', 'changes_requested')",
            name="state_known",
        ),
    )
    # Of two saves on the same base version, exactly one may take the next number.
    op.create_index(
        "uq_tool_versions_tool_id_number", "tool_versions", ["tool_id", "number"], unique=True
    )
    # At most one published (active) version per tool, whatever the application does.
    op.create_index(
        "uq_tool_versions_one_published",
        "tool_versions",
        ["tool_id"],
        unique=True,
        postgresql_where=sa.text("state = 'published'"),
    )
    op.create_foreign_key(
        "fk_tools_active_version_id_tool_versions",
        "tools",
        "tool_versions",
        ["active_version_id"],
        ["id"],
    )

    op.create_table(
        "favorites",
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "tool_id", sa.Uuid(), sa.ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_favorites_tool_id", "favorites", ["tool_id"])

    op.create_table(
        "suggestions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("proposer_id", sa.Uuid(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decision_reason", sa.Text()),
        sa.Column("decided_by", sa.Uuid(), sa.ForeignKey("users.id")),
        sa.Column("decided_at", TS),
        sa.Column("tool_id", sa.Uuid(), sa.ForeignKey("tools.id", ondelete="SET NULL")),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status_known"),
    )
    op.create_index("ix_suggestions_proposer_id", "suggestions", ["proposer_id"])
    op.create_index("ix_suggestions_status", "suggestions", ["status"])


def downgrade() -> None:
    op.drop_constraint("fk_tools_active_version_id_tool_versions", "tools", type_="foreignkey")
    for table in (
        "suggestions",
        "favorites",
        "tool_versions",
        "tool_maintainers",
        "tool_categories",
        "tool_professions",
        "categories",
        "professions",
        "tools",
    ):
        op.drop_table(table)
