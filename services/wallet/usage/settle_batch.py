"""Settling a batch of call.completed events with set-based statements (the consumer's fast
path; calls_repository.settle_completed is the one-call path and the reference: the money
moved here is the same, call by call, in event order).

Why: the consumer applies a fetched batch in one transaction. Settling its calls one statement
at a time held each wallet's row lock from its first call until the batch committed, and
AuthorizeCall (which reserves on that row) waited behind the whole batch. Here the wallets are
locked by one statement near the end, and released at COMMIT a few statements later.

Every call of the batch still `authorized` or `expired` is settled here: charged
min(cost, what it holds + what is available), its reservation released, one `call_usage`
entry when anything was charged. Calls this does not find (unknown, already ended) are the
caller's (end_call, which records a call never authorized).

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
from services.wallet.usage.calls_repository import COST_SQL, WalletAfter

# One row per call of the batch that still holds (or held) its reservation (a call named
# twice in the batch counts once: its first event), locked, with its cost by the rating rule.
_LOCK_AND_PRICE = text(
    f"""
    WITH v AS (
        SELECT DISTINCT ON (call_id) call_id, seconds, ord
        FROM jsonb_to_recordset(:rows) AS v(ord int, call_id text, seconds bigint)
        ORDER BY call_id, ord
    )
    SELECT k.id, k.call_id, k.workspace_id, k.reserved_minor AS held, v.ord,
        {COST_SQL.format(rate="k.rate_per_min_minor").replace(":seconds", "v.seconds")} AS cost
    FROM wallet.calls k JOIN v ON v.call_id = k.call_id
    WHERE k.status IN ('authorized', 'expired')
    ORDER BY k.call_id
    FOR UPDATE OF k
    """  # noqa: S608  (only constants are formatted into the text)
)

_LOCK_WALLETS = text(
    """
    SELECT workspace_id, balance_minor, reserved_minor, currency FROM wallet.wallets
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
        billable_seconds = v.seconds, cost_minor = v.cost, charged_minor = v.charged,
        ledger_entry_id = v.entry_id, updated_at = now()
    FROM jsonb_to_recordset(:rows) AS v(record_id uuid, seconds bigint, cost bigint,
        charged bigint, entry_id uuid, started_at timestamptz, answered_at timestamptz,
        ended_at timestamptz)
    WHERE k.id = v.record_id AND k.status IN ('authorized', 'expired')
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


@dataclass(frozen=True)
class SettledCall:
    call_id: str
    workspace_id: uuid.UUID
    cost_minor: int
    charged_minor: int
    available_before_minor: int
    wallet: WalletAfter


async def settle_many(
    conn: AsyncConnection, completions: list[Completion], *, initial: int, subsequent: int
) -> list[SettledCall]:
    """Settles every call of `completions` still holding (or having held) its reservation,
    in event order; returns what each settlement did (the rest are the caller's)."""
    if not completions:
        return []
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
    if not priced:
        return []
    workspaces = sorted({row.workspace_id for row in priced})
    wallets: dict[uuid.UUID, WalletAfter] = {
        row.workspace_id: WalletAfter(
            int(row.balance_minor), int(row.reserved_minor), str(row.currency)
        )
        for row in await conn.execute(_LOCK_WALLETS, {"ids": workspaces})
    }
    locked = dict(wallets)
    settled: list[SettledCall] = []
    entries = []
    closes = []
    for row in sorted(priced, key=lambda r: r.ord):
        before = wallets[row.workspace_id]
        cost, held = int(row.cost), int(row.held)
        # As the one-call statement: never more than the call holds plus what is available.
        charged = min(cost, before.available_minor + held)
        after = WalletAfter(
            before.balance_minor - charged, before.reserved_minor - held, before.currency
        )
        wallets[row.workspace_id] = after
        entry_id: uuid.UUID | None = None
        if charged > 0:
            entry_id = new_id()
            entries.append(
                {
                    "id": str(entry_id),
                    "workspace_id": str(row.workspace_id),
                    "charged": charged,
                    "currency": after.currency,
                    "balance_after": after.balance_minor,
                    "record_id": str(row.id),
                    "call_id": row.call_id,
                }
            )
        completion = by_call[row.call_id]
        closes.append(
            {
                "record_id": str(row.id),
                "seconds": max(completion.seconds, 0),
                "cost": cost,
                "charged": charged,
                "entry_id": str(entry_id) if entry_id else None,
                "started_at": _iso(completion.started_at),
                "answered_at": _iso(completion.answered_at),
                "ended_at": _iso(completion.ended_at),
            }
        )
        settled.append(
            SettledCall(
                call_id=row.call_id,
                workspace_id=row.workspace_id,
                cost_minor=cost,
                charged_minor=charged,
                available_before_minor=before.available_minor,
                wallet=after,
            )
        )
    moves = [
        {
            "workspace_id": str(w),
            "charged": locked[w].balance_minor - wallets[w].balance_minor,
            "held": locked[w].reserved_minor - wallets[w].reserved_minor,
        }
        for w in workspaces
    ]
    await conn.execute(_MOVE_MONEY, {"rows": json.dumps(moves)})
    if entries:
        await conn.execute(_APPEND_ENTRIES, {"rows": json.dumps(entries)})
    await conn.execute(_CLOSE_CALLS, {"rows": json.dumps(closes)})
    return settled
