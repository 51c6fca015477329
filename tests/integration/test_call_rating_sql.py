"""The settlement statement prices calls in SQL: the same rule as domain.cost_minor, case by
case, on the real PostgreSQL (integer division, rounding up)."""

from __future__ import annotations

from sqlalchemy import text

from platform_common.db import create_engine
from services.wallet.usage.calls_repository import COST_SQL
from services.wallet.usage.domain import BillingIncrements, cost_minor

INCREMENTS = [
    BillingIncrements(60, 1),
    BillingIncrements(60, 60),
    BillingIncrements(1, 1),
    BillingIncrements(30, 6),
]
SECONDS = [0, 1, 29, 30, 31, 59, 60, 61, 62, 90, 119, 120, 121, 3_600, 86_401]
RATES = [0, 1, 7, 200, 450, 10_000]


async def test_sql_rating_matches_the_domain_rule(database_url: str) -> None:
    statement = text(f"SELECT {COST_SQL.format(rate=':rate')}")  # constants only
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            for increments in INCREMENTS:
                for seconds in SECONDS:
                    for rate in RATES:
                        got = await conn.scalar(
                            statement,
                            {
                                "seconds": seconds,
                                "initial": increments.initial,
                                "subsequent": increments.subsequent,
                                "rate": rate,
                            },
                        )
                        assert got == cost_minor(seconds, rate, increments), (
                            increments,
                            seconds,
                            rate,
                        )
    finally:
        await engine.dispose()
