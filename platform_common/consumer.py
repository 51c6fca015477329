"""Durable JetStream pull consumers that apply each event once.

Each event is handled inside a unit of work that also records (consumer, event id) in the
processed_events table; a redelivered event finds its row and is only acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, runtime_checkable

from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from prometheus_client import Counter
from sqlalchemy import Table, text
from sqlalchemy.dialects.postgresql import insert

from platform_common.db import is_database_unavailable
from platform_common.events import EventEnvelope, envelope_from_message
from platform_common.nats_link import STREAMS, NatsLink, ensure_stream, stream_for_subject
from platform_common.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

EventHandler = Callable[[UnitOfWork, EventEnvelope], Coroutine[Any, Any, None]]


@runtime_checkable
class BatchEventHandler(Protocol):
    """A handler that can also apply a whole fetched batch with set-based statements.

    Why: a batch runs in one transaction, so row locks its first event takes are held until
    the last event is applied and committed. A handler touching hot rows (a wallet that
    AuthorizeCall reserves on) would make the request path wait for the whole batch; applying
    the batch in a few statements holds those locks for milliseconds instead. `__call__`
    still handles a single event (redeliveries, the fallback after a failed batch)."""

    async def __call__(self, uow: UnitOfWork, envelope: EventEnvelope) -> None: ...

    async def apply_batch(self, uow: UnitOfWork, envelopes: list[EventEnvelope]) -> None:
        """Applies these events (each new to this consumer, in delivery order) at once."""


# Events fetched (and applied in one transaction) at once. A set-based handler's cost per batch
# is a few statements whatever its size, so it takes larger batches: at 32 the fixed
# statements (processed_events, BEGIN, COMMIT, the settlement's five) were a good part of the
# wallet's CPU per rated call. A fetch never waits for a batch to fill (JetStream answers a
# no-wait pull with what it has), so a larger batch adds no latency when the queue is short.
PER_EVENT_BATCH = 32
SET_BASED_BATCH = 256

# After a fetch that did not fill its batch, the next one waits this long, so that events
# arriving one at a time (100 call events a second, a claim every 20 ms) are fetched and
# applied several per transaction instead of one: each fetch, transaction and wake-up of
# what follows costs the same whatever the batch holds. A full batch is followed at once.
# The price is at most this much added to an event's latency.
LINGER_SECONDS = 0.02


class EventNotReady(Exception):
    """Raised by a handler when the event cannot be applied yet because something it depends
    on has not arrived (a call's end before the number's claim reached this service's view).
    The consumer redelivers it later, with back-off, up to `max_not_ready_deliveries` times;
    then it dead-letters it (terminates it and logs an error) instead of retrying forever."""


# About 17 minutes of back-off (2 s, 4 s, ... 256 s, then 300 s): far longer than any event
# takes to cross the outbox relay, short enough that a truly orphaned event stops retrying.
MAX_NOT_READY_DELIVERIES = 12

# While the database cannot be reached, the event in hand is tried again this often, in place.
OUTAGE_RETRY_SECONDS = 1.0


EVENTS_HANDLED = Counter(
    "consumer_events_total", "Events seen by consumers", ["consumer", "outcome"]
)


class EventConsumer:
    """Runs one durable pull consumer on one subject filter."""

    def __init__(
        self,
        *,
        nats: NatsLink,
        new_uow: UnitOfWorkFactory,
        processed: Table,
        durable: str,
        subject: str,
        handler: EventHandler,
        batch: int | None = None,
        ack_wait_seconds: float = 30.0,
        max_not_ready_deliveries: int = MAX_NOT_READY_DELIVERIES,
        outage_retry_seconds: float = OUTAGE_RETRY_SECONDS,
        linger_seconds: float = LINGER_SECONDS,
    ) -> None:
        self.nats = nats
        self.new_uow = new_uow
        self.processed = processed
        self.durable = durable
        self.subject = subject
        self.handler = handler
        if batch is None:
            batch = SET_BASED_BATCH if isinstance(handler, BatchEventHandler) else PER_EVENT_BATCH
        self.batch = batch
        self.ack_wait_seconds = ack_wait_seconds
        self.max_not_ready_deliveries = max_not_ready_deliveries
        self.outage_retry_seconds = outage_retry_seconds
        self.linger_seconds = linger_seconds
        table = f"{processed.schema}.{processed.name}" if processed.schema else processed.name
        self._record_many = text(
            f"INSERT INTO {table} (consumer, event_id) "
            "SELECT :consumer, unnest(CAST(:ids AS uuid[])) "
            "ON CONFLICT DO NOTHING RETURNING event_id"
        )

    async def run(self) -> None:
        while True:
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning(
                    "consumer interrupted; resubscribing",
                    extra={"consumer": self.durable, "error": repr(exc)},
                )
                await asyncio.sleep(1.0)

    async def _consume(self) -> None:
        js = await self.nats.jetstream()
        stream = stream_for_subject(self.subject)
        await ensure_stream(js, stream, [STREAMS[stream]])
        subscription = await js.pull_subscribe(
            self.subject,
            durable=self.durable,
            stream=stream,
            config=ConsumerConfig(
                durable_name=self.durable,
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
                ack_wait=self.ack_wait_seconds,
                max_deliver=-1,
                filter_subject=self.subject,
            ),
        )
        while True:
            try:
                messages = await subscription.fetch(self.batch, timeout=1.0)
            except TimeoutError:
                # Nothing to fetch: nats' own TimeoutError, or asyncio's when the wait for the
                # pull request's reply times out first. Either way, just ask again.
                continue
            await self._handle_batch(messages)
            if len(messages) < self.batch and self.linger_seconds > 0:
                await asyncio.sleep(self.linger_seconds)

    async def _handle_batch(self, messages: list[Msg]) -> None:
        """Applies a fetched batch in one transaction (one commit instead of one per event),
        then acknowledges it. If anything in it fails, nothing of it is kept and each event is
        handled on its own, so one bad event cannot hold back or duplicate the others."""
        envelopes = []
        for message in messages:
            try:
                envelopes.append(
                    envelope_from_message(message.subject, message.headers, message.data)
                )
            except ValueError:
                break
        if len(messages) < 2 or len(envelopes) != len(messages):
            for message in messages:
                await self._handle(message)
            return
        try:
            async with self.new_uow() as uow:
                fresh = await self._record_processed(uow, [e.id for e in envelopes])
                outcomes = []
                to_apply = []
                for envelope in envelopes:
                    if envelope.id in fresh:
                        fresh.discard(envelope.id)  # a repeat later in the batch is a duplicate
                        to_apply.append(envelope)
                        outcomes.append("applied")
                    else:
                        outcomes.append("duplicate")
                if isinstance(self.handler, BatchEventHandler):
                    await self.handler.apply_batch(uow, to_apply)
                else:
                    for envelope in to_apply:
                        await self.handler(uow, envelope)
                await uow.commit()
        except Exception:
            for message in messages:
                await self._handle(message)
            return
        for message, outcome in zip(messages, outcomes, strict=True):
            EVENTS_HANDLED.labels(self.durable, outcome).inc()
            await message.ack()

    async def _handle(self, message: Msg) -> None:
        try:
            envelope = envelope_from_message(message.subject, message.headers, message.data)
        except ValueError as exc:
            # A message we can never understand would block nothing but would be redelivered
            # forever; terminate it and leave a trace.
            log.error(
                "dropping malformed event", extra={"consumer": self.durable, "error": str(exc)}
            )
            EVENTS_HANDLED.labels(self.durable, "malformed").inc()
            await message.term()
            return
        delivered = message.metadata.num_delivered if message.metadata else 1
        delay = min(2.0 ** min(delivered, 8), 300.0)
        try:
            outcome = await self._handle_through_outages(message, envelope)
        except EventNotReady as exc:
            await self._not_ready(message, envelope, delivered=delivered, delay=delay, why=exc)
            return
        except Exception as exc:
            EVENTS_HANDLED.labels(self.durable, "failed").inc()
            log.exception(
                "event handler failed; will redeliver",
                extra={
                    "consumer": self.durable,
                    "event_id": str(envelope.id),
                    "retry_in": delay,
                    "error": repr(exc),
                },
            )
            await message.nak(delay=delay)
            return
        EVENTS_HANDLED.labels(self.durable, outcome).inc()
        await message.ack()

    async def _not_ready(
        self,
        message: Msg,
        envelope: EventEnvelope,
        *,
        delivered: int,
        delay: float,
        why: EventNotReady,
    ) -> None:
        """Asks for the event again later, or dead-letters it once the bound is reached."""
        details = {
            "consumer": self.durable,
            "event_id": str(envelope.id),
            "subject": message.subject,
            "deliveries": delivered,
            "reason": str(why),
        }
        if delivered >= self.max_not_ready_deliveries:
            # Dead letter: the stream keeps the message (limits retention), this log line and
            # the metric say which one to replay once its cause is found.
            log.error("event never became applicable; dead-lettered", extra=details)
            EVENTS_HANDLED.labels(self.durable, "dead_lettered").inc()
            await message.term()
            return
        log.info("event not applicable yet; will redeliver", extra={**details, "retry_in": delay})
        EVENTS_HANDLED.labels(self.durable, "not_ready").inc()
        await message.nak(delay=delay)

    async def _handle_through_outages(self, message: Msg, envelope: EventEnvelope) -> str:
        """handle_once, tried again in place while the database cannot be reached. An outage
        is not the event's fault: a nak would spend one of its deliveries (which bound
        EventNotReady's dead-lettering) and grow its back-off, so events that met a database
        restart of a few seconds came back minutes later. The message stays ours meanwhile."""
        while True:
            try:
                return await self.handle_once(envelope)
            except Exception as exc:
                if not is_database_unavailable(exc):
                    raise
            EVENTS_HANDLED.labels(self.durable, "database_unavailable").inc()
            log.warning(
                "database unavailable; trying the event again",
                extra={"consumer": self.durable, "event_id": str(envelope.id)},
            )
            await asyncio.sleep(self.outage_retry_seconds)
            with contextlib.suppress(Exception):  # NATS may be away too: then it redelivers
                await message.in_progress()

    async def handle_once(self, envelope: EventEnvelope) -> str:
        """Applies the event unless this consumer already did; returns the outcome label."""
        async with self.new_uow() as uow:
            outcome = await self._apply(uow, envelope)
            if outcome == "applied":
                await uow.commit()
        return outcome

    async def _record_processed(
        self, uow: UnitOfWork, event_ids: list[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Records the events as processed by this consumer, in one statement; returns the ids
        not recorded before (the ones to apply). The statement's text is the same for every
        batch size (an array parameter), so it is compiled and prepared once, not per size."""
        inserted = await uow.conn.execute(
            self._record_many, {"consumer": self.durable, "ids": event_ids}
        )
        return set(inserted.scalars())

    async def _apply(self, uow: UnitOfWork, envelope: EventEnvelope) -> str:
        """Records the event as processed and runs the handler, inside the caller's unit of
        work; "duplicate" (and nothing done) when this consumer already processed it."""
        inserted = await uow.conn.execute(
            insert(self.processed)
            .values(consumer=self.durable, event_id=envelope.id)
            .on_conflict_do_nothing()
            .returning(self.processed.c.event_id)
        )
        if inserted.first() is None:
            return "duplicate"
        await self.handler(uow, envelope)
        return "applied"
