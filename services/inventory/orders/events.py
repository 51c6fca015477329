"""The order's event: status and version only, never a registration value or document."""

from __future__ import annotations

from platform_common.events import OutgoingEvent
from platform_common.timestamps import to_timestamp
from sautikit.events.v1 import events_pb2
from services.inventory.orders.repository import OrderRow
from services.inventory.sandbox import in_test_pool

ORDER_UPDATED = "sautikit.numbers.order_updated"


def order_updated(row: OrderRow) -> OutgoingEvent:
    return OutgoingEvent.of(
        ORDER_UPDATED,
        f"number-orders/{row.id}",
        events_pb2.NumberOrderUpdated(
            order_id=str(row.id),
            workspace_id=str(row.workspace_id),
            number_id=str(row.number_id),
            e164=row.e164,
            status=row.status,
            status_reason=row.status_reason,
            version=row.version,
            updated_at=to_timestamp(row.updated_at),
            tenant_number_id=str(row.tenant_number_id or ""),
            # The test pool's block is test mode's and only it (a constraint on numbers).
            livemode=not in_test_pool(row.e164),
        ),
    )
