"""Number search answers exactly what a LIKE over every available number of the caller's mode
answers, in e164 order, page after page, whichever route the statement takes: the ordered
walk, the trigram index over the whole e164 (rare ends_with), or, for a rare contains, the
national number's trigram index plus the e164 ranges where the pattern straddles the country
code ("4712" in +254 712 ...)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from devstack.bulk_numbers import copy_numbers
from platform_common.db import create_engine, libpq_url
from services.inventory.domain import NumberType, demo_numbers
from services.inventory.holdings_repository import search_available, straddling_prefixes
from services.inventory.search import build_filters, encode_cursor

LIMIT = 20


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """3,000 demo numbers (about 60 in each national range, such as +254 712 ...)."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        copy_numbers(conn, demo_numbers(3000), into="inventory.numbers")
        conn.commit()
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()


def expected(database_url: str, *, livemode: bool, number_type: str | None) -> list[str]:
    """Every available number of that mode (and type, if given), in e164 order."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        rows = conn.execute(
            "SELECT e164 FROM inventory.numbers WHERE state = 'available' AND livemode = %s"
            ' AND (%s::text IS NULL OR number_type = %s) ORDER BY e164 COLLATE "C"',
            (livemode, number_type, number_type),
        ).fetchall()
    return [e164 for (e164,) in rows]


async def every_page(engine: AsyncEngine, **query: str | bool | NumberType) -> list[str]:
    """The e164s of every page of one search, following the cursor to the end."""
    found: list[str] = []
    cursor = ""
    while True:
        filters = build_filters(
            country="",
            currency="",
            number_type=query.get("number_type"),  # type: ignore[arg-type]
            capability=None,
            starts_with=str(query.get("starts_with", "")),
            contains=str(query.get("contains", "")),
            ends_with=str(query.get("ends_with", "")),
            limit=LIMIT,
            cursor=cursor,
            livemode=bool(query.get("livemode", True)),
        )
        async with engine.connect() as conn:
            rows = await search_available(conn, filters)
        found += [row.e164 for row in rows[:LIMIT]]
        if len(rows) <= LIMIT:
            return found
        cursor = encode_cursor(rows[LIMIT - 1].e164)


@pytest.mark.parametrize(
    "query",
    [
        # Straddling the country code ("+25" "4712..."), and matches inside national numbers.
        {"contains": "4712"},
        {"contains": "54712"},
        {"contains": "254712"},
        {"contains": "4110"},
        {"contains": "4700", "ends_with": "9"},
        {"contains": "4720", "number_type": NumberType.MOBILE},
        # Only inside the national number.
        {"contains": "7919"},
        {"contains": "0000"},
        {"contains": "1583"},
        {"contains": "7919", "ends_with": "9"},
        {"contains": "0000", "number_type": NumberType.TOLL_FREE},
        # The other routes.
        {"contains": "12"},
        {"ends_with": "838"},
        {"starts_with": "2547", "contains": "4712"},
        {"contains": "8000", "livemode": False},
    ],
    ids=lambda q: ",".join(f"{k}={getattr(v, 'value', v)}" for k, v in q.items()),
)
async def test_search_finds_exactly_the_matching_numbers_in_order(
    engine: AsyncEngine, database_url: str, query: dict[str, str | bool | NumberType]
) -> None:
    kind = query.get("number_type")
    pool = expected(
        database_url,
        livemode=bool(query.get("livemode", True)),
        number_type=kind.value if isinstance(kind, NumberType) else None,
    )
    prefix = "+" + str(query.get("starts_with", ""))
    want = [
        e164
        for e164 in pool
        if e164.startswith(prefix)
        and str(query.get("contains", "")) in e164
        and e164.endswith(str(query.get("ends_with", "")))
    ]
    assert want, "the case must match some numbers to test anything"
    assert await every_page(engine, **query) == want


@pytest.mark.parametrize(
    ("digits", "prefixes"),
    [
        ("4712", ["+254712%"]),
        ("54712", ["+254712%"]),
        ("254712", ["+254712%"]),
        ("5454", ["+25454%"]),
        ("2544", ["+2544%"]),
        ("4254", ["+254254%"]),
        ("7123", []),
        ("1254", []),
    ],
)
def test_straddling_prefixes(digits: str, prefixes: list[str]) -> None:
    assert straddling_prefixes(digits) == prefixes
