"""Resetting a sandbox wallet. The ledger is append-only (a trigger forbids UPDATE and DELETE),
so the reset is one "adjustment" entry that brings the balance back to the starting test
balance: the ledger still sums to the balance, and its history shows the reset. Call records
are deleted with the reservations they held, top-ups with their M-Pesa callbacks."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from platform_common.config import env_int
from platform_common.errors import Conflict
from platform_common.ids import new_id
from platform_common.uow import UnitOfWorkFactory

SANDBOX_RESET = "sandbox_reset"
DEFAULT_START_BALANCE_MINOR = 1_000_000  # KES 10,000.00


def start_balance_from_env() -> int:
    """SANDBOX_START_BALANCE_MINOR: what a sandbox wallet holds after a reset."""
    value = env_int("SANDBOX_START_BALANCE_MINOR", DEFAULT_START_BALANCE_MINOR)
    if value < 0:
        raise ValueError("SANDBOX_START_BALANCE_MINOR must be >= 0")
    return value


class LiveObjectsPresent(Conflict):
    """The purge met a live wallet: this is not a sandbox workspace, whatever the caller said."""

    default_code = "live_objects_present"


_LOCK_WALLET = text(
    "SELECT balance_minor, currency, livemode FROM wallet.wallets "
    "WHERE workspace_id = :workspace_id FOR UPDATE"
)
_DELETE_CALLS = text("DELETE FROM wallet.calls WHERE workspace_id = :workspace_id")
# Top-ups (with the M-Pesa callbacks received for them); their ledger credits stay, as the
# ledger is append-only, and the reset entry brings the balance back.
_DELETE_TOPUPS = (
    text(
        "DELETE FROM wallet.topup_callbacks WHERE topup_id IN "
        "(SELECT id FROM wallet.topups WHERE workspace_id = :workspace_id)"
    ),
    text("DELETE FROM wallet.topups WHERE workspace_id = :workspace_id"),
)
_ADJUST = text(
    """
    INSERT INTO wallet.ledger_entries
        (id, workspace_id, entry_type, amount_minor, currency, balance_after_minor, reason,
         idempotency_key)
    VALUES (:id, :workspace_id, 'adjustment', :amount, :currency, :balance, :reason, :key)
    """
)
_SET_BALANCE = text(
    "UPDATE wallet.wallets SET balance_minor = :balance, reserved_minor = 0, updated_at = now() "
    "WHERE workspace_id = :workspace_id"
)


async def purge_sandbox(
    *, new_uow: UnitOfWorkFactory, workspace_id: uuid.UUID, start_balance_minor: int
) -> int:
    """Deletes the wallet's call records and resets it to the starting balance, in one
    transaction under the wallet's row lock; refuses a live wallet, changing nothing. A
    workspace without a wallet has nothing to reset. Returns how many objects changed."""
    async with new_uow() as uow:
        params = {"workspace_id": workspace_id}
        wallet = (await uow.conn.execute(_LOCK_WALLET, params)).first()
        if wallet is None:
            return 0
        if wallet.livemode:
            raise LiveObjectsPresent("this is a live wallet; nothing was purged")
        purged = (await uow.conn.execute(_DELETE_CALLS, params)).rowcount
        for statement in _DELETE_TOPUPS:
            purged += (await uow.conn.execute(statement, params)).rowcount
        delta = start_balance_minor - wallet.balance_minor
        if delta:
            await uow.conn.execute(
                _ADJUST,
                {
                    **params,
                    "id": new_id(),
                    "amount": delta,
                    "currency": wallet.currency,
                    "balance": start_balance_minor,
                    "reason": SANDBOX_RESET,
                    "key": f"{SANDBOX_RESET}:{workspace_id}:{new_id()}",
                },
            )
            purged += 1
        await uow.conn.execute(_SET_BALANCE, {**params, "balance": start_balance_minor})
        await uow.commit()
    return purged
