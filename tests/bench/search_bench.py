"""Benchmark: the catalog search on 500 published tools, in the process against real PostgreSQL
(the search function the API calls, without HTTP). Each query kind side by side with the floor
measured in the same run: a plain word that needs no folding and no near words (`betyg`).

    uv run python tests/bench/search_bench.py [--tools 500] [--repeat 200]

The last line is one JSON object: p50/p95 in ms per query, and the cost of building the
vocabulary of near words once (after a catalog change).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.catalog_bench import seed
from tests.database import test_database

from skriptoteket.domain.catalog import CatalogQuery
from skriptoteket.infrastructure.db import catalog_vocabulary
from skriptoteket.infrastructure.db.catalog_search import search_catalog

QUERIES = {
    "floor_plain_word": "betyg",
    "folded_franvaro": "franvaro",
    "prefix_klassl": "klassl",
    "compound_tail_statistik": "statistik",
    "typo_bettyg": "bettyg",
    "typo_betygstatistik": "betygstatistik",
    "typo_no_hit": "qwertyuiop",
}


async def run(db: str, repeat: int) -> dict[str, object]:
    url = db.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_async_engine(url)
    user = uuid.uuid4()
    figures: dict[str, object] = {}
    try:
        async with engine.connect() as conn:
            from sqlalchemy.ext.asyncio import AsyncSession

            session = AsyncSession(bind=conn)
            catalog_vocabulary._cache.clear()
            started = time.perf_counter()
            vocab = await catalog_vocabulary.vocabulary(session)
            figures["vocabulary_build_ms"] = round((time.perf_counter() - started) * 1000, 2)
            figures["vocabulary_words"] = len(vocab.words)
            for name, q in QUERIES.items():
                query = CatalogQuery(q=q, limit=50)
                page = await search_catalog(session, query, user)  # warm-up and hit count
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    await search_catalog(session, query, user)
                    times.append((time.perf_counter() - t0) * 1000)
                cuts = statistics.quantiles(times, n=100)
                figures[name] = {
                    "q": q,
                    "hits": page.total,
                    "p50_ms": round(cuts[49], 2),
                    "p95_ms": round(cuts[94], 2),
                }
                print(f"{name:26} {q:16} {figures[name]}")
    finally:
        await engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with test_database() as db:
        seed(db, args.tools)
        figures = asyncio.run(run(db, args.repeat))
    print(json.dumps({"benchmark": "catalog_search", "tools": args.tools, **figures}))


if __name__ == "__main__":
    main()
