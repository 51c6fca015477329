"""The durable consumer of call events (`sautikit.calls.>`): records one delivery per
(event, number) and wakes the delivery worker once that record is committed.

Call events are independent of each other, so any order is fine; a redelivered event finds its
processed_events row (and, beneath that, the unique (event_id, tenant_number_id) constraint)."""

from __future__ import annotations

from collections.abc import Callable

from platform_common.consumer import EventConsumer
from platform_common.events import EventEnvelope
from platform_common.nats_link import NatsLink
from platform_common.uow import UnitOfWork, UnitOfWorkFactory
from services.routing.deliveries import usecases
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.retries import RetryPolicy
from services.routing.repository import processed_events

DURABLE = "routing-calls"
SUBJECT = "sautikit.calls.>"


class CallEventConsumer(EventConsumer):
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
            await usecases.record_call_event(uow=uow, envelope=envelope, clock=clock, retry=retry)

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
