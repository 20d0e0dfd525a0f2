"""Running Alembic from code: `skriptoteket migrate`, tests and /readyz use it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncConnection

MIGRATIONS_DIR = Path(__file__).resolve().parents[4] / "migrations"


def alembic_config(sqlalchemy_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", sqlalchemy_url.replace("%", "%%"))
    return config


def upgrade_to_head(sqlalchemy_url: str) -> None:
    command.upgrade(alembic_config(sqlalchemy_url), "head")


def head_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config("postgresql://unused"))
    return set(script.get_heads())


async def is_at_head(connection: AsyncConnection) -> bool:
    def current(sync_conn: object) -> set[str]:
        context = MigrationContext.configure(sync_conn)  # type: ignore[arg-type]
        return set(context.get_current_heads())

    return await connection.run_sync(current) == head_revisions()
