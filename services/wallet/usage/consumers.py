"""Events call billing reacts to. Each handler runs inside the consumer's unit of work
(already deduplicated by event id) and makes one use-case call.

- sautikit.calls.completed / sautikit.calls.failed (the voice platform): settle or release.
  call.started and call.answered are not consumed: the end events carry every time the call
  record shows, so the order in which the four arrive cannot matter.
- sautikit.numbers.* (inventory): the number view (holder, status, directions, rates)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from platform_common.consumer import EventHandler
from platform_common.events import EventEnvelope, event_livemode
from platform_common.inventory_numbers import InventoryPort
from platform_common.timestamps import from_timestamp
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import calls_pb2, events_pb2
from services.wallet.usage import number_view, usecases
from services.wallet.usage.domain import CallDirection, NumberStatus, NumberView
from services.wallet.usage.settings import UsageSettings

DIRECTIONS = {
    calls_pb2.CALL_DIRECTION_INBOUND: CallDirection.INBOUND,
    calls_pb2.CALL_DIRECTION_OUTBOUND: CallDirection.OUTBOUND,
}


def _time(message: object, name: str) -> datetime | None:
    stamp: Timestamp = getattr(message, name)
    return from_timestamp(stamp) if message.HasField(name) else None  # type: ignore[attr-defined]


def _completed_end(envelope: EventEnvelope) -> usecases.CallEnd:
    event = envelope.parse(calls_pb2.CallCompleted)
    return usecases.CallEnd(
        call_id=event.call.call_id,
        e164=event.call.e164,
        direction=DIRECTIONS.get(event.call.direction),
        from_number=event.call.from_number,
        to_number=event.call.to_number,
        started_at=_time(event, "started_at"),
        answered_at=_time(event, "answered_at"),
        ended_at=_time(event, "ended_at"),
        billable_seconds=max(event.duration_seconds, 0),
        failure_reason=None,
    )


class CompletedCalls:
    """sautikit.calls.completed: one event settles its call (end_call); a fetched batch is
    settled together (end_calls), so the wallets' row locks, which AuthorizeCall needs too,
    are held for a few statements rather than for the whole batch."""

    def __init__(self, *, settings: UsageSettings, clock: Callable[[], datetime]) -> None:
        self.settings = settings
        self.clock = clock

    async def __call__(self, uow: UnitOfWork, envelope: EventEnvelope) -> None:
        await usecases.end_call(
            uow=uow, settings=self.settings, clock=self.clock, end=_completed_end(envelope)
        )

    async def apply_batch(self, uow: UnitOfWork, envelopes: list[EventEnvelope]) -> None:
        await usecases.end_calls(
            uow=uow,
            settings=self.settings,
            clock=self.clock,
            ends=[_completed_end(e) for e in envelopes],
        )


def build_subscriptions(
    *, settings: UsageSettings, clock: Callable[[], datetime], inventory: InventoryPort
) -> dict[str, tuple[str, EventHandler]]:
    """Durable consumer name -> (subject, handler)."""

    on_completed = CompletedCalls(settings=settings, clock=clock)

    async def on_failed(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        event = envelope.parse(calls_pb2.CallFailed)
        await usecases.end_call(
            uow=uow,
            settings=settings,
            clock=clock,
            end=usecases.CallEnd(
                call_id=event.call.call_id,
                e164=event.call.e164,
                direction=DIRECTIONS.get(event.call.direction),
                from_number=event.call.from_number,
                to_number=event.call.to_number,
                started_at=_time(event, "started_at"),
                answered_at=None,
                ended_at=_time(event, "failed_at"),
                billable_seconds=0,
                failure_reason=event.failure_reason or "failed",
            ),
        )

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
                inbound_per_min_minor=event.inbound_per_min_minor,
                outbound_per_min_minor=event.outbound_per_min_minor,
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

    def on_status(kind: number_view.NumberEvent, message: type) -> EventHandler:
        async def handle(uow: UnitOfWork, envelope: EventEnvelope) -> None:
            event = envelope.parse(message)
            await number_view.note_status_event(
                uow=uow,
                inventory=inventory,
                tenant_number_id=uuid.UUID(event.tenant_number_id),  # type: ignore[attr-defined]
                workspace_id=uuid.UUID(event.workspace_id),  # type: ignore[attr-defined]
                event=kind,
                at=envelope.time,
            )

        return handle

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
                inbound_per_min_minor=0,
                outbound_per_min_minor=0,
                status_changed_at=envelope.time,
                settings_changed_at=envelope.time,
                livemode=event_livemode(event),
            ),
        )

    return {
        "wallet-calls-completed": ("sautikit.calls.completed", on_completed),
        "wallet-calls-failed": ("sautikit.calls.failed", on_failed),
        "wallet-numbers-claimed": ("sautikit.numbers.claimed", on_claimed),
        "wallet-numbers-updated": ("sautikit.numbers.updated", on_updated),
        "wallet-numbers-suspended": (
            "sautikit.numbers.suspended",
            on_status(number_view.NumberEvent.SUSPENDED, events_pb2.NumberSuspended),
        ),
        "wallet-numbers-resumed": (
            "sautikit.numbers.resumed",
            on_status(number_view.NumberEvent.RESUMED, events_pb2.NumberResumed),
        ),
        "wallet-numbers-released": ("sautikit.numbers.released", on_released),
    }
