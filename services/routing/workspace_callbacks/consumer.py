"""The durable consumer of numbers events (`sautikit.numbers.>`) for workspace callbacks:
records one delivery per (event, resource) and wakes the delivery worker. Any order and any
redelivery are fine: each event is recorded once (processed_events, and beneath it the unique
(event_id, resource) constraint) and carries its own version for the receiver to order."""

from __future__ import annotations

from collections.abc import Callable

from platform_common.consumer import EventConsumer
from platform_common.events import EventEnvelope
from platform_common.nats_link import NatsLink
from platform_common.uow import UnitOfWork, UnitOfWorkFactory
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.retries import RetryPolicy
from services.routing.repository import processed_events
from services.routing.workspace_callbacks import usecases

DURABLE = "routing-workspace-callbacks"
SUBJECT = "sautikit.numbers.>"


class NumbersCallbackConsumer(EventConsumer):
    def __init__(
        self,
        *,
        nats: NatsLink,
        new_uow: UnitOfWorkFactory,
        clock: Clock,
        retry: RetryPolicy,
        on_recorded: Callable[[], None],
    ) -> None:
        async def record(uow: UnitOfWork, envelope: EventEnvelope) -> None:
            await usecases.record_numbers_event(
                uow=uow, envelope=envelope, clock=clock, retry=retry
            )

        super().__init__(
            nats=nats,
            new_uow=new_uow,
            processed=processed_events,
            durable=DURABLE,
            subject=SUBJECT,
            handler=record,
            batch=64,
        )
        self.on_recorded = on_recorded

    async def handle_once(self, envelope: EventEnvelope) -> str:
        outcome = await super().handle_once(envelope)
        if outcome == "applied":
            self.on_recorded()
        return outcome
