"""Inventory's orders reaction to `sautikit.wallet.credited`: approvals whose payment was
refused (orders back in `submitted` with reason `payment_refused`) are approved again for the
credited workspace. The handler reads only the workspace from the event and acts on current
state; approval is idempotent (one debit key per order), so any order of delivery and any
redelivery end the same way."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from platform_common.consumer import EventHandler
from platform_common.errors import DomainError
from platform_common.events import EventEnvelope
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.inventory.claims import ClaimSettings
from services.inventory.orders import repository
from services.inventory.orders.context import OrderContext
from services.inventory.orders.review import approve_order
from services.inventory.wallet_client import WalletPort

log = logging.getLogger(__name__)
WALLET_CREDITED = "sautikit.wallet.credited"
DURABLE = "inventory-orders-on-credit"


@dataclass
class OrderConsumerParts:
    """Filled by the composition root once the service's unit-of-work factory exists."""

    ctx: OrderContext | None = None


def credited_handler(
    parts: OrderConsumerParts, *, wallet: WalletPort, claim_settings: ClaimSettings
) -> EventHandler:
    async def on_credited(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        assert parts.ctx is not None
        event = envelope.parse(events_pb2.WalletCredited)
        waiting = await repository.awaiting_payment(
            uow.conn, workspace_id=uuid.UUID(event.workspace_id)
        )
        for order_id in waiting:
            try:
                await approve_order(
                    parts.ctx, wallet=wallet, claim_settings=claim_settings, order_id=order_id
                )
            except DomainError as refused:
                # Still short, or changed meanwhile: the order keeps its note.
                log.info(
                    "order approval on credit not completed",
                    extra={"order_id": str(order_id), "reason": refused.code},
                )

    return on_credited
