"""The catalog search: one plain SQL statement, kept here and nowhere else.

What a user sees in GET /api/v1/tools: listed tools with a published (active) version.
- Facets: OR within one facet (any of the chosen professions), AND across facets.
- `q`: every word must match, as a stemmed prefix in the Swedish full-text document
  (`betygen` -> `betyg:*` finds "Betygsstatistik", `klassl` -> `klassl:*` finds "klasslistor"
  while typing), or, as a fallback for the tails of compound words that stemming cannot split
  ("statistik" in "Betygsstatistik"), as a substring of the lower-cased text.
- Diacritics are folded on both sides (migration 0045 folds the indexed text with translate(),
  `fold` below folds the query the same way), so `franvaro` finds "Frånvarosammanställning"
  on any PostgreSQL, the embedded one without unaccent too.
- Typos: a word of 5+ letters that occurs nowhere in the catalog's text is matched against the
  catalog's words in the process (catalog_vocabulary.py, rapidfuzz), and the near words
  (`bettyg` -> `betyg`) are searched instead, as alternatives of that word.
- Ranking: hits of the words as typed first, then hits through a near word; then ts_rank
  (title weighs A, summary B, usage C); then the title.
- Read-only and a single snapshot: no locking concerns.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.domain.catalog import CatalogQuery, Page, ToolSummary

from .catalog_vocabulary import near_words
from .read_pool import ReadPool

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
# Letters and digits only: tsquery operators (& | ! : * ( ) ') and LIKE wildcards never get in.
_TERM = re.compile(r"[^\W_]+")
# The letters migration 0045 folds in the indexed text (the same two strings, in order).
FOLD_FROM = "áàâäãåçéèêëíìîïñóòôöõøúùûüýÿæÁÀÂÄÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØÚÙÛÜÝŸÆ"
FOLD_TO = "aaaaaaceeeeiiiinoooooouuuuyyaaaaaaaceeeeiiiinoooooouuuuyya"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """What the indexed text is made of: lower case, å/ä/ö/é... as a/a/o/e."""
    return text.lower().translate(_FOLD)


CATALOG_SEARCH = text(
    """
    WITH query AS (
        SELECT CASE WHEN :tsquery = '' THEN NULL
                    ELSE to_tsquery('swedish', :tsquery) END AS ts,
               CASE WHEN :near_tsquery = '' THEN NULL
                    ELSE to_tsquery('swedish', :near_tsquery) END AS near_ts
    ), hits AS (
        SELECT t.id, t.slug, t.title, t.summary, t.updated_at,
               COALESCE(t.search_document @@ query.ts, false)
                 OR (:searching AND t.search_text LIKE ALL (CAST(:patterns AS text[])))
                 AS typed_hit,
               COALESCE(t.search_document @@ query.ts, false)
                 OR COALESCE(t.search_document @@ query.near_ts, false) AS text_hit,
               COALESCE(ts_rank(t.search_document, COALESCE(query.near_ts, query.ts)), 0) AS rank
        FROM tools t CROSS JOIN query
        WHERE t.listed
          AND t.active_version_id IS NOT NULL
          AND (cardinality(CAST(:professions AS text[])) = 0 OR EXISTS (
                SELECT 1 FROM tool_professions tp
                WHERE tp.tool_id = t.id AND tp.profession_slug = ANY(CAST(:professions AS text[]))))
          AND (cardinality(CAST(:categories AS text[])) = 0 OR EXISTS (
                SELECT 1 FROM tool_categories tc
                WHERE tc.tool_id = t.id AND tc.category_slug = ANY(CAST(:categories AS text[]))))
          AND (NOT :favorites_only OR EXISTS (
                SELECT 1 FROM favorites f WHERE f.tool_id = t.id AND f.user_id = :user_id))
          AND (NOT :searching
               OR t.search_document @@ query.ts
               OR t.search_text LIKE ALL (CAST(:patterns AS text[]))
               OR t.search_document @@ query.near_ts
               OR (cardinality(CAST(:near_patterns AS text[])) > 0
                   AND t.search_text ~ ALL (CAST(:near_patterns AS text[]))))
    ), page AS (
        -- The total over every hit, then one page of them.
        SELECT h.*, count(*) OVER () AS total
        FROM hits h
        ORDER BY h.typed_hit DESC, h.text_hit DESC, h.rank DESC, lower(h.title), h.slug
        LIMIT :limit OFFSET :offset
    )
    -- Taxonomy and the favorite flag for the page's rows only.
    SELECT p.slug, p.title, p.summary, p.updated_at, p.total,
           ARRAY(SELECT tp.profession_slug FROM tool_professions tp
                 WHERE tp.tool_id = p.id ORDER BY tp.profession_slug) AS professions,
           ARRAY(SELECT tc.category_slug FROM tool_categories tc
                 WHERE tc.tool_id = p.id ORDER BY tc.category_slug) AS categories,
           EXISTS (SELECT 1 FROM favorites f
                   WHERE f.tool_id = p.id AND f.user_id = :user_id) AS is_favorite
    FROM page p
    ORDER BY p.typed_hit DESC, p.text_hit DESC, p.rank DESC, lower(p.title), p.slug
    """
)


def search_terms(q: str | None) -> list[str]:
    if not q:
        return []
    return [t[:MAX_TERM_LENGTH] for t in _TERM.findall(fold(q))][:MAX_TERMS]


def to_tsquery_text(terms: list[str]) -> str:
    """`betygen klassl` -> `betygen:* & klassl:*` (to_tsquery then stems each word)."""
    return " & ".join(f"{t}:*" for t in terms)


def to_near_tsquery_text(groups: list[list[str]]) -> str:
    """Each typed word with its near words: `(bettyg:* | betyg:*) & klass:*`."""
    return " & ".join("(" + " | ".join(f"{w}:*" for w in group) + ")" for group in groups)


async def search_catalog(
    session: AsyncSession | ReadPool, query: CatalogQuery, user_id: UUID
) -> Page[ToolSummary]:
    terms = search_terms(query.q)
    near = await near_words(session, terms)
    groups = [[t, *near.get(t, [])] for t in terms]
    params: dict[str, Any] = {
        "tsquery": to_tsquery_text(terms),
        "near_tsquery": to_near_tsquery_text(groups) if near else "",
        "searching": bool(terms),
        "patterns": [f"%{t}%" for t in terms],
        # Letters and digits only (search_terms, the catalog's words): no regex syntax gets in.
        "near_patterns": ["(" + "|".join(g) + ")" for g in groups] if near else [],
        "professions": list(query.professions),
        "categories": list(query.categories),
        "favorites_only": query.favorites_only,
        "user_id": user_id,
        "limit": query.limit,
        "offset": query.offset,
    }
    rows = (await session.execute(CATALOG_SEARCH, params)).all()
    if rows:
        total = int(rows[0].total)
    elif query.offset > 0:
        # Past the end: the window count is not there to read, so count without paging.
        total = len(
            (await session.execute(CATALOG_SEARCH, {**params, "limit": None, "offset": 0})).all()
        )
    else:
        total = 0
    items = [
        ToolSummary(
            slug=r.slug,
            title=r.title,
            summary=r.summary,
            professions=tuple(r.professions),
            categories=tuple(r.categories),
            is_favorite=r.is_favorite,
            updated_at=r.updated_at,
        )
        for r in rows
    ]
    return Page(items=items, total=total, limit=query.limit, offset=query.offset)
