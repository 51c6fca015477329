"""Which errors mean "the database is unreachable" (a retryable 503) and which do not."""

from __future__ import annotations

import psycopg
from sqlalchemy import exc as sa_exc

from platform_common.db import is_database_unavailable


def wrapped(error: Exception) -> sa_exc.DBAPIError:
    return sa_exc.DBAPIError.instance("SELECT 1", {}, error, psycopg.Error)


def test_a_refused_or_dropped_connection_is_unavailable() -> None:
    assert is_database_unavailable(wrapped(psycopg.OperationalError("connection refused")))
    assert is_database_unavailable(psycopg.errors.AdminShutdown("terminating connection"))
    assert is_database_unavailable(sa_exc.TimeoutError("QueuePool limit reached"))


def test_the_cause_is_followed() -> None:
    try:
        try:
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        except psycopg.OperationalError as cause:
            raise RuntimeError("while claiming") from cause
    except RuntimeError as error:
        assert is_database_unavailable(error)


def test_answers_of_a_working_database_are_not() -> None:
    assert not is_database_unavailable(wrapped(psycopg.errors.UniqueViolation("duplicate")))
    assert not is_database_unavailable(psycopg.errors.DeadlockDetected("deadlock"))
    assert not is_database_unavailable(ValueError("bug"))
