"""The transactional outbox against real PostgreSQL and a real NATS JetStream server.

Acceptance (DESIGN.md §5): a committed event reaches a durable consumer exactly once; a
rolled-back event never does; events written while NATS is down arrive after it returns.
"""

from __future__ import annotations

import asyncio
import signal
import uuid

import nats
import psycopg
import pytest
from nats.js.api import AckPolicy, ConsumerConfig
from sqlalchemy import Column, Integer, MetaData, Table, Text, func, select, text

from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.events import OutgoingEvent, headers_for
from platform_common.nats_link import STREAMS, NatsLink, ensure_stream, stream_for_subject
from platform_common.outbox import (
    PUBLISH_FAILURES,
    OutboxRelay,
    outbox_table,
    processed_events_table,
)
from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork, unit_of_work_factory
from sautikit.events.v1 import events_pb2
from tests.conftest import eventually

SUBJECT = "sautikit.numbers.claimed"
STREAM = stream_for_subject(SUBJECT)


@pytest.fixture
async def outbox_env(database_url):  # type: ignore[no-untyped-def]
    """A scratch schema with an outbox, a consumer dedupe table and a table the handler writes."""
    schema = f"outbox_{uuid.uuid4().hex[:8]}"
    metadata = MetaData(schema=schema)
    outbox = outbox_table(metadata)
    processed = processed_events_table(metadata)
    applied = Table(
        "applied",
        metadata,
        Column("n", Integer, primary_key=True, autoincrement=True),
        Column("event_id", Text),
    )
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await conn.run_sync(metadata.create_all)
    yield engine, outbox, processed, applied
    await engine.dispose()


def claimed(workspace: str) -> OutgoingEvent:
    tenant_number_id = str(uuid.uuid4())
    return OutgoingEvent.of(
        SUBJECT,
        f"tenant-numbers/{tenant_number_id}",
        events_pb2.NumberClaimed(
            tenant_number_id=tenant_number_id, workspace_id=workspace, e164="+254712000001"
        ),
    )


async def write_events(engine, outbox, events: list[OutgoingEvent], *, commit: bool) -> None:  # type: ignore[no-untyped-def]
    async with UnitOfWork(engine, outbox) as uow:
        for event in events:
            uow.emit(event)
        if commit:
            await uow.commit()


def consumer_on(outbox_env, nats: NatsLink, durable: str, handler, **options) -> EventConsumer:  # type: ignore[no-untyped-def]
    """A consumer of SUBJECT applying into this test's tables (outbox_env)."""
    engine, outbox, processed, _ = outbox_env
    return EventConsumer(
        nats=nats,
        new_uow=unit_of_work_factory(engine, outbox),
        processed=processed,
        durable=durable,
        subject=SUBJECT,
        handler=handler,
        **options,
    )


async def stream_messages(url: str, durable: str, expected: int) -> list[nats.aio.msg.Msg]:
    """Every message on the subject, read by a fresh durable consumer: waits (bounded) for at
    least `expected`, then for one more quiet fetch to catch any extra."""
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        sub = await js.pull_subscribe(
            SUBJECT, durable=durable, config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT)
        )
        found: list[nats.aio.msg.Msg] = []
        deadline = asyncio.get_running_loop().time() + 15
        while True:
            try:
                batch = await sub.fetch(100, timeout=1.0)
            # nats-py raises the plain TimeoutError too when its first, no-wait pull used up
            # the whole timeout (seen on a loaded machine): the same "nothing more" answer.
            except (nats.errors.TimeoutError, TimeoutError):
                if len(found) >= expected or asyncio.get_running_loop().time() > deadline:
                    return found
                continue
            for msg in batch:
                await msg.ack()
            found.extend(batch)
    finally:
        await client.close()


