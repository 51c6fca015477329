"""Alembic wiring shared by the services: each context migrates its own PostgreSQL schema and
keeps its own alembic_version table inside it, so contexts never step on each other."""

from __future__ import annotations

from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, text

from platform_common.db import normalize_url


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", normalize_url(database_url).replace("%", "%%"))
    return config


def upgrade(migrations_dir: Path, database_url: str, revision: str = "head") -> None:
    """Applies migrations up to `revision` (what `<service> migrate` runs)."""
    command.upgrade(alembic_config(migrations_dir, database_url), revision)


def run_env(*, schema: str, target_metadata: MetaData) -> None:
    """Body of every service's migrations/env.py (online mode, sync psycopg)."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    engine = create_engine(url)
    with engine.connect() as connection:
        # Serialize concurrent migrators (several replicas starting at once).
        connection.execute(
            text("SELECT pg_advisory_lock(hashtext(:s))"), {"s": f"migrate:{schema}"}
        )
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table_schema=schema,
            include_schemas=True,
            include_name=lambda name, type_, parent: type_ != "schema" or name == schema,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.execute(
            text("SELECT pg_advisory_unlock(hashtext(:s))"), {"s": f"migrate:{schema}"}
        )
        connection.commit()
    engine.dispose()
