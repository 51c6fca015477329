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


_SERVER_GOING_AWAY = {"57P01", "57P02", "57P03"}  # admin / crash shutdown, cannot connect now


def is_database_unavailable(error: BaseException) -> bool:
    """True when `error` (or what caused it) says the database could not be reached or dropped
    the connection (down, restarting, pool exhausted): a retryable 503/UNAVAILABLE, not a bug.
    Constraint violations, deadlocks and other answers of a working database stay what they are."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.TimeoutError):
            return True  # no pooled connection came free: the database is not answering
        if isinstance(current, sa_exc.DBAPIError):
            if current.connection_invalidated:
                return True
            current = current.orig  # judge the driver's own error
            continue
        if isinstance(current, psycopg.Error):
            # No SQLSTATE: the client never got an answer (refused, reset, closed). Class 08 is
            # a connection failure, 57P0x a server shutting down or starting up.
            state = current.sqlstate
            if state is None:
                return isinstance(current, psycopg.OperationalError | psycopg.InterfaceError)
            return state.startswith("08") or state in _SERVER_GOING_AWAY
        current = current.__cause__ or current.__context__
    return False
