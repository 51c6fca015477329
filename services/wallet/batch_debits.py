"""Many debits in one transaction: what inventory's renewal job sends (thousands of monthly
rentals per run), where one RPC and one transaction per debit would cost far more than the
database work itself.

Each debit is decided exactly as a single Debit would decide it: once per idempotency key
(a key already recorded replays its first result), and only if the wallet's balance covers
it. The batch locks every wallet it touches (`FOR UPDATE`, in workspace order so two batches
cannot deadlock) before reading balances and keys, so nothing can move those balances or
record those keys until it commits: the decisions made in Python under the locks stay true.
Single debits and credits of the same wallets wait for the lock, then see the result.

Rows travel to PostgreSQL as one JSON document per statement: a few short statements whatever
the batch size, and no per-element array quoting in the driver.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, text

from platform_common.ids import new_id
from platform_common.uow import UnitOfWork
from services.wallet.domain import (
    EntryType,
    IdempotencyKeyConflict,
    LedgerEntry,
    MoneyMovement,
    WalletInsufficientFunds,
)
from services.wallet.usecases import MOVEMENTS

MAX_BATCH = 5000


@dataclass(frozen=True)
class Applied:
    """A debit that took money: now, or the first time (replayed)."""

    entry_id: uuid.UUID
    balance_after_minor: int
    replayed: bool


BatchOutcome = Applied | WalletInsufficientFunds | IdempotencyKeyConflict

_LOCK_WALLETS = text(
    """
    SELECT workspace_id, balance_minor, reserved_minor FROM wallet.wallets
    WHERE workspace_id IN (SELECT CAST(value AS uuid) FROM jsonb_array_elements_text(:ids))
    ORDER BY workspace_id
    FOR UPDATE
    """
)
_RECORDED = text(
    """
    SELECT * FROM wallet.ledger_entries
    WHERE idempotency_key IN (SELECT value FROM jsonb_array_elements_text(:keys))
    """
)
_INSERT_ENTRIES = text(
    """
    INSERT INTO wallet.ledger_entries (id, workspace_id, entry_type, amount_minor, currency,
        balance_after_minor, reference, reason, idempotency_key)
    SELECT id, workspace_id, entry_type, amount_minor, currency, balance_after_minor,
        reference, reason, idempotency_key
    FROM jsonb_to_recordset(:rows) AS v(id uuid, workspace_id uuid, entry_type text,
        amount_minor bigint, currency text, balance_after_minor bigint, reference text,
        reason text, idempotency_key text)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING idempotency_key
    """
)
_SET_BALANCES = text(
    """
    UPDATE wallet.wallets AS w
    SET balance_minor = v.balance_minor, updated_at = now()
    FROM jsonb_to_recordset(:rows) AS v(workspace_id uuid, balance_minor bigint)
    WHERE w.workspace_id = v.workspace_id
    """
)


def _entry(row: Row[Any]) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        workspace_id=row.workspace_id,
        entry_type=EntryType(row.entry_type),
        amount_minor=row.amount_minor,
        currency=row.currency,
        balance_after_minor=row.balance_after_minor,
        reference=row.reference,
        reason=row.reason,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
    )


class BatchKeyRace(Exception):
    """Another transaction recorded one of the batch's keys for a wallet the batch did not
    lock (a key reused across workspaces); the batch rolled back and may be retried."""


def _replay(movement: MoneyMovement, first: LedgerEntry) -> BatchOutcome:
    try:
        result = movement.replay(first)
    except IdempotencyKeyConflict as conflict:
        return conflict
    return Applied(result.entry.id, result.entry.balance_after_minor, replayed=True)


async def debit_batch(*, uow: UnitOfWork, movements: Sequence[MoneyMovement]) -> list[BatchOutcome]:
    """Applies or refuses each debit, in order, in one transaction; one outcome per debit."""
    async with uow:
        workspace_ids = sorted({str(m.workspace_id) for m in movements})
        locked = (await uow.conn.execute(_LOCK_WALLETS, {"ids": json.dumps(workspace_ids)})).all()
        balances: dict[uuid.UUID, int] = {row.workspace_id: row.balance_minor for row in locked}
        # Money reserved for calls in progress is not there to take (services/wallet/usage).
        reserved: dict[uuid.UUID, int] = {row.workspace_id: row.reserved_minor for row in locked}
        keys = json.dumps([m.idempotency_key for m in movements])
        recorded = {
            row.idempotency_key: _entry(row)
            for row in await uow.conn.execute(_RECORDED, {"keys": keys})
        }
        outcomes: list[BatchOutcome] = []
        new_rows: list[dict[str, Any]] = []
        for movement in movements:
            key = movement.idempotency_key
            first = recorded.get(key)
            if first is not None:  # recorded before, or earlier in this very batch
                outcomes.append(_replay(movement, first))
                continue
            balance = balances.get(movement.workspace_id, 0)
            if balance - reserved.get(movement.workspace_id, 0) < movement.amount_minor:
                outcomes.append(
                    WalletInsufficientFunds(
                        balance_minor=balance, required_minor=movement.amount_minor
                    )
                )
                continue
            entry = LedgerEntry(
                id=new_id(),
                workspace_id=movement.workspace_id,
                entry_type=movement.entry_type,
                amount_minor=movement.signed_amount_minor,
                currency=movement.currency,
                balance_after_minor=balance - movement.amount_minor,
                reference=movement.reference,
                reason=movement.reason,
                idempotency_key=key,
                created_at=None,  # type: ignore[arg-type]  # only compared on a replay
            )
            balances[movement.workspace_id] = entry.balance_after_minor
            recorded[key] = entry
            new_rows.append(
                {
                    "id": str(entry.id),
                    "workspace_id": str(entry.workspace_id),
                    "entry_type": entry.entry_type.value,
                    "amount_minor": entry.amount_minor,
                    "currency": entry.currency,
                    "balance_after_minor": entry.balance_after_minor,
                    "reference": entry.reference,
                    "reason": entry.reason,
                    "idempotency_key": key,
                }
            )
            outcomes.append(Applied(entry.id, entry.balance_after_minor, replayed=False))
        if new_rows:
            inserted = await uow.conn.execute(_INSERT_ENTRIES, {"rows": json.dumps(new_rows)})
            if len(inserted.all()) != len(new_rows):
                raise BatchKeyRace("a key of this batch was recorded meanwhile; retry the batch")
            moved = sorted({row["workspace_id"] for row in new_rows})
            await uow.conn.execute(
                _SET_BALANCES,
                {
                    "rows": json.dumps(
                        [
                            {"workspace_id": w, "balance_minor": balances[uuid.UUID(w)]}
                            for w in moved
                        ]
                    )
                },
            )
        await uow.commit()
    _count(outcomes)
    return outcomes


def _count(outcomes: Sequence[BatchOutcome]) -> None:
    tally: dict[str, int] = {}
    for outcome in outcomes:
        if isinstance(outcome, Applied):
            label = "replayed" if outcome.replayed else "applied"
        else:
            label = outcome.code
        tally[label] = tally.get(label, 0) + 1
    for label, count in tally.items():
        MOVEMENTS.labels("debit", label).inc(count)
