"""Inventory's reaction to `sautikit.wallet.credited`: retry the workspace's unpaid months.

The handler reads nothing from the event but the workspace: it acts on the current state
(unpaid months, the wallet's balance as the debits find it), so any order of delivery and
any redelivery end the same way. The consumer's processed-events row makes a redelivered
event a no-op, and the debits' idempotency keys make a retried handler charge nothing twice.
"""

from __future__ import annotations

import uuid

from platform_common.consumer import EventHandler
from platform_common.events import EventEnvelope
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.inventory.renewals.usecases import retry_unpaid
from services.inventory.wallet_client import RenewalWalletPort

WALLET_CREDITED = "sautikit.wallet.credited"
DURABLE = "inventory-renewals-on-credit"


def credited_handler(wallet: RenewalWalletPort) -> EventHandler:
    async def on_credited(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(events_pb2.WalletCredited)
        await retry_unpaid(uow=uow, wallet=wallet, workspace_id=uuid.UUID(event.workspace_id))

    return on_credited


def build_subscriptions(wallet: RenewalWalletPort) -> dict[str, tuple[str, EventHandler]]:
    """Durable consumer name -> (subject, handler)."""
    return {DURABLE: (WALLET_CREDITED, credited_handler(wallet))}
