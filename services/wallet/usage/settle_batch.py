"""Settling a batch of call.completed events with set-based statements (the consumer's fast
path; calls_repository.settle_completed is the one-call path and the reference).

Why: the consumer applies a fetched batch in one transaction. Settling its calls one statement
at a time held each wallet's row lock from its first call until the batch committed, and
AuthorizeCall (which reserves on that row) waited behind the whole batch. Here the wallets are
locked by one statement near the end, and released at COMMIT a few statements later.

Only the common case is taken: a call still `authorized` whose reservation covers its cost.
Such a settlement charges exactly the cost and frees the rest, so the available balance can
only rise: no low-balance crossing is possible and no cap applies. Every other call (unknown,
already ended, expired, or costing more than it holds) is left to the one-call path, in the
same transaction.

Lock order is the one every path uses: call rows first, then wallet rows (in workspace order,
so two batches never wait on each other in a cycle)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.ids import new_id
from services.wallet.usage.calls_repository import COST_SQL

# One row per call of the batch that is still authorized (a call named twice in the batch
# counts once: its first event), locked, with its cost by the rating rule in SQL.
_LOCK_AND_PRICE = text(
    f"""
    WITH v AS (
        SELECT DISTINCT ON (call_id) call_id, seconds
        FROM jsonb_to_recordset(:rows) AS v(ord int, call_id text, seconds bigint)
        ORDER BY call_id, ord
    )
    SELECT k.id, k.call_id, k.workspace_id, k.reserved_minor AS held, k.currency,
        {COST_SQL.format(rate="k.rate_per_min_minor").replace(":seconds", "v.seconds")} AS cost
    FROM wallet.calls k JOIN v ON v.call_id = k.call_id
    WHERE k.status = 'authorized'
    ORDER BY k.call_id
    FOR UPDATE OF k
    """  # noqa: S608  (only constants are formatted into the text)
)

_LOCK_WALLETS = text(
    """
    SELECT workspace_id, balance_minor FROM wallet.wallets
    WHERE workspace_id = ANY(:ids)
    ORDER BY workspace_id
    FOR UPDATE
    """
)

_MOVE_MONEY = text(
    """
    UPDATE wallet.wallets t SET balance_minor = t.balance_minor - v.charged,
        reserved_minor = t.reserved_minor - v.held, updated_at = now()
    FROM jsonb_to_recordset(:rows) AS v(workspace_id uuid, charged bigint, held bigint)
    WHERE t.workspace_id = v.workspace_id
    """
)

_APPEND_ENTRIES = text(
    """
    INSERT INTO wallet.ledger_entries (id, workspace_id, entry_type, amount_minor, currency,
        balance_after_minor, reference, reason, idempotency_key, created_at)
    SELECT v.id, v.workspace_id, 'call_usage', -v.charged, v.currency, v.balance_after,
        'calls/' || v.record_id, 'call usage', 'call:' || v.call_id, now()
    FROM jsonb_to_recordset(:rows) AS v(id uuid, workspace_id uuid, charged bigint,
        currency text, balance_after bigint, record_id uuid, call_id text)
    ORDER BY v.id
    """
)

_CLOSE_CALLS = text(
    """
    UPDATE wallet.calls k SET status = 'completed', reserved_minor = 0,
        started_at = v.started_at, answered_at = v.answered_at, ended_at = v.ended_at,
        billable_seconds = v.seconds, cost_minor = v.cost, charged_minor = v.cost,
        ledger_entry_id = v.entry_id, updated_at = now()
    FROM jsonb_to_recordset(:rows) AS v(record_id uuid, seconds bigint, cost bigint,
        entry_id uuid, started_at timestamptz, answered_at timestamptz, ended_at timestamptz)
    WHERE k.id = v.record_id AND k.status = 'authorized'
    """
)


@dataclass(frozen=True)
class Completion:
    """What one call.completed says, for settlement."""

    call_id: str
    seconds: int
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


async def settle_covered(
    conn: AsyncConnection, completions: list[Completion], *, initial: int, subsequent: int
) -> set[str]:
    """Settles every call of `completions` that is authorized and whose reservation covers
    its cost; returns their call ids (the rest are the caller's)."""
    if not completions:
        return set()
    by_call: dict[str, Completion] = {}
    for completion in completions:
        by_call.setdefault(completion.call_id, completion)  # the first event of a call counts
    wanted = [
        {"ord": n, "call_id": c.call_id, "seconds": max(c.seconds, 0)}
        for n, c in enumerate(by_call.values())
    ]
    priced = (
        await conn.execute(
            _LOCK_AND_PRICE,
            {"rows": json.dumps(wanted), "initial": initial, "subsequent": subsequent},
        )
    ).all()
    covered = [row for row in priced if row.cost <= row.held]
    if not covered:
        return set()
    workspaces = sorted({row.workspace_id for row in covered})
    balances: dict[uuid.UUID, int] = {
        row.workspace_id: int(row.balance_minor)
        for row in await conn.execute(_LOCK_WALLETS, {"ids": workspaces})
    }
    per_wallet: dict[uuid.UUID, list[int]] = {w: [0, 0] for w in workspaces}  # charged, held
    entries = []
    closes = []
    for row in covered:
        completion = by_call[row.call_id]
        totals = per_wallet[row.workspace_id]
        totals[0] += int(row.cost)
        totals[1] += int(row.held)
        entry_id: uuid.UUID | None = None
        if row.cost > 0:
            entry_id = new_id()
            balances[row.workspace_id] -= int(row.cost)
            entries.append(
                {
                    "id": str(entry_id),
                    "workspace_id": str(row.workspace_id),
                    "charged": int(row.cost),
                    "currency": row.currency,
                    "balance_after": balances[row.workspace_id],
                    "record_id": str(row.id),
                    "call_id": row.call_id,
                }
            )
        closes.append(
            {
                "record_id": str(row.id),
                "seconds": max(completion.seconds, 0),
                "cost": int(row.cost),
                "entry_id": str(entry_id) if entry_id else None,
                "started_at": _iso(completion.started_at),
                "answered_at": _iso(completion.answered_at),
                "ended_at": _iso(completion.ended_at),
            }
        )
    moves = [
        {"workspace_id": str(w), "charged": charged, "held": held}
        for w, (charged, held) in per_wallet.items()
    ]
    await conn.execute(_MOVE_MONEY, {"rows": json.dumps(moves)})
    if entries:
        await conn.execute(_APPEND_ENTRIES, {"rows": json.dumps(entries)})
    await conn.execute(_CLOSE_CALLS, {"rows": json.dumps(closes)})
    return {row.call_id for row in covered}
