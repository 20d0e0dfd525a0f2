"""Search without diacritics: `franvaro` finds "Frånvarosammanställning".

The embedded PostgreSQL ships no unaccent, so the folding is a plain translate() inside the
generated columns; the query side folds the same letters (FOLD_FROM/FOLD_TO in
backend/skriptoteket/infrastructure/db/catalog_search.py; a test checks they agree).
Upper-case letters are listed too: lower() of a non-ASCII letter depends on the database's
locale, translate() does not.

Revision ID: 0045_search_folding
Revises: 0040_accounts
"""

from __future__ import annotations

from alembic import op

revision = "0045_search_folding"
down_revision = "0040_accounts"
branch_labels = None
depends_on = None

FOLD_FROM = "áàâäãåçéèêëíìîïñóòôöõøúùûüýÿæÁÀÂÄÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØÚÙÛÜÝŸÆ"
FOLD_TO = "aaaaaaceeeeiiiinoooooouuuuyyaaaaaaaceeeeiiiinoooooouuuuyya"


def _fold(column: str) -> str:
    return f"lower(translate({column}, '{FOLD_FROM}', '{FOLD_TO}'))"


def _columns(fold: bool) -> str:
    def f(c: str) -> str:
        return _fold(c) if fold else c

    return f"""
        ALTER TABLE tools DROP COLUMN search_document, DROP COLUMN search_text;
        ALTER TABLE tools ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('swedish', {f("title")}), 'A')
            || setweight(to_tsvector('swedish', {f("summary")}), 'B')
            || setweight(to_tsvector('swedish', {f("search_usage")}), 'C')
        ) STORED;
        CREATE INDEX ix_tools_search_document ON tools USING gin (search_document);
        ALTER TABLE tools ADD COLUMN search_text text GENERATED ALWAYS AS (
            {
        f("title || ' ' || summary || ' ' || search_usage")
        if fold
        else "lower(title || ' ' || summary || ' ' || search_usage)"
    }
        ) STORED;
    """


def upgrade() -> None:
    op.execute(_columns(fold=True))


def downgrade() -> None:
    op.execute(_columns(fold=False))
