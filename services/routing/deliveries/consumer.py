"""The durable consumer of call events (`sautikit.calls.>`): records one delivery per
(event, number) and wakes the delivery worker once that record is committed.

Call events are independent of each other, so any order is fine; a redelivered event finds its
processed_events row (and, beneath that, the unique (event_id, tenant_number_id) constraint).
A fetched batch is applied set-based (a few statements for up to 256 events): per event, two
round trips and their statement building were most of this consumer's CPU."""

from __future__ import annotations

from collections.abc import Callable

from nats.aio.msg import Msg

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


class CallEventRecorder:
    """The consumer's handler: one event (redeliveries, the fallback after a failed batch) or a
    whole batch (a platform_common.consumer.BatchEventHandler) through the same use case."""

    def __init__(self, *, clock: Clock, retry: RetryPolicy) -> None:
        self.clock = clock
        self.retry = retry

    async def __call__(self, uow: UnitOfWork, envelope: EventEnvelope) -> None:
        await self.apply_batch(uow, [envelope])

    async def apply_batch(self, uow: UnitOfWork, envelopes: list[EventEnvelope]) -> None:
        await usecases.record_call_events(
            uow=uow, envelopes=envelopes, clock=self.clock, retry=self.retry
        )


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
        super().__init__(
            nats=nats,
            new_uow=new_uow,
            processed=processed_events,
            durable=DURABLE,
            subject=SUBJECT,
            handler=CallEventRecorder(clock=clock, retry=retry),
        )
        self.on_recorded = on_recorded

    async def _handle_batch(self, messages: list[Msg]) -> None:
        await super()._handle_batch(messages)
        # After the batch's commit (or its one-by-one fallback): the worker looks again now
        # instead of at its next poll.
        self.on_recorded()

    async def handle_once(self, envelope: EventEnvelope) -> str:
        outcome = await super().handle_once(envelope)
        if outcome == "applied":
            self.on_recorded()
        return outcome
