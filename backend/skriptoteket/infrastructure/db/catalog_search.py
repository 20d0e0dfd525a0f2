"""The catalog search: one plain SQL statement, kept here and nowhere else.

What a user sees in GET /api/v1/tools: listed tools with a published (active) version.
- Facets: OR within one facet (any of the chosen professions), AND across facets.
- `q`: every word must match, as a stemmed prefix in the Swedish full-text document
  (`betygen` -> `betyg:*` finds "Betygsstatistik", `klassl` -> `klassl:*` finds "klasslistor"
  while typing), or, as a fallback for the tails of compound words that stemming cannot split
  ("statistik" in "Betygsstatistik"), as a substring of the lower-cased text. Full-text hits rank
  above substring-only hits, then by ts_rank (title weighs A, summary B, usage C).
- Read-only and a single snapshot: no locking concerns.
"Recently used" will be one more EXISTS over the user's runs (the runs feature), beside
favorites below.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from skriptoteket.domain.catalog import CatalogQuery, Page, ToolSummary

from .read_pool import ReadPool

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
# Letters and digits only: tsquery operators (& | ! : * ( ) ') and LIKE wildcards never get in.
_TERM = re.compile(r"[^\W_]+")

CATALOG_SEARCH = text(
    """
    WITH query AS (
        SELECT CASE WHEN :tsquery = '' THEN NULL
                    ELSE to_tsquery('swedish', :tsquery) END AS ts
    ), hits AS (
        SELECT t.id, t.slug, t.title, t.summary, t.updated_at,
               COALESCE(t.search_document @@ query.ts, false) AS text_hit,
               COALESCE(ts_rank(t.search_document, query.ts), 0) AS rank
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
               OR t.search_text LIKE ALL (CAST(:patterns AS text[])))
    ), page AS (
        -- The total over every hit, then one page of them.
        SELECT h.*, count(*) OVER () AS total
        FROM hits h
        ORDER BY h.text_hit DESC, h.rank DESC, lower(h.title), h.slug
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
    ORDER BY p.text_hit DESC, p.rank DESC, lower(p.title), p.slug
    """
)


def search_terms(q: str | None) -> list[str]:
    if not q:
        return []
    return [t[:MAX_TERM_LENGTH] for t in _TERM.findall(q.lower())][:MAX_TERMS]


def to_tsquery_text(terms: list[str]) -> str:
    """`betygen klassl` -> `betygen:* & klassl:*` (to_tsquery then stems each word)."""
    return " & ".join(f"{t}:*" for t in terms)


async def search_catalog(
    session: AsyncSession | ReadPool, query: CatalogQuery, user_id: UUID
) -> Page[ToolSummary]:
    terms = search_terms(query.q)
    params: dict[str, Any] = {
        "tsquery": to_tsquery_text(terms),
        "searching": bool(terms),
        "patterns": [f"%{t}%" for t in terms],
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
