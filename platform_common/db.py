"""Database engines: SQLAlchemy 2 asyncio on psycopg 3."""

from __future__ import annotations

import psycopg
from sqlalchemy import exc as sa_exc
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


def is_database_unavailable(error: BaseException) -> bool:
    """True when `error` (or what caused it) says the database could not be reached or dropped
    the connection (down, restarting, pool exhausted): a retryable 503/UNAVAILABLE, not a bug.
    Constraint violations and other answers from a working database stay what they are."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(
            current,
            sa_exc.OperationalError
            | sa_exc.InterfaceError
            | sa_exc.TimeoutError
            | psycopg.OperationalError
            | psycopg.InterfaceError,
        ) and not isinstance(current, psycopg.errors.TransactionRollbackError):
            return True
        current = current.__cause__ or current.__context__
    return False