async def test_committed_event_reaches_a_durable_consumer_exactly_once(outbox_env, nats_url):  # type: ignore[no-untyped-def]
    engine, outbox, _processed, applied = outbox_env
    link = NatsLink(nats_url, name="test")
    relay = OutboxRelay(engine=engine, table=outbox, nats=link, source="test/outbox")
    workspace = str(uuid.uuid4())
    committed_events = [claimed(workspace) for _ in range(5)]
    await write_events(engine, outbox, committed_events, commit=True)
    await write_events(engine, outbox, [claimed(workspace)], commit=False)

    async def record(uow: UnitOfWork, envelope) -> None:  # type: ignore[no-untyped-def]
        await uow.conn.execute(applied.insert().values(event_id=str(envelope.id)))

    consumer = consumer_on(outbox_env, link, "test-applier", record)
    tasks = [asyncio.create_task(relay.run()), asyncio.create_task(consumer.run())]
    try:
        # Publish the same rows a second time, as a relay that crashed before marking them
        # sent would: JetStream's duplicate window drops them.
        await eventually(lambda: _count(engine, outbox, published=True), timeout=10)
        async with engine.begin() as conn:
            await conn.execute(outbox.update().values(published_at=None))
        relay.wake()
        await eventually(lambda: _count(engine, outbox, published=False, want_zero=True))

        async def applied_ids() -> list[str]:
            async with engine.connect() as conn:
                return list((await conn.execute(select(applied.c.event_id))).scalars())

        await eventually(lambda: _len_at_least(applied_ids, 5))
        await asyncio.sleep(1.5)  # room for any wrongful redelivery to show up
        ids = await applied_ids()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await link.close()

    async with engine.connect() as conn:
        outbox_ids = set(map(str, (await conn.execute(select(outbox.c.id))).scalars()))
    assert len(outbox_ids) == 5, "the rolled-back event must not exist in the outbox"
    assert sorted(ids) == sorted(outbox_ids), "each committed event applied exactly once"
    messages = await stream_messages(nats_url, "test-audit", expected=5)
    assert len(messages) == 5, "JetStream holds each event once despite the re-publish"
    headers = messages[0].headers or {}
    assert headers["ce-specversion"] == "1.0"
    assert headers["ce-type"] == "sautikit.numbers.claimed.v1"
    assert headers["ce-source"] == "test/outbox"
    assert headers["Nats-Msg-Id"] == headers["ce-id"]
    assert headers["ce-subject"].startswith("tenant-numbers/")
    payload = events_pb2.NumberClaimed.FromString(messages[0].data)
    assert payload.workspace_id == workspace


async def test_redelivered_event_is_applied_once(outbox_env, nats_url):  # type: ignore[no-untyped-def]
    """A consumer that sees the same event twice (e.g. ack lost) applies it once."""
    *_, applied = outbox_env
    calls = 0

    async def record(uow: UnitOfWork, envelope) -> None:  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        await uow.conn.execute(applied.insert().values(event_id=str(envelope.id)))

    consumer = consumer_on(outbox_env, NatsLink(nats_url, name="t"), "dup", record)
    from platform_common.events import EventEnvelope

    envelope = EventEnvelope(uuid.uuid4(), "test", "t", "s", utc_now(), SUBJECT, b"")
    assert await consumer.handle_once(envelope) == "applied"
    assert await consumer.handle_once(envelope) == "duplicate"
    assert calls == 1


async def test_failed_handler_rolls_back_and_event_is_retried(outbox_env, nats_url):  # type: ignore[no-untyped-def]
    engine, outbox, _processed, applied = outbox_env
    link = NatsLink(nats_url, name="t")
    relay = OutboxRelay(engine=engine, table=outbox, nats=link, source="test/outbox")
    attempts = 0

    async def flaky(uow: UnitOfWork, envelope) -> None:  # type: ignore[no-untyped-def]
        nonlocal attempts
        attempts += 1
        await uow.conn.execute(applied.insert().values(event_id=str(envelope.id)))
        if attempts == 1:
            raise RuntimeError("downstream hiccup")

    consumer = consumer_on(outbox_env, link, "flaky", flaky)
    await write_events(engine, outbox, [claimed(str(uuid.uuid4()))], commit=True)
    tasks = [asyncio.create_task(relay.run()), asyncio.create_task(consumer.run())]
    try:
        await eventually(lambda: _rows(engine, applied, 1), timeout=15)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await link.close()
    assert attempts == 2, "first attempt failed and rolled back, the redelivery applied it"


async def test_a_database_outage_is_waited_out_without_spending_the_events_deliveries(  # type: ignore[no-untyped-def]
    outbox_env, nats_url
):
    """While the database cannot be reached the consumer tries the event again in place: it is
    applied once the database answers, and JetStream never had to redeliver it (a nak per
    failed try used to spend its deliveries and grow its back-off to minutes)."""
    engine, outbox, _processed, applied = outbox_env
    link = NatsLink(nats_url, name="t")
    relay = OutboxRelay(engine=engine, table=outbox, nats=link, source="test/outbox")
    attempts = 0

    async def database_away_at_first(uow: UnitOfWork, envelope) -> None:  # type: ignore[no-untyped-def]
        nonlocal attempts
        attempts += 1
        if attempts <= 3:
            # What psycopg raises when PostgreSQL refuses the connection (no SQLSTATE).
            raise psycopg.OperationalError("connection refused")
        await uow.conn.execute(applied.insert().values(event_id=str(envelope.id)))

    durable = f"outage-{uuid.uuid4().hex[:6]}"
    consumer = consumer_on(
        outbox_env, link, durable, database_away_at_first, outage_retry_seconds=0.05
    )
    await write_events(engine, outbox, [claimed(str(uuid.uuid4()))], commit=True)
    tasks = [asyncio.create_task(relay.run()), asyncio.create_task(consumer.run())]
    try:
        await eventually(lambda: _rows(engine, applied, 1), timeout=15)
        js = await link.jetstream()
        info = await js.consumer_info(stream_for_subject(SUBJECT), durable)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await link.close()
    assert attempts == 4
    # Every delivery (redeliveries too) takes a consumer sequence number: one means one.
    assert info.delivered.consumer_seq == 1, "the outage spent the event's deliveries"


