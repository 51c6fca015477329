"""Sandbox wallets: the wallets of test-mode (sandbox) workspaces, DESIGN.md §11.

A sandbox wallet is opened the first time a test-mode call reaches it (reading it, its ledger,
a top-up, a claim's debit): its row is marked `livemode = false` and credited the documented
test balance as an ordinary ledger entry, so balance = sum of the ledger as for every wallet.
Its money is test money: it only ever pays for test numbers (sandbox workspaces only hold
those) and its top-ups only ever go to the Daraja simulator (topups/daraja_modes.py). No event
announces the opening credit: nothing outside the wallet has to react to it.
"""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert

from platform_common.uow import UnitOfWorkFactory
from services.wallet import repository
from services.wallet.domain import CURRENCY, Direction, EntryType, MoneyMovement

TEST_OPENING_BALANCE_MINOR = 1_000_000  # KES 10,000
OPENING_REASON = "test-mode opening balance"


def opening_key(workspace_id: uuid.UUID) -> str:
    return f"sandbox-opening:{workspace_id}"


async def open_if_sandbox(
    new_uow: UnitOfWorkFactory, workspace_id: uuid.UUID, livemode: bool
) -> None:
    """Opens the sandbox wallet once (a no-op for live callers and for an open wallet)."""
    if livemode:
        return
    async with new_uow() as uow:
        created = (
            await uow.conn.execute(
                insert(repository.wallets)
                .values(workspace_id=workspace_id, balance_minor=0, livemode=False)
                .on_conflict_do_nothing(index_elements=["workspace_id"])
                .returning(repository.wallets.c.workspace_id)
            )
        ).first()
        if created is None:
            return  # already open (or a concurrent call is opening it right now)
        attempt = await repository.apply_movement(
            uow.conn,
            MoneyMovement(
                direction=Direction.CREDIT,
                workspace_id=workspace_id,
                amount_minor=TEST_OPENING_BALANCE_MINOR,
                currency=CURRENCY,
                entry_type=EntryType.ADJUSTMENT,
                reason=OPENING_REASON,
                reference=None,
                idempotency_key=opening_key(workspace_id),
            ),
        )
        assert attempt.inserted is not None, "a new sandbox wallet already had its opening"
        await uow.commit()
