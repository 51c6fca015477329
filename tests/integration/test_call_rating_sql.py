"""The settlement statement prices calls in SQL and the authorization statement grants talk time
in SQL: the same rules as domain.cost_minor and domain.affordable_seconds, case by case, on the
real PostgreSQL (integer division, rounding up, flooring)."""

from __future__ import annotations

from sqlalchemy import text

from platform_common.db import create_engine
from services.wallet.usage.calls_repository import AFFORDABLE_SECONDS_SQL, COST_SQL
from services.wallet.usage.domain import BillingIncrements, affordable_seconds, cost_minor

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


MONEY = [-500, -1, 0, 1, 3, 199, 200, 203, 204, 205, 2_000, 2_100, 12_345, 10**12]
CAPS = [0, 1, 29, 30, 59, 60, 61, 180, 3_600]


async def test_sql_grant_matches_the_domain_rule(database_url: str) -> None:
    statement = text(f"SELECT {AFFORDABLE_SECONDS_SQL.format(money=':money')}")  # constants only
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            for increments in INCREMENTS:
                for money in MONEY:
                    for rate in RATES:
                        for cap in CAPS:
                            got = await conn.scalar(
                                statement,
                                {
                                    "money": money,
                                    "initial": increments.initial,
                                    "subsequent": increments.subsequent,
                                    "rate": rate,
                                    "cap": cap,
                                },
                            )
                            want = affordable_seconds(
                                money_minor=money,
                                rate_per_min_minor=rate,
                                increments=increments,
                                cap_seconds=cap,
                            )
                            assert got == want, (increments, money, rate, cap)
    finally:
        await engine.dispose()