async def test_events_written_while_nats_is_down_arrive_after_it_returns(  # type: ignore[no-untyped-def]
    outbox_env, nats_server_factory, tmp_path
):
    engine, outbox, _processed, _applied = outbox_env
    server = nats_server_factory(store_dir=tmp_path / "js")
    link = NatsLink(server.url, name="test")
    source = f"test/outage-{uuid.uuid4().hex[:6]}"
    relay = OutboxRelay(
        engine=engine,
        table=outbox,
        nats=link,
        source=source,
        poll_interval=0.1,
        publish_timeout=0.5,
    )
    task = asyncio.create_task(relay.run())
    try:
        await write_events(engine, outbox, [claimed("w")], commit=True)
        await eventually(lambda: _count(engine, outbox, published=False, want_zero=True))

        server.stop()
        failed_before = PUBLISH_FAILURES.labels(source)._value.get()
        await write_events(engine, outbox, [claimed("w") for _ in range(7)], commit=True)
        # The outage lasts until a publish pass over these rows has run to its end (timed out or
        # refused) and failed, so a relay that marked unacknowledged rows sent would show it.
        await eventually(
            lambda: PUBLISH_FAILURES.labels(source)._value.get() >= failed_before + 1,
            timeout=20,
        )
        assert await _count(engine, outbox, published=False) == 7

        restarted = nats_server_factory(store_dir=tmp_path / "js", port=server.port)
        assert restarted.url == server.url
        await eventually(
            lambda: _count(engine, outbox, published=False, want_zero=True), timeout=20
        )
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await link.close()
    messages = await stream_messages(server.url, "after-outage", expected=8)
    assert len(messages) == 8
    assert len({m.headers["ce-id"] for m in messages}) == 8


class PublishSpy:
    """The real JetStream context, noting when a publish has been sent."""

    def __init__(self, js) -> None:  # type: ignore[no-untyped-def]
        self.js = js
        self.publishing = asyncio.Event()

    async def publish(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.publishing.set()
        return await self.js.publish(*args, **kwargs)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.js, name)


async def test_the_relay_holds_no_row_lock_or_transaction_while_nats_is_silent(  # type: ignore[no-untyped-def]
    outbox_env, nats_server_factory, tmp_path
):
    engine, outbox, _processed, _applied = outbox_env
    server = nats_server_factory(store_dir=tmp_path / "js")
    link = NatsLink(server.url, name="test")
    relay = OutboxRelay(
        engine=engine, table=outbox, nats=link, source="test/silent", publish_timeout=30
    )
    await write_events(engine, outbox, [claimed("w")], commit=True)
    assert await relay.publish_batch() == 1  # streams exist, the link is up
    spy = PublishSpy(await link.jetstream())

    async def spied_jetstream():  # type: ignore[no-untyped-def]
        return spy

    relay.nats = type("Spied", (), {"jetstream": staticmethod(spied_jetstream)})()  # type: ignore[assignment]
    await write_events(engine, outbox, [claimed("w")], commit=True)
    assert server.process is not None
    server.process.send_signal(signal.SIGSTOP)  # NATS alive but silent: no acknowledgement
    try:
        publishing = asyncio.create_task(relay.publish_batch())
        await asyncio.wait_for(spy.publishing.wait(), timeout=10)
        async with engine.connect() as conn:
            locked = await conn.execute(
                select(outbox.c.id)
                .where(outbox.c.published_at.is_(None))
                .with_for_update(nowait=True)
            )
            assert len(locked.all()) == 1, "the unsent row is not locked by the waiting relay"
            idle = await conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
                )
            )
            assert idle == 0, "no transaction left open while waiting on NATS"
            await conn.rollback()
    finally:
        server.process.send_signal(signal.SIGCONT)
    assert await publishing == 1
    assert await _count(engine, outbox, published=False, want_zero=True)
    await link.close()


async def _count(engine, outbox, *, published: bool, want_zero: bool = False):  # type: ignore[no-untyped-def]
    condition = outbox.c.published_at.is_not(None) if published else outbox.c.published_at.is_(None)
    async with engine.connect() as conn:
        n = (
            await conn.execute(select(func.count()).select_from(outbox).where(condition))
        ).scalar_one()
    return n == 0 if want_zero else n


