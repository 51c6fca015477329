"""Events the routing context reacts to. Each handler runs inside the consumer's unit of work
(already deduplicated by event id) and makes one use-case call."""

from __future__ import annotations

import uuid

from platform_common.events import EventEnvelope
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.routing import usecases


async def on_number_claimed(uow: UnitOfWork, envelope: EventEnvelope) -> None:
    event = envelope.parse(events_pb2.NumberClaimed)
    await usecases.open_routing(
        uow=uow,
        tenant_number_id=uuid.UUID(event.tenant_number_id),
        workspace_id=uuid.UUID(event.workspace_id),
        e164=event.e164,
    )


async def on_number_released(uow: UnitOfWork, envelope: EventEnvelope) -> None:
    event = envelope.parse(events_pb2.NumberReleased)
    await usecases.drop_routing(uow=uow, tenant_number_id=uuid.UUID(event.tenant_number_id))


# durable consumer name -> (subject, handler)
SUBSCRIPTIONS = {
    "routing-numbers-claimed": ("sautikit.numbers.claimed", on_number_claimed),
    "routing-numbers-released": ("sautikit.numbers.released", on_number_released),
}
