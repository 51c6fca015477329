"""Wallet use cases: one function each, dependencies passed explicitly."""

from __future__ import annotations

import uuid

from prometheus_client import Counter

from platform_common.events import OutgoingEvent
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.wallet import repository
from services.wallet.domain import (
    DebitExpired,
    Direction,
    LedgerCursor,
    LedgerEntry,
    LedgerEntryNotFound,
    MoneyMovement,
    MovementResult,
    Wallet,
    WalletInsufficientFunds,
)

MOVEMENTS = Counter(
    "wallet_movements_total", "Credits and debits by outcome", ["direction", "outcome"]
)


async def get_wallet(*, uow: UnitOfWork, workspace_id: uuid.UUID) -> Wallet:
    """The workspace's wallet; one that never had money has balance 0 KES."""
    async with uow:
        found = await repository.get_wallet(uow.conn, workspace_id)
    return found or Wallet.empty(workspace_id)


async def credit(*, uow: UnitOfWork, movement: MoneyMovement) -> MovementResult:
    """Adds money once per idempotency key and announces it (sautikit.wallet.credited)."""
    assert movement.direction is Direction.CREDIT
    result = await _apply(uow, movement)
    MOVEMENTS.labels("credit", "replayed" if result.replayed else "applied").inc()
    return result


async def debit(*, uow: UnitOfWork, movement: MoneyMovement) -> MovementResult:
    """Takes money only if the balance covers it and its fence has not passed, once per
    idempotency key; a retry returns the first result even if the balance has since dropped
    or the fence has since passed."""
    assert movement.direction is Direction.DEBIT
    try:
        result = await _apply(uow, movement)
    except WalletInsufficientFunds:
        MOVEMENTS.labels("debit", "insufficient_funds").inc()
        raise
    except DebitExpired:
        MOVEMENTS.labels("debit", "expired").inc()
        raise
    MOVEMENTS.labels("debit", "replayed" if result.replayed else "applied").inc()
    return result


async def _apply(uow: UnitOfWork, movement: MoneyMovement) -> MovementResult:
    async with uow:
        attempt = await repository.apply_movement(uow.conn, movement)
        if attempt.inserted is not None:
            if movement.direction is Direction.CREDIT:
                livemode = await repository.wallet_livemode(uow.conn, movement.workspace_id)
                uow.emit(credited_event(attempt.inserted, livemode=livemode))
            await uow.commit()
            return MovementResult(entry=attempt.inserted, replayed=False)
        if attempt.existing is not None:
            return movement.replay(attempt.existing)
        # Nothing written: either the debit was not covered, or a concurrent transaction
        # recorded this key first after our statement had already moved the balance. Undo
        # whatever moved, then read what is committed now.
        await uow.rollback()
        refusal = await repository.refusal_state(uow.conn, movement)
    if refusal.first is not None:
        return movement.replay(refusal.first)
    if movement.direction is Direction.CREDIT:
        raise RuntimeError("credit wrote no entry and no entry exists under its key")
    if refusal.fence_passed:
        raise DebitExpired("the debit's not_after fence has passed; nothing was taken")
    raise WalletInsufficientFunds(
        balance_minor=refusal.balance_minor, required_minor=movement.amount_minor
    )


def credited_event(
    entry: LedgerEntry, *, livemode: bool, mpesa_receipt_number: str = ""
) -> OutgoingEvent:
    """sautikit.wallet.credited for a new credit entry (operator credit or confirmed top-up;
    a top-up passes its M-Pesa receipt, which the customer's receipt email shows)."""
    return OutgoingEvent.of(
        "sautikit.wallet.credited",
        f"workspaces/{entry.workspace_id}/wallet",
        events_pb2.WalletCredited(
            workspace_id=str(entry.workspace_id),
            ledger_entry_id=str(entry.id),
            entry_type=entry.entry_type.value,
            amount_minor=entry.amount_minor,
            currency=entry.currency,
            balance_after_minor=entry.balance_after_minor,
            credited_at=to_timestamp(entry.created_at),
            mpesa_receipt_number=mpesa_receipt_number,
            livemode=livemode,
        ),
    )


async def get_ledger_entry(*, uow: UnitOfWork, idempotency_key: str) -> LedgerEntry:
    """The entry recorded under a key; how the claim sweeper learns whether a debit happened."""
    async with uow:
        found = await repository.get_entry_by_key(uow.conn, idempotency_key)
    if found is None:
        raise LedgerEntryNotFound("no ledger entry has this idempotency_key")
    return found


async def list_ledger_entries(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, limit: int, cursor: LedgerCursor | None
) -> tuple[list[LedgerEntry], LedgerCursor | None]:
    """One page of the workspace's ledger, newest first, and the cursor of the next page."""
    async with uow:
        entries = await repository.list_entries(
            uow.conn, workspace_id=workspace_id, after=cursor, limit=limit + 1
        )
    if len(entries) <= limit:
        return entries, None
    page = entries[:limit]
    return page, LedgerCursor(at=page[-1].created_at, id=page[-1].id)