async def _rows(engine, table, expected: int) -> bool:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return (
            await conn.execute(select(func.count()).select_from(table))
        ).scalar_one() == expected


async def _len_at_least(fetch, n: int) -> bool:  # type: ignore[no-untyped-def]
    return len(await fetch()) >= n


@pytest.mark.parametrize("one_fails", [False, True], ids=["all-succeed", "one-fails"])
async def test_shuffled_repeated_events_in_one_batch_apply_once_each(  # type: ignore[no-untyped-def]
    outbox_env, nats_url, one_fails: bool
):
    """The consumer applies a fetched batch in one transaction: duplicates inside the batch
    are seen as duplicates, and a failing event makes the batch fall back to one event at a
    time, so the others are applied once and the failing one once after its redelivery."""
    import random

    engine, _outbox, _processed, applied = outbox_env
    event_ids = [uuid.uuid4() for _ in range(12)]
    copies = [*event_ids, *event_ids[:5]]  # five of them delivered twice
    random.Random(7).shuffle(copies)
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        await ensure_stream(js, STREAM, [STREAMS[STREAM]])
        for copy_number, event_id in enumerate(copies):
            # A distinct Nats-Msg-Id keeps JetStream from dropping the repeat: the consumer's
            # own deduplication by event id is what is tested.
            await publish_raw(js, event_id, message_id=f"{event_id}-{copy_number}")
    finally:
        await client.close()
    failing = event_ids[3]
    calls: list[uuid.UUID] = []

    async def record(uow: UnitOfWork, envelope) -> None:  # type: ignore[no-untyped-def]
        calls.append(envelope.id)
        await uow.conn.execute(applied.insert().values(event_id=str(envelope.id)))
        if one_fails and envelope.id == failing and calls.count(failing) == 1:
            raise RuntimeError("downstream hiccup")

    link = NatsLink(nats_url, name="t")
    consumer = consumer_on(outbox_env, link, "batch", record)
    task = asyncio.create_task(consumer.run())
    try:
        await eventually(lambda: _rows(engine, applied, len(event_ids)), timeout=20)
        await asyncio.sleep(1.5)  # room for any wrongful second application to show up
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await link.close()
    async with engine.connect() as conn:
        stored = list((await conn.execute(select(applied.c.event_id))).scalars())
    assert sorted(stored) == sorted(str(e) for e in event_ids), "each event applied once"
    if one_fails:
        assert calls.count(failing) >= 2, "the failing event was retried"


async def publish_raw(js, event_id: uuid.UUID, *, message_id: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """An empty numbers.claimed with this event id, straight onto JetStream."""
    headers = headers_for(
        event_id=event_id,
        source="test/batch",
        type_="sautikit.numbers.claimed.v1",
        ce_subject=f"tenant-numbers/{event_id}",
        time=utc_now(),
    )
    if message_id is not None:
        headers["Nats-Msg-Id"] = message_id
    await js.publish(SUBJECT, b"", headers=headers)


async def test_events_arriving_one_at_a_time_are_applied_together_after_a_linger(  # type: ignore[no-untyped-def]
    outbox_env, nats_url
):
    """After a fetch that did not fill its batch the consumer waits (linger_seconds) before
    fetching again: events that arrive one at a time meanwhile are applied in one transaction,
    not one each."""
    engine, _outbox, _processed, applied = outbox_env
    batches: list[int] = []

    class Recorder:
        async def __call__(self, uow: UnitOfWork, envelope) -> None:  # type: ignore[no-untyped-def]
            await self.apply_batch(uow, [envelope])

        async def apply_batch(self, uow: UnitOfWork, envelopes) -> None:  # type: ignore[no-untyped-def]
            batches.append(len(envelopes))
            for envelope in envelopes:
                await uow.conn.execute(applied.insert().values(event_id=str(envelope.id)))

    client = await nats.connect(nats_url)
    link = NatsLink(nats_url, name="t")
    consumer = consumer_on(outbox_env, link, "linger", Recorder(), linger_seconds=2.5)
    task = asyncio.create_task(consumer.run())
    try:
        js = client.jetstream()
        await ensure_stream(js, STREAM, [STREAMS[STREAM]])
        await publish_raw(js, uuid.uuid4())
        await eventually(lambda: _rows(engine, applied, 1), timeout=10)
        for _ in range(4):  # one at a time, while the consumer lingers
            await asyncio.sleep(0.05)
            await publish_raw(js, uuid.uuid4())
        await eventually(lambda: _rows(engine, applied, 5), timeout=10)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await link.close()
        await client.close()
    assert batches == [1, 4]
