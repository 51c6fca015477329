"""What the database's ledger-sum invariant costs on the wallet's hottest write: debits of one
workspace through WalletService.Debit (as claims and renewals do), with the integrity triggers
on, against the same load with them switched off in the same run.

`python -m bench.ledger_integrity` runs it alone on a throwaway platform.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import grpc
import psycopg

from bench.measure import LoadResult, closed_loop
from bench.platform_fixture import running_platform
from devstack.launcher import RunningPlatform, funded_workspace
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc

CONCURRENCY = 8
SECONDS = 8.0
# Entries already in the workspace's ledger: a per-commit SUM would grow with this.
HISTORY = 3000
TRIGGERS = (
    ("wallet.ledger_entries", "ledger_entries_add_to_ledger_sum"),
    ("wallet.wallets", "wallets_balance_matches_ledger"),
)


def _set_triggers(db_url: str, enabled: bool) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        if enabled:
            # Debits made while the triggers were off did not move the running sum.
            conn.execute(
                "UPDATE wallet.wallets w SET ledger_sum_minor = (SELECT coalesce(sum("
                "e.amount_minor), 0) FROM wallet.ledger_entries e "
                "WHERE e.workspace_id = w.workspace_id)"
            )
        for table, trigger in TRIGGERS:
            action = "ENABLE" if enabled else "DISABLE"
            conn.execute(f"ALTER TABLE {table} {action} TRIGGER {trigger}")


async def _debits(
    stub: wallet_pb2_grpc.WalletServiceStub, workspace_id: str, name: str
) -> LoadResult:
    async def debit(worker: int, i: int) -> bool:
        try:
            await stub.Debit(
                wallet_pb2.DebitRequest(
                    workspace_id=workspace_id,
                    amount_minor=100,
                    entry_type=wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL,
                    idempotency_key=f"bench:{uuid.uuid4()}",
                ),
                timeout=10,
            )
        except grpc.aio.AioRpcError:
            return False
        return True

    return await closed_loop(
        name, debit, concurrency=CONCURRENCY, max_operations=10**6, max_seconds=SECONDS
    )


async def run(platform: RunningPlatform, db_url: str) -> list[dict[str, object]]:
    workspace_id, _ = await funded_workspace(platform, 10**12)
    async with grpc.aio.insecure_channel(platform.grpc_address("wallet")) as channel:
        stub = wallet_pb2_grpc.WalletServiceStub(channel)
        for start in range(0, HISTORY, 50):  # build the history in bounded batches
            await asyncio.gather(
                *(
                    stub.Debit(
                        wallet_pb2.DebitRequest(
                            workspace_id=workspace_id,
                            amount_minor=100,
                            entry_type=wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL,
                            idempotency_key=f"history:{i}",
                        ),
                        timeout=30,
                    )
                    for i in range(start, min(start + 50, HISTORY))
                )
            )
        rounds: dict[bool, list[LoadResult]] = {True: [], False: []}
        for enabled in (False, True, False, True):  # interleaved against drift
            await asyncio.to_thread(_set_triggers, db_url, enabled)
            label = "with" if enabled else "without"
            rounds[enabled].append(await _debits(stub, workspace_id, f"debits {label} triggers"))
        await asyncio.to_thread(_set_triggers, db_url, True)
    with_rate = sum(r.per_second for r in rounds[True]) / 2
    without_rate = sum(r.per_second for r in rounds[False]) / 2
    ratio = with_rate / without_rate if without_rate else 0.0
    return [
        {
            "path": "WalletService.Debit, one workspace, ledger-sum triggers on",
            "figure": round(with_rate, 1),
            "unit": "debits/s",
            "baseline": round(without_rate, 1),
            "baseline_unit": "debits/s with the triggers off (same run)",
            "ratio": round(ratio, 3),
            "target": "ratio >= 0.8",
            "met": ratio >= 0.8,
            "history_entries": HISTORY,
            "rounds": [r.summary() for rs in rounds.values() for r in rs],
        }
    ]


def main() -> None:
    with running_platform() as (platform, db_url):
        report = asyncio.run(run(platform, db_url))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
