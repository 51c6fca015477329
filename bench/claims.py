"""Claim throughput and latency: 32 concurrent clients through the HTTP gateway (auth, gRPC to
inventory, the saga's debit over gRPC to the wallet), next to `pgbench -N` TPS on the same
PostgreSQL server in the same run. Target: claims/s >= 1/10 of pgbench TPS, p99 < 100 ms."""

from __future__ import annotations

import httpx
import psycopg

from bench.measure import LoadResult, closed_loop, pgbench_tps
from bench.platform_fixture import scratch_database
from devstack.launcher import RunningPlatform, funded_workspace

CLIENTS = 32


async def run(
    platform: RunningPlatform, db_url: str, *, claims: int = 3000, seconds: float = 20.0
) -> dict[str, object]:
    with psycopg.connect(db_url) as conn:
        number_ids = [
            str(row[0])
            for row in conn.execute(
                "SELECT id FROM inventory.numbers WHERE state = 'available' ORDER BY id LIMIT %s",
                (claims,),
            )
        ]
        price = conn.execute("SELECT max(monthly_price_minor) FROM inventory.numbers").fetchone()[0]
    _, key = await funded_workspace(platform, price * len(number_ids))
    async with httpx.AsyncClient(
        base_url=platform.base_url,
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
        limits=httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS),
    ) as api:
        # Warm-up: connections, pools, caches (not measured).
        for number in number_ids[:CLIENTS]:
            await api.post(f"/v1/numbers/{number}/claim")
        remaining = number_ids[CLIENTS:]

        async def claim(worker: int, i: int) -> bool:
            reply = await api.post(f"/v1/numbers/{remaining[i]}/claim")
            return reply.status_code == 201

        result: LoadResult = await closed_loop(
            "claim via gateway",
            claim,
            concurrency=CLIENTS,
            max_operations=len(remaining),
            max_seconds=seconds,
        )
    baseline = pgbench_tps(scratch_database(db_url, "bench_pgbench"), clients=CLIENTS, seconds=10)
    summary = result.summary()
    return {
        **summary,
        "pgbench_N_tps": round(baseline, 1),
        "ratio_to_pgbench": round(result.per_second / baseline, 3),
        "target": "ratio >= 0.1 and p99 < 100 ms",
    }
