"""The catalog's version: a number that changes in the same transaction as anything the catalog
listing reads (tools, their taxonomy, favorites), so an API process may keep a page it answered
for exactly as long as the number it read before reading the page is still the current one.

A statement trigger on each table sets it to the next value of a sequence (never reused, also
after a TRUNCATE of the table); readers see the new number only once the change is committed.

Revision ID: 0042_catalog_version
Revises: 0047_integrations
"""

from __future__ import annotations

from alembic import op

revision = "0042_catalog_version"
down_revision = "0047_integrations"
branch_labels = None
depends_on = None

# Every table infrastructure/db/catalog_search.py reads (a test compares the two).
TABLES = ("tools", "tool_professions", "tool_categories", "favorites", "professions", "categories")


def upgrade() -> None:
    op.execute(
        """
        CREATE SEQUENCE catalog_version_seq;
        CREATE TABLE catalog_version (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            n bigint NOT NULL
        );
        INSERT INTO catalog_version (id, n) VALUES (true, nextval('catalog_version_seq'));
        CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO catalog_version (id, n) VALUES (true, nextval('catalog_version_seq'))
            ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n;
            RETURN NULL;
        END $$;
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_catalog_version "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_catalog_version ON {table}")
    op.execute(
        "DROP FUNCTION bump_catalog_version(); DROP TABLE catalog_version; "
        "DROP SEQUENCE catalog_version_seq"
    )
