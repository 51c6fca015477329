"""Events the credentials context reacts to. Each handler runs inside the consumer's unit of
work (already deduplicated by event id) and makes one use-case call. The event's time is its
CloudEvents `time` (when inventory's transaction wrote it)."""

from __future__ import annotations

import uuid

from platform_common.consumer import EventHandler
from platform_common.events import EventEnvelope, event_livemode
from platform_common.inventory_numbers import InventoryPort
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.credentials import number_view
from services.credentials.domain import NumberEvent, NumberStatus, NumberView


def build_subscriptions(inventory: InventoryPort) -> dict[str, tuple[str, EventHandler]]:
    """Durable consumer name -> (subject, handler)."""

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
            ),
        )

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

    async def on_suspended(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(events_pb2.NumberSuspended)
        await number_view.note_status_event(
            uow=uow,
            inventory=inventory,
            tenant_number_id=uuid.UUID(event.tenant_number_id),
            workspace_id=uuid.UUID(event.workspace_id),
            event=NumberEvent.SUSPENDED,
            at=envelope.time,
        )

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

    return {
        "credentials-numbers-claimed": ("sautikit.numbers.claimed", on_claimed),
        "credentials-numbers-updated": ("sautikit.numbers.updated", on_updated),
        "credentials-numbers-suspended": ("sautikit.numbers.suspended", on_suspended),
        "credentials-numbers-resumed": ("sautikit.numbers.resumed", on_resumed),
        "credentials-numbers-released": ("sautikit.numbers.released", on_released),
    }
