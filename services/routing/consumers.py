"""Events the routing context reacts to. Each handler runs inside the consumer's unit of work
(already deduplicated by event id) and makes one use-case call. The event's time is its
CloudEvents `time` (when inventory's transaction wrote it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from platform_common.consumer import EventHandler
from platform_common.events import EventEnvelope, event_livemode
from platform_common.inventory_numbers import InventoryPort
from platform_common.timestamps import optional_time
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.routing import number_view
from services.routing.domain import NumberEvent, NumberStatus, NumberView


def build_subscriptions(
    inventory: InventoryPort, changed: Callable[[str], None] = lambda e164: None
) -> dict[str, tuple[str, EventHandler]]:
    """Durable consumer name -> (subject, handler). `changed(e164)` is told about every number
    an event may have changed (the ResolveRoute cache forgets it)."""

    async def on_claimed(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(events_pb2.NumberClaimed)
        await number_view.note_claimed(
            uow=uow,
            view=NumberView(
                tenant_number_id=uuid.UUID(event.tenant_number_id),
                workspace_id=uuid.UUID(event.workspace_id),
                e164=event.e164,
                status=NumberStatus.ACTIVE.value,
                allow_inbound=event.allow_inbound,
                allow_outbound=event.allow_outbound,
                status_changed_at=envelope.time,
                settings_changed_at=envelope.time,
                livemode=event_livemode(event),
                held_since=optional_time(event, "claimed_at") or envelope.time,
            ),
        )
        changed(event.e164)

    async def on_updated(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(events_pb2.NumberSettingsChanged)
        await number_view.note_settings_changed(
            uow=uow,
            inventory=inventory,
            tenant_number_id=uuid.UUID(event.tenant_number_id),
            workspace_id=uuid.UUID(event.workspace_id),
            allow_inbound=event.allow_inbound,
            allow_outbound=event.allow_outbound,
            disabled=event.disabled,
            at=envelope.time,
        )
        changed(event.e164)

    async def on_suspended(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(events_pb2.NumberSuspended)
        await number_view.note_status_event(
            uow=uow,
            inventory=inventory,
            tenant_number_id=uuid.UUID(event.tenant_number_id),
            workspace_id=uuid.UUID(event.workspace_id),
            event=NumberEvent.SUSPENDED,
            at=envelope.time,
            reason=event.reason or None,
        )
        changed(event.e164)

    async def on_resumed(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(events_pb2.NumberResumed)
        await number_view.note_status_event(
            uow=uow,
            inventory=inventory,
            tenant_number_id=uuid.UUID(event.tenant_number_id),
            workspace_id=uuid.UUID(event.workspace_id),
            event=NumberEvent.RESUMED,
            at=envelope.time,
        )
        changed(event.e164)

    async def on_released(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(events_pb2.NumberReleased)
        await number_view.note_released(
            uow=uow,
            view=NumberView(
                tenant_number_id=uuid.UUID(event.tenant_number_id),
                workspace_id=uuid.UUID(event.workspace_id),
                e164=event.e164,
                status=NumberStatus.RELEASED.value,
                allow_inbound=False,
                allow_outbound=False,
                status_changed_at=envelope.time,
                settings_changed_at=envelope.time,
                livemode=event_livemode(event),
            ),
        )
        changed(event.e164)

    return {
        "routing-numbers-claimed": ("sautikit.numbers.claimed", on_claimed),
        "routing-numbers-updated": ("sautikit.numbers.updated", on_updated),
        "routing-numbers-suspended": ("sautikit.numbers.suspended", on_suspended),
        "routing-numbers-resumed": ("sautikit.numbers.resumed", on_resumed),
        "routing-numbers-released": ("sautikit.numbers.released", on_released),
    }
