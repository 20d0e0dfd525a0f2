"""Typo tolerance for the catalog search, in the process (no pg_trgm on the embedded server).

The catalog's words (the folded search_text of listed, published tools) are read once and kept
until the catalog's text changes: one cheap fingerprint query per search that needs them
(a count and a sum of hashes over a few hundred rows). A typed word of 5+ letters that occurs
nowhere in that text gets the words within a small edit distance (1 up to 7 letters, 2 from 8),
compared whole and, for a word still being typed, against the start of each word (as long as the
typed word, one letter shorter or longer: an extra or a missing letter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from .read_pool import ReadPool

MIN_LENGTH = 5
MAX_NEAR = 4
_WORD = re.compile(r"[^\W_]{3,}")

FINGERPRINT = text(
    """
    SELECT count(*) AS n, COALESCE(sum(hashtext(search_text)::bigint), 0) AS h
    FROM tools WHERE listed AND active_version_id IS NOT NULL
    """
)
TEXTS = text("SELECT search_text FROM tools WHERE listed AND active_version_id IS NOT NULL")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    fingerprint: tuple[int, int]
    words: frozenset[str]
    text: str  # every word, space-separated: "does the word occur anywhere" is one `in`


# The process's one copy (read by every request; replaced whole, never changed in place).
_cache: dict[str, Vocabulary] = {}


async def vocabulary(session: AsyncSession | ReadPool) -> Vocabulary:
    row = (await session.execute(FINGERPRINT, {})).all()[0]
    fingerprint = (int(row.n), int(row.h))
    cached = _cache.get("catalog")
    if cached is None or cached.fingerprint != fingerprint:
        texts = [r.search_text for r in (await session.execute(TEXTS, {})).all()]
        words = frozenset(w for t in texts for w in _WORD.findall(t))
        cached = _cache["catalog"] = Vocabulary(fingerprint, words, " ".join(sorted(words)))
    return cached


def max_distance(word: str) -> int:
    return 1 if len(word) < 8 else 2


def near(term: str, vocab: Vocabulary) -> list[str]:
    """The catalog's words (or starts of words) within the term's edit distance, nearest first."""
    if len(term) < MIN_LENGTH or term in vocab.text:
        return []
    k = max_distance(term)
    n = len(term)
    candidates = vocab.words | {w[:m] for w in vocab.words for m in (n - 1, n, n + 1) if len(w) > m}
    found = process.extract(
        term, candidates, scorer=Levenshtein.distance, score_cutoff=k, limit=MAX_NEAR
    )
    return [word for word, _, _ in sorted(found, key=lambda f: (f[1], f[0]))]


async def near_words(session: AsyncSession | ReadPool, terms: list[str]) -> dict[str, list[str]]:
    """For each typo-looking term, its near words; {} when every term occurs as typed."""
    if not any(len(t) >= MIN_LENGTH for t in terms):
        return {}
    vocab = await vocabulary(session)
    found = {t: near(t, vocab) for t in terms}
    return {t: words for t, words in found.items() if words}
