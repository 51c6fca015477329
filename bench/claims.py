"""Claim throughput and latency through the HTTP gateway (auth, gRPC to inventory, the saga's
debit over gRPC to the wallet): 32 concurrent clients next to `pgbench -N` TPS on the same
PostgreSQL server in the same run, and one client claiming sequentially.

Targets: 32 clients, claims/s >= 0.06 x pgbench TPS and p99 <= 500 ms; 1 client, p50 <= 15 ms.
`python -m bench.claims` runs it alone.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any

import psycopg

from bench.measure import (
    KeepAliveHttp,
    LoadResult,
    closed_loop,
    cpu_ms_per_operation,
    cpu_seconds,
    pgbench_tps,
)
from bench.platform_fixture import scratch_database
from bench.report import row
from bench.search import ensure_inventory
from devstack.launcher import RunningPlatform, funded_workspace

CLIENTS = 32
SEQUENTIAL_CLAIMS = 300


async def claim_load(
    platform: RunningPlatform, key: str, number_ids: list[str], clients: int, seconds: float
) -> LoadResult:
    auth = {"Authorization": f"Bearer {key}"}
    connections = [KeepAliveHttp(platform.base_url, auth) for _ in range(clients)]
    # Warm-up: connections, pools, caches (not measured): one claim per connection.
    for connection, number in zip(connections, number_ids, strict=False):
        await connection.post(f"/v1/numbers/{number}/claim")
    remaining = number_ids[clients:]
    refusals: list[str] = []  # "<status> <code>" of every claim not answered 201

    async def claim(worker: int, i: int) -> bool:
        status, body = await connections[worker].post(f"/v1/numbers/{remaining[i]}/claim")
        if status != 201:
            # Say which answer it was (status and problem code), not only that it failed.
            code = json.loads(body).get("code", "") if body.startswith(b"{") else ""
            refusals.append(f"{status} {code}".strip())
        return status == 201

    try:
        result = await closed_loop(
            f"claim via gateway, {clients} clients",
            claim,
            concurrency=clients,
            max_operations=len(remaining),
            max_seconds=seconds,
        )
        result.failures.extend(f"{answer}: {n}" for answer, n in Counter(refusals).items())
        return result
    finally:
        for connection in connections:
            await connection.close()


async def run(
    platform: RunningPlatform, db_url: str, *, claims: int = 4000, seconds: float = 20.0
) -> list[dict[str, Any]]:
    ensure_inventory(db_url)
    wanted = claims + SEQUENTIAL_CLAIMS + CLIENTS + 1
    with psycopg.connect(db_url) as conn:
        number_ids = [
            str(r[0])
            for r in conn.execute(
                # Toll-free and premium numbers are sold through orders (409
                # registration_required on a claim): only the instantly claimable types.
                "SELECT id FROM inventory.numbers WHERE state = 'available' AND livemode"
                " AND number_type IN ('mobile', 'fixed_line') ORDER BY id LIMIT %s",
                (wanted,),
            )
        ]
        price_row = conn.execute(
            "SELECT max(monthly_price_minor) FROM inventory.numbers WHERE livemode"
        ).fetchone()
    assert price_row is not None
    _, key = await funded_workspace(platform, price_row[0] * len(number_ids))
    cpu_0 = cpu_seconds(platform.process.pid)
    sequential = await claim_load(
        platform, key, number_ids[: SEQUENTIAL_CLAIMS + 1], clients=1, seconds=seconds
    )
    cpu_1 = cpu_seconds(platform.process.pid)
    loaded = await claim_load(
        platform, key, number_ids[SEQUENTIAL_CLAIMS + 1 :], clients=CLIENTS, seconds=seconds
    )
    cpu_2 = cpu_seconds(platform.process.pid)
    baseline = pgbench_tps(scratch_database(db_url, "bench_pgbench"), clients=CLIENTS, seconds=10)
    ratio = loaded.per_second / baseline
    p99 = loaded.percentile(99)
    return [
        row(
            f"claim via gateway, {CLIENTS} clients, throughput",
            figure=loaded.per_second,
            unit="claims/s",
            baseline=baseline,
            baseline_unit="tps (pgbench -N)",
            ratio=ratio,
            target="ratio >= 0.06 and p99 <= 500 ms",
            met=ratio >= 0.06 and p99 <= 500 and loaded.errors == 0,
            p50_ms=round(loaded.percentile(50), 2),
            p99_ms=round(p99, 2),
            detail=loaded.summary(),
            cpu_ms_per_claim=cpu_ms_per_operation(cpu_1, cpu_2, loaded.operations + CLIENTS),
        ),
        row(
            "claim via gateway, 1 client sequential, p50",
            figure=sequential.percentile(50),
            unit="ms",
            target="p50 <= 15 ms",
            met=sequential.percentile(50) <= 15 and sequential.errors == 0,
            detail=sequential.summary(),
            cpu_ms_per_claim=cpu_ms_per_operation(cpu_0, cpu_1, sequential.operations + 1),
        ),
    ]


def main() -> None:
    from bench.platform_fixture import running_platform
    from bench.report import table

    with running_platform() as (platform, db_url):
        rows = asyncio.run(run(platform, db_url))
    print(table(rows))


if __name__ == "__main__":
    main()
