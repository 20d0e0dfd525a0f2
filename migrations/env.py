"""Alembic environment: the URL comes from the same settings the app reads."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from skriptoteket.infrastructure.db.base import Base
from skriptoteket.infrastructure.settings import Settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or Settings.from_env().sqlalchemy_url


def run_migrations_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
