"""Transactional outbox: events are rows written in the same transaction as the state change;
a relay publishes them to JetStream and marks them sent.

Guarantees: an event whose transaction rolled back does not exist; an event whose transaction
committed is published at least once (retried until NATS acknowledges it). JetStream drops a
re-publish of the same Nats-Msg-Id inside its duplicate window, and consumers deduplicate by
event id, so each event takes effect once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from prometheus_client import Counter, Gauge
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from platform_common.events import OutgoingEvent, headers_for
from platform_common.ids import new_id
from platform_common.nats_link import STREAMS, NatsLink, ensure_stream

log = logging.getLogger(__name__)

EVENTS_PUBLISHED = Counter("outbox_events_published_total", "Events published", ["source"])
PUBLISH_FAILURES = Counter("outbox_publish_failures_total", "Failed publish batches", ["source"])
OUTBOX_LAG = Gauge(
    "outbox_oldest_unpublished_seconds", "Age of the oldest unsent event", ["source"]
)


def outbox_table(metadata: MetaData) -> Table:
    """The outbox table, in the schema of the given metadata."""
    return Table(
        "outbox",
        metadata,
        Column("id", UUID(as_uuid=True), primary_key=True),
        Column("nats_subject", Text, nullable=False),
        Column("ce_type", Text, nullable=False),
        Column("ce_subject", Text, nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True)),
        Index(
            "ix_outbox_unpublished",
            "created_at",
            postgresql_where=text("published_at IS NULL"),
        ),
    )


def processed_events_table(metadata: MetaData) -> Table:
    """Consumer-side deduplication: one row per (consumer, event id) already handled."""
    return Table(
        "processed_events",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", UUID(as_uuid=True), primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


async def add_events(conn: AsyncConnection, table: Table, events: list[OutgoingEvent]) -> None:
    """Inserts events into the outbox inside the caller's transaction."""
    if not events:
        return
    await conn.execute(
        table.insert(),
        [
            {
                "id": new_id(),
                "nats_subject": e.subject,
                "ce_type": e.ce_type,
                "ce_subject": e.ce_subject,
                "payload": e.payload.SerializeToString(),
            }
            for e in events
        ],
    )


class OutboxRelay:
    """Publishes unsent outbox rows to JetStream, oldest first, and marks them sent.

    No transaction, row lock or connection is held while waiting on NATS: rows are read in
    one statement, published, then marked sent in another (only if still unsent). A crash in
    between, or several replicas reading the same rows, means a row is published again;
    JetStream drops the copy by its Nats-Msg-Id (the event id) inside its duplicate window,
    and consumers deduplicate by event id beyond it.
    """

    def __init__(
        self,
        *,
        engine: AsyncEngine,
        table: Table,
        nats: NatsLink,
        source: str,
        batch_size: int = 200,
        poll_interval: float = 0.5,
        publish_timeout: float = 2.0,
    ) -> None:
        self.engine = engine
        self.table = table
        self.nats = nats
        self.source = source
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.publish_timeout = publish_timeout
        self._wake = asyncio.Event()
        self._streams_ready = False

    def wake(self) -> None:
        """Asks the relay to look now (called after a commit that wrote events)."""
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.2
        while True:
            try:
                sent = await self.publish_batch()
                backoff = 0.2
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                PUBLISH_FAILURES.labels(self.source).inc()
                log.warning("outbox publish failed; will retry", extra={"error": repr(exc)})
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if sent >= self.batch_size:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)

    async def publish_batch(self) -> int:
        """Publishes up to batch_size events; returns how many were sent.

        On a publish failure, rows acknowledged by JetStream are still marked sent, then the
        error propagates so the caller backs off; the rest are published again on a later pass
        (JetStream drops a duplicate by its Nats-Msg-Id).
        """
        js = await self.nats.jetstream()
        if not self._streams_ready:
            for name, pattern in STREAMS.items():
                await ensure_stream(js, name, [pattern])
            self._streams_ready = True
        t = self.table
        async with self.engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(
                        t.c.id,
                        t.c.nats_subject,
                        t.c.ce_type,
                        t.c.ce_subject,
                        t.c.payload,
                        t.c.created_at,
                    )
                    .where(t.c.published_at.is_(None))
                    .order_by(t.c.created_at, t.c.id)
                    .limit(self.batch_size)
                )
            ).all()
            await conn.rollback()  # ends the read's implicit transaction before publishing
        if not rows:
            OUTBOX_LAG.labels(self.source).set(0)
            return 0
        OUTBOX_LAG.labels(self.source).set((datetime.now(UTC) - rows[0].created_at).total_seconds())
        # All publishes of the batch are in flight at once and their acknowledgements awaited
        # together: one round trip to JetStream per batch instead of per event. They leave on
        # the one connection in table order, so the stream keeps that order.
        outcomes = await asyncio.gather(
            *(
                js.publish(
                    row.nats_subject,
                    row.payload,
                    timeout=self.publish_timeout,
                    headers=headers_for(
                        event_id=row.id,
                        source=self.source,
                        type_=row.ce_type,
                        ce_subject=row.ce_subject,
                        time=row.created_at,
                    ),
                )
                for row in rows
            ),
            return_exceptions=True,
        )
        sent_ids = [
            row.id
            for row, outcome in zip(rows, outcomes, strict=True)
            if not isinstance(outcome, BaseException)
        ]
        failure = next((o for o in outcomes if isinstance(o, BaseException)), None)
        if sent_ids:
            async with self.engine.begin() as conn:
                await conn.execute(
                    update(t)
                    .where(t.c.id.in_(sent_ids), t.c.published_at.is_(None))
                    .values(published_at=func.now())
                )
        EVENTS_PUBLISHED.labels(self.source).inc(len(sent_ids))
        if failure is not None:
            raise failure
        return len(sent_ids)
