"""One PostgreSQL database per test session: DATABASE_URL's server when set, else embedded."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from skriptoteket.infrastructure.db.migrate import upgrade_to_head
from skriptoteket.infrastructure.embedded_postgres import EmbeddedPostgres


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def test_database() -> Iterator[str]:
    """Yield the libpq URL of a fresh, migrated database; drop it afterwards."""
    embedded = None
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url:
        embedded = EmbeddedPostgres(Path(tempfile.mkdtemp(prefix="skriptoteket-pg-")))
        server_url = embedded.start()
    name = f"skriptoteket_test_{uuid.uuid4().hex[:10]}"
    admin_url = _libpq(server_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade_to_head(
            make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        )
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if embedded is not None:
            embedded.stop()


def truncate_all(url: str) -> None:
    """Empty every table but Alembic's, keeping rows that migrations seed (taxonomy)."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' AND tablename <> ALL(%s)",
                (list(SEEDED_TABLES),),
            )
        ]
        if not tables:
            return
        statement = "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        # A module's worker may still be storing the last test's run: if its transaction and
        # the TRUNCATE each wait for the other's tables, PostgreSQL aborts one of them. When
        # that is the TRUNCATE, it is tried again (the worker's transaction has ended by then).
        for attempt in range(5):
            try:
                conn.execute(statement)
                return
            except psycopg.errors.DeadlockDetected:
                if attempt == 4:
                    raise


# Tables whose rows come from migrations; features that seed data add their table here.
SEEDED_TABLES: set[str] = {"professions", "categories", "catalog_version"}
