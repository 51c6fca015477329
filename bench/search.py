"""Search latency over an inventory of 1,000,000 numbers: prefix, contains and ends-with
patterns through the HTTP gateway, next to the same SQL run directly against PostgreSQL in the
same run (the database's share of the time). Target: search p99 < 20 ms."""

from __future__ import annotations

import random
import time

import httpx
import psycopg

from bench.measure import LoadResult, closed_loop
from devstack.launcher import RunningPlatform
from platform_common.ids import new_id
from services.inventory.domain import demo_numbers

INVENTORY = 1_000_000
CLIENTS = 4
QUERIES_PER_PATTERN = 600

SQL = (
    "SELECT id, e164, country, number_type, capabilities, monthly_price_minor,"
    " inbound_per_min_minor, outbound_per_min_minor, currency FROM inventory.numbers"
    " WHERE state = 'available' AND e164 LIKE %s ORDER BY e164 LIMIT 21"
)


def load_inventory(db_url: str, count: int = INVENTORY) -> float:
    """Bulk-loads `count` numbers (COPY, bypassing the import RPC); returns seconds taken."""
    started = time.perf_counter()
    with psycopg.connect(db_url) as conn:
        conn.execute("CREATE TEMP TABLE staged (LIKE inventory.numbers INCLUDING DEFAULTS)")
        with conn.cursor().copy(
            "COPY staged (id, e164, number_type, capabilities, monthly_price_minor,"
            " inbound_per_min_minor, outbound_per_min_minor, currency) FROM STDIN"
        ) as copy:
            for spec in demo_numbers(count, seed=3):
                copy.write_row(
                    (
                        new_id(),
                        spec.e164,
                        spec.number_type.value,
                        [c.value for c in spec.capabilities],
                        spec.monthly_price_minor,
                        spec.inbound_per_min_minor,
                        spec.outbound_per_min_minor,
                        spec.currency,
                    )
                )
        conn.execute("INSERT INTO inventory.numbers SELECT * FROM staged ON CONFLICT DO NOTHING")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE inventory.numbers")
    return time.perf_counter() - started


def patterns(kind: str, rng: random.Random) -> list[tuple[dict[str, str], str]]:
    """(HTTP query parameters, equivalent LIKE pattern) pairs."""
    out = []
    for _ in range(QUERIES_PER_PATTERN):
        if kind == "prefix":
            digits = "2547" + "".join(rng.choice("0129") for _ in range(1)) + str(rng.randrange(10))
            out.append(({"starts_with": digits}, f"+{digits}%"))
        elif kind == "contains":
            digits = f"{rng.randrange(10_000):04d}"
            out.append(({"contains": digits}, f"%{digits}%"))
        else:
            digits = f"{rng.randrange(1000):03d}"
            out.append(({"ends_with": digits}, f"%{digits}"))
    return out


async def run(platform: RunningPlatform, db_url: str, api_key: str) -> list[dict[str, object]]:
    rng = random.Random(42)
    results = []
    async with httpx.AsyncClient(
        base_url=platform.base_url, headers={"Authorization": f"Bearer {api_key}"}, timeout=30
    ) as api:
        for kind in ("prefix", "contains", "ends_with"):
            cases = patterns(kind, rng)

            async def via_gateway(worker: int, i: int, cases=cases) -> bool:  # type: ignore[no-untyped-def]
                reply = await api.get("/v1/numbers/available", params={**cases[i][0], "limit": 20})
                return reply.status_code == 200

            gateway: LoadResult = await closed_loop(
                f"search {kind} via gateway",
                via_gateway,
                concurrency=CLIENTS,
                max_operations=len(cases),
                max_seconds=60,
            )
            direct = LoadResult(f"search {kind} SQL only", 0, 0, 0.0)
            with psycopg.connect(db_url) as conn:
                started = time.perf_counter()
                for _, like in cases:
                    t0 = time.perf_counter()
                    conn.execute(SQL, (like,)).fetchall()
                    direct.latencies_ms.append((time.perf_counter() - t0) * 1000)
                    direct.operations += 1
                direct.seconds = time.perf_counter() - started
            results.append(
                {
                    **gateway.summary(),
                    "sql_p50_ms": round(direct.percentile(50), 2),
                    "sql_p99_ms": round(direct.percentile(99), 2),
                    "target": "p99 < 20 ms",
                }
            )
    return results
