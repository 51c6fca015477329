"""Database engines: SQLAlchemy 2 asyncio on psycopg 3."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def normalize_url(url: str) -> str:
    """Accepts postgres://, postgresql:// or postgresql+psycopg:// and returns the psycopg form."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


def libpq_url(url: str) -> str:
    """The same URL in the plain libpq form (for psql, pgbench and psycopg directly)."""
    return "postgresql://" + normalize_url(url)[len("postgresql+psycopg://") :]


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    return create_async_engine(
        normalize_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        # No pre-ping: it costs a round trip on every checkout of the hot paths; a connection
        # broken by a database restart fails one call and is then replaced.
        pool_recycle=1800,
    )


async def ping(engine: AsyncEngine) -> bool:
    """True when the database answers a trivial query."""
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
