"""Search latency over an inventory of 1,000,000 numbers: prefix, contains and ends-with
patterns through the HTTP gateway, next to the same SQL run directly against PostgreSQL in the
same run (the database's share of the time). Target: search p99 <= 25 ms through the gateway.
`python -m bench.search` runs it alone."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any
from urllib.parse import urlencode

import psycopg
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

from bench.measure import (
    KeepAliveHttp,
    LoadResult,
    closed_loop,
    cpu_ms_per_operation,
    cpu_seconds,
)
from bench.report import row
from devstack.bulk_numbers import copy_numbers
from devstack.launcher import RunningPlatform
from services.inventory.domain import demo_numbers
from services.inventory.holdings_repository import search_query
from services.inventory.search import build_filters

INVENTORY = 1_000_000
CLIENTS = 4
QUERIES_PER_PATTERN = 600


def service_sql(query: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The statement the inventory service runs for these HTTP query parameters."""
    filters = build_filters(
        country="",
        currency="",
        number_type=None,
        capability=None,
        starts_with=query.get("starts_with", ""),
        contains=query.get("contains", ""),
        ends_with=query.get("ends_with", ""),
        limit=20,
        cursor="",
    )
    compiled = search_query(filters).compile(
        dialect=psycopg_dialect(), compile_kwargs={"render_postcompile": True}
    )
    return str(compiled), dict(compiled.params)


def load_inventory(db_url: str, count: int = INVENTORY) -> float:
    """Bulk-loads `count` numbers (COPY, bypassing the import RPC); returns seconds taken."""
    started = time.perf_counter()
    with psycopg.connect(db_url) as conn:
        conn.execute("CREATE TEMP TABLE staged (LIKE inventory.numbers INCLUDING DEFAULTS)")
        copy_numbers(conn, demo_numbers(count, seed=3), into="staged")
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


def ensure_inventory(db_url: str, count: int = INVENTORY) -> float | None:
    """Loads the bulk inventory unless it is there already; seconds taken, None if skipped."""
    with psycopg.connect(db_url) as conn:
        have = conn.execute("SELECT count(*) FROM inventory.numbers WHERE livemode").fetchone()
    if have is not None and have[0] >= count:
        return None
    print(f"loading {count:,} numbers ...", flush=True)
    return load_inventory(db_url, count)


def sql_alone(db_url: str, cases: list[tuple[dict[str, str], str]]) -> LoadResult:
    """The same SQL as the service runs (built by its own query builder), sequentially on one
    connection, prepared after a few runs like the service's."""
    direct = LoadResult("SQL only", 0, 0, 0.0)
    with psycopg.connect(db_url) as conn:
        started = time.perf_counter()
        for query, _ in cases:
            sql, params = service_sql(query)
            t0 = time.perf_counter()
            conn.execute(sql, params).fetchall()
            direct.latencies_ms.append((time.perf_counter() - t0) * 1000)
            direct.operations += 1
        direct.seconds = time.perf_counter() - started
    return direct


async def run(platform: RunningPlatform, db_url: str) -> list[dict[str, Any]]:
    loaded = ensure_inventory(db_url)
    rng = random.Random(42)
    rows = []
    auth = {"Authorization": f"Bearer {platform.demo['api_key']}"}
    for kind in ("prefix", "contains", "ends_with"):
        cases = patterns(kind, rng)
        connections = [KeepAliveHttp(platform.base_url, auth) for _ in range(CLIENTS)]
        paths = [f"/v1/numbers/available?{urlencode({**q, 'limit': 20})}" for q, _ in cases]
        for connection in connections:  # warm-up (not measured)
            await connection.get(paths[0])

        async def via_gateway(
            worker: int,
            i: int,
            paths: list[str] = paths,
            connections: list[KeepAliveHttp] = connections,
        ) -> bool:
            status, _ = await connections[worker].get(paths[i])
            return status == 200

        before = cpu_seconds(platform.process.pid)
        gateway = await closed_loop(
            f"search {kind} via gateway",
            via_gateway,
            concurrency=CLIENTS,
            max_operations=len(cases),
            max_seconds=60,
        )
        cpu = cpu_ms_per_operation(before, cpu_seconds(platform.process.pid), gateway.operations)
        for connection in connections:
            await connection.close()
        direct = sql_alone(db_url, cases)
        p99 = gateway.percentile(99)
        rows.append(
            row(
                f"search {kind}, {CLIENTS} clients, p99",
                figure=p99,
                unit="ms",
                baseline=direct.percentile(99),
                baseline_unit="ms (same SQL alone)",
                target="p99 <= 25 ms",
                met=p99 <= 25 and gateway.errors == 0,
                detail=gateway.summary(),
                cpu_ms_per_request=cpu,
                sql_p50_ms=round(direct.percentile(50), 2),
                inventory_load_seconds=round(loaded, 1) if loaded else None,
            )
        )
    return rows


def main() -> None:
    from bench.platform_fixture import running_platform
    from bench.report import table

    with running_platform() as (platform, db_url):
        rows = asyncio.run(run(platform, db_url))
    print(table(rows))


if __name__ == "__main__":
    main()
