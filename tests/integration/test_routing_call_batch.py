"""Routing's call-event consumer applying fetched batches: every event of a batch gets its one
delivery (repeats and redeliveries none), an event of a number not known yet sends the batch
back to one-by-one handling where only that event is asked for again, and the CPU the
consumer's own process spends per event is printed (`-s`), the figure the rating bench's
profile pointed at. The messages are built in memory; PostgreSQL is real."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
import pytest

from platform_common.db import create_engine
from platform_common.events import headers_for
from platform_common.nats_link import NatsLink
from platform_common.uow import unit_of_work_factory
from services.routing.deliveries.clock import ManualClock
from services.routing.deliveries.consumer import CallEventConsumer
from services.routing.deliveries.retries import RetryPolicy
from services.routing.repository import outbox
from tests.integration.routing_delivery_harness import call_payload

NUMBERS = 16


@dataclass
class _Metadata:
    num_delivered: int = 1


@dataclass
class FakeMessage:
    """What the consumer reads of a JetStream message, and what it answered."""

    subject: str
    headers: dict[str, str]
    data: bytes
    metadata: _Metadata = field(default_factory=_Metadata)
    answers: list[str] = field(default_factory=list)

    async def ack(self) -> None:
        self.answers.append("ack")

    async def nak(self, delay: float | None = None) -> None:
        self.answers.append("nak")

    async def term(self) -> None:
        self.answers.append("term")


def message(e164: str, kind: str = "completed", event_id: uuid.UUID | None = None) -> FakeMessage:
    subject, payload = call_payload(kind, e164, f"call-{uuid.uuid4().hex[:8]}", duration_seconds=61)
    headers = headers_for(
        event_id=event_id or uuid.uuid4(),
        source="sautikit/voice",
        type_=f"{subject}.v1",
        ce_subject=subject,
        time=datetime.now(UTC),
    )
    return FakeMessage(subject, dict(headers), payload.SerializeToString())


@dataclass
class Harness:
    consumer: CallEventConsumer
    database_url: str
    e164s: list[str]
    woken: list[int]

    def count(self, query: str) -> int:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            row = conn.execute(query).fetchone()
        return int(row[0]) if row else 0


@pytest.fixture
async def harness(database_url: str) -> AsyncIterator[Harness]:
    e164s = [f"+2547990{i:05d}" for i in range(NUMBERS)]
    with psycopg.connect(database_url, autocommit=True) as conn:
        for e164 in e164s:
            conn.execute(
                "INSERT INTO routing.routings (tenant_number_id, workspace_id, e164, held_since) "
                "VALUES (%s, %s, %s, now())",
                (uuid.uuid4(), uuid.uuid4(), e164),
            )
    engine = create_engine(database_url)
    woken: list[int] = []
    consumer = CallEventConsumer(
        nats=NatsLink("nats://127.0.0.1:1", name="unused"),
        new_uow=unit_of_work_factory(engine, outbox),
        clock=ManualClock(),
        retry=RetryPolicy(base_seconds=10.0, cap_seconds=3600.0),
        on_recorded=lambda: woken.append(1),
    )
    try:
        yield Harness(consumer, database_url, e164s, woken)
    finally:
        await engine.dispose()


async def test_a_batch_records_one_delivery_per_event_and_repeats_none(harness: Harness) -> None:
    first = [message(harness.e164s[i % NUMBERS]) for i in range(40)]
    repeated = [FakeMessage(m.subject, m.headers, m.data) for m in first[:10]]
    await harness.consumer._handle_batch(first + repeated)
    await harness.consumer._handle_batch(
        [FakeMessage(m.subject, m.headers, m.data) for m in first[20:30]]
    )
    assert all(m.answers == ["ack"] for m in first + repeated)
    assert harness.count("SELECT count(*) FROM routing.deliveries") == 40
    assert harness.count("SELECT count(DISTINCT event_id) FROM routing.deliveries") == 40
    assert harness.woken, "the delivery worker is told about recorded deliveries"


async def test_an_unknown_number_in_a_batch_is_asked_for_again_alone(harness: Harness) -> None:
    known = [message(harness.e164s[i]) for i in range(5)]
    unknown = message("+254799100000")
    await harness.consumer._handle_batch([*known[:2], unknown, *known[2:]])
    assert unknown.answers == ["nak"]
    assert all(m.answers == ["ack"] for m in known)
    assert harness.count("SELECT count(*) FROM routing.deliveries") == 5


async def test_cpu_per_event_of_the_consumer_process(harness: Harness) -> None:
    events, batch = 5_000, harness.consumer.batch
    messages = [message(harness.e164s[i % NUMBERS]) for i in range(events)]
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, events, batch):
        await harness.consumer._handle_batch(messages[start : start + batch])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"\nrouting-calls consumer: {events} events, batch {batch}: "
        f"{cpu * 1000 / events:.3f} CPU ms/event (this process), {events / wall:.0f} events/s"
    )
    assert harness.count("SELECT count(*) FROM routing.deliveries") == events


async def test_a_number_held_twice_in_the_view_goes_to_the_newest_holder(harness: Harness) -> None:
    # The previous holder's numbers.released has not arrived yet; the new claim has.
    e164, old, new = "+254799200000", uuid.uuid4(), uuid.uuid4()
    with psycopg.connect(harness.database_url, autocommit=True) as conn:
        for workspace, days_ago in ((new, 0), (old, 1)):
            conn.execute(
                "INSERT INTO routing.routings (tenant_number_id, workspace_id, e164, held_since) "
                "VALUES (%s, %s, %s, now() - make_interval(days => %s))",
                (uuid.uuid4(), workspace, e164, days_ago),
            )
        await harness.consumer._handle_batch([message(e164), message(e164), message(e164)])
        rows = conn.execute("SELECT workspace_id FROM routing.deliveries").fetchall()
    assert [row[0] for row in rows] == [new] * 3
