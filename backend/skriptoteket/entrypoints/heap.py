"""The start-up heap of a serving process, kept out of the garbage collector's way.

Once started, an API process holds about 200,000 objects (the app, its routes and OpenAPI
document, SQLAlchemy's and psycopg's machinery), a worker about as many. Every full collection
of the cyclic garbage collector walks all of them: measured under `wrk` (docs/performance.md),
one every ~20,000 requests, about 110 ms each, during which every request in flight waits. That
pause was the p99 of the hot reads. Frozen, those objects are left out of every later
collection, which then takes 1 to 2 ms.
"""

from __future__ import annotations

import gc


def freeze_heap() -> None:
    """Collect what start-up left behind, then move every live object to the permanent
    generation: later collections look only at what the process made since. Only for a
    process of its own (`serve`'s workers, `skriptoteket worker`): a frozen object that later
    becomes part of a garbage cycle is never collected, which an app started again and again
    in one process (the tests) would pile up."""
    gc.collect()
    gc.freeze()
