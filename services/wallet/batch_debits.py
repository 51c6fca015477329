"""Many debits in one transaction: what inventory's renewal job sends (thousands of monthly
rentals per run), where one RPC and one transaction per debit would cost far more than the
database work itself.

Each debit is decided exactly as a single Debit would decide it: once per idempotency key
(a key already recorded replays its first result), and only if the wallet's balance covers
it. The batch locks every wallet it touches (`FOR UPDATE`, in workspace order so two batches
cannot deadlock) before reading balances and keys, so nothing can move those balances or
record those keys until it commits: the decisions made in Python under the locks stay true.
Single debits and credits of the same wallets wait for the lock, then see the result.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, select, text
from sqlalchemy.dialects.postgresql import insert

from platform_common.ids import new_id
from platform_common.uow import UnitOfWork
from services.wallet.domain import (
    EntryType,
    IdempotencyKeyConflict,
    LedgerEntry,
    MoneyMovement,
    MovementResult,
    WalletInsufficientFunds,
)
from services.wallet.repository import ledger_entries, wallets
from services.wallet.usecases import MOVEMENTS

MAX_BATCH = 5000

BatchOutcome = MovementResult | WalletInsufficientFunds | IdempotencyKeyConflict

_SET_BALANCES = text(
    """
    UPDATE wallet.wallets AS w
    SET balance_minor = v.balance_minor, updated_at = now()
    FROM unnest(CAST(:workspace_ids AS uuid[]), CAST(:balances AS bigint[]))
        AS v(workspace_id, balance_minor)
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


async def debit_batch(*, uow: UnitOfWork, movements: Sequence[MoneyMovement]) -> list[BatchOutcome]:
    """Applies or refuses each debit, in order, in one transaction; one outcome per debit."""
    async with uow:
        workspace_ids = sorted({m.workspace_id for m in movements})
        balances: dict[uuid.UUID, int] = {
            row.workspace_id: row.balance_minor
            for row in await uow.conn.execute(
                select(wallets.c.workspace_id, wallets.c.balance_minor)
                .where(wallets.c.workspace_id.in_(workspace_ids))
                .order_by(wallets.c.workspace_id)
                .with_for_update()
            )
        }
        recorded: dict[str, LedgerEntry] = {
            row.idempotency_key: _entry(row)
            for row in await uow.conn.execute(
                select(ledger_entries).where(
                    ledger_entries.c.idempotency_key.in_([m.idempotency_key for m in movements])
                )
            )
        }
        outcomes: list[BatchOutcome | None] = []
        new_rows: list[dict[str, Any]] = []
        new_index: dict[str, int] = {}  # key -> position of the debit that records it
        for position, movement in enumerate(movements):
            key = movement.idempotency_key
            if key in recorded:
                outcomes.append(_replay(movement, recorded[key]))
                continue
            if key in new_index:  # the same key twice in one batch: the first one counts
                outcomes.append(None)
                continue
            balance = balances.get(movement.workspace_id, 0)
            if balance < movement.amount_minor:
                outcomes.append(
                    WalletInsufficientFunds(
                        balance_minor=balance, required_minor=movement.amount_minor
                    )
                )
                continue
            balances[movement.workspace_id] = balance - movement.amount_minor
            new_index[key] = position
            new_rows.append(
                {
                    "id": new_id(),
                    "workspace_id": movement.workspace_id,
                    "entry_type": movement.entry_type.value,
                    "amount_minor": movement.signed_amount_minor,
                    "currency": movement.currency,
                    "balance_after_minor": balance - movement.amount_minor,
                    "reference": movement.reference,
                    "reason": movement.reason,
                    "idempotency_key": key,
                }
            )
            outcomes.append(None)
        inserted: dict[str, LedgerEntry] = {}
        if new_rows:
            result = await uow.conn.execute(
                insert(ledger_entries)
                .on_conflict_do_nothing(index_elements=[ledger_entries.c.idempotency_key])
                .returning(*ledger_entries.c),
                new_rows,
            )
            inserted = {row.idempotency_key: _entry(row) for row in result.all()}
            if len(inserted) != len(new_rows):
                raise BatchKeyRace("a key of this batch was recorded meanwhile; retry the batch")
            moved = sorted({row["workspace_id"] for row in new_rows})
            await uow.conn.execute(
                _SET_BALANCES,
                {"workspace_ids": moved, "balances": [balances[w] for w in moved]},
            )
        await uow.commit()
    final: list[BatchOutcome] = []
    for movement, outcome in zip(movements, outcomes, strict=True):
        if outcome is None:
            entry = inserted[movement.idempotency_key]
            if new_index[movement.idempotency_key] == len(final):
                outcome = MovementResult(entry=entry, replayed=False)
            else:  # a repeat of a key earlier in this batch
                outcome = _replay(movement, entry)
        final.append(outcome)
        MOVEMENTS.labels("debit", _label(outcome)).inc()
    return final


def _replay(movement: MoneyMovement, first: LedgerEntry) -> BatchOutcome:
    try:
        return movement.replay(first)
    except IdempotencyKeyConflict as conflict:
        return conflict


def _label(outcome: BatchOutcome) -> str:
    if isinstance(outcome, MovementResult):
        return "replayed" if outcome.replayed else "applied"
    return outcome.code
