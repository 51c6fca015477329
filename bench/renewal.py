"""Monthly renewal of 100,000 active numbers across 1,000 workspaces, through the real path
(inventory's RunRenewals, as `sautikit billing run` calls it, debiting the wallet service),
next to `pgbench -N` TPS on the same PostgreSQL server in the same run. Target: under 60 s.

The numbers, holdings and funded wallets are loaded with bulk SQL first (not measured): each
workspace holds 100 numbers due at the start of the current billing month and has exactly
enough money for them, so every renewal is a charge.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any

import grpc
import psycopg

from bench.measure import pgbench_tps
from bench.platform_fixture import running_platform, scratch_database
from devstack.launcher import RunningPlatform
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.inventory.renewals.domain import Period

WORKSPACES = 1_000
PER_WORKSPACE = 100
RENT = 50_000
PAGE = 2_000
TARGET_SECONDS = 60.0


def load_holdings(db_url: str, *, workspaces: int, per_workspace: int, due: Period) -> None:
    """Bulk-loads assigned numbers, their active holdings (due at `due`'s start) and wallets
    funded (with one adjustment entry each) for exactly one month of every number."""
    total = workspaces * per_workspace
    with psycopg.connect(db_url) as conn:
        conn.execute(
            """
            CREATE TEMP TABLE bench_ws AS
            SELECT gen_random_uuid() AS workspace_id, w AS n FROM generate_series(1, %s) w
            """,
            (workspaces,),
        )
        conn.execute(
            """
            CREATE TEMP TABLE bench_holdings AS
            SELECT gen_random_uuid() AS number_id, gen_random_uuid() AS tenant_number_id,
                   gen_random_uuid() AS claim_id, ws.workspace_id,
                   '+2549' || lpad(i::text, 8, '0') AS e164
            FROM generate_series(1, %s) i
            JOIN bench_ws ws ON ws.n = (i - 1) %% %s + 1
            """,
            (total, workspaces),
        )
        conn.execute(
            """
            INSERT INTO inventory.numbers (id, e164, number_type, capabilities,
                monthly_price_minor, inbound_per_min_minor, outbound_per_min_minor, state)
            SELECT number_id, e164, 'mobile', ARRAY['voice'], %s, 0, 0, 'assigned'
            FROM bench_holdings
            """,
            (RENT,),
        )
        conn.execute(
            """
            INSERT INTO inventory.tenant_numbers (id, number_id, workspace_id, e164, claim_id,
                monthly_price_minor, next_renewal_at)
            SELECT tenant_number_id, number_id, workspace_id, e164, claim_id, %s, %s
            FROM bench_holdings
            """,
            (RENT, due.starts_at()),
        )
        conn.execute(
            """
            INSERT INTO wallet.wallets (workspace_id, balance_minor)
            SELECT workspace_id, %s FROM bench_ws
            """,
            (RENT * per_workspace,),
        )
        conn.execute(
            """
            INSERT INTO wallet.ledger_entries (id, workspace_id, entry_type, amount_minor,
                currency, balance_after_minor, reason, idempotency_key)
            SELECT gen_random_uuid(), workspace_id, 'adjustment', %s, 'KES', %s,
                   'renewal benchmark funding', 'bench-renewal-fund:' || workspace_id
            FROM bench_ws
            """,
            (RENT * per_workspace, RENT * per_workspace),
        )
        conn.execute("ANALYZE inventory.tenant_numbers")
        conn.execute("ANALYZE wallet.wallets")
        conn.execute("ANALYZE wallet.ledger_entries")


async def run_renewal(address: str, period: Period) -> tuple[int, dict[int, int]]:
    """Walks RunRenewals page by page (what the CLI does); returns pages and outcome counts."""
    outcomes: dict[int, int] = {}
    pages = 0
    after = ""
    async with grpc.aio.insecure_channel(address) as channel:
        stub = inventory_pb2_grpc.InventoryServiceStub(channel)
        while True:
            reply = await stub.RunRenewals(
                inventory_pb2.RunRenewalsRequest(
                    period=str(period), after_tenant_number_id=after, limit=PAGE
                ),
                timeout=600,
            )
            pages += 1
            for item in reply.items:
                outcomes[item.outcome] = outcomes.get(item.outcome, 0) + 1
            after = reply.next_after_tenant_number_id
            if not after:
                return pages, outcomes


def charged_count(db_url: str, period: Period) -> tuple[int, int, bool]:
    """(renewal ledger entries of the period, their distinct keys, ledger consistent)."""
    with psycopg.connect(db_url) as conn:
        entries, keys = conn.execute(
            "SELECT count(*), count(DISTINCT idempotency_key) FROM wallet.ledger_entries"
            " WHERE entry_type = 'number_rental' AND idempotency_key LIKE %s",
            (f"%:{period}",),
        ).fetchone()
        broken = conn.execute(
            """
            SELECT count(*) FROM wallet.wallets w
            LEFT JOIN (SELECT workspace_id, sum(amount_minor) AS total
                       FROM wallet.ledger_entries GROUP BY workspace_id) e USING (workspace_id)
            WHERE w.balance_minor < 0 OR w.balance_minor <> coalesce(e.total, 0)
            """
        ).fetchone()[0]
    return entries, keys, broken == 0


async def run(
    platform: RunningPlatform,
    db_url: str,
    *,
    workspaces: int = WORKSPACES,
    per_workspace: int = PER_WORKSPACE,
) -> list[dict[str, Any]]:
    period = Period.containing(datetime.now(UTC))
    total = workspaces * per_workspace
    started = time.perf_counter()
    load_holdings(db_url, workspaces=workspaces, per_workspace=per_workspace, due=period)
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    pages, outcomes = await run_renewal(platform.grpc_address("inventory"), period)
    # The inventory's own scheduler may have taken some rows meanwhile (SKIP LOCKED):
    # the run is over when every number is charged, whoever charged it.
    for _ in range(3000):  # at most ~10 minutes
        if charged_count(db_url, period)[0] >= total:
            break
        await asyncio.sleep(0.2)
    seconds = time.perf_counter() - started
    entries, keys, consistent = charged_count(db_url, period)

    baseline = pgbench_tps(
        scratch_database(db_url, "bench_pgbench_renewal"), clients=32, seconds=10
    )
    per_second = entries / seconds if seconds else 0.0
    return [
        {
            "path": f"renewal of {total:,} numbers across {workspaces:,} workspaces (RunRenewals)",
            "figure": round(seconds, 1),
            "unit": "s",
            "baseline": round(baseline, 1),
            "baseline_unit": "pgbench -N TPS",
            "ratio": round(per_second / baseline, 3),
            "target": f"< {TARGET_SECONDS:.0f} s",
            "met": seconds < TARGET_SECONDS and entries == keys == total and consistent,
            "charges_per_second": round(per_second, 1),
            "ledger_entries": entries,
            "distinct_keys": keys,
            "ledger_consistent": consistent,
            "pages": pages,
            "outcomes_seen_by_run": {
                inventory_pb2.RenewalOutcome.Name(k): v for k, v in sorted(outcomes.items())
            },
            "load_seconds": round(load_seconds, 1),
        }
    ]


def main() -> None:
    """`python -m bench.renewal [workspaces] [numbers_per_workspace]`."""
    sizes = [int(a) for a in sys.argv[1:3]]
    with running_platform() as (platform, db_url):
        kwargs = dict(zip(("workspaces", "per_workspace"), sizes, strict=False))
        print(json.dumps(asyncio.run(run(platform, db_url, **kwargs)), indent=2))


if __name__ == "__main__":
    main()
