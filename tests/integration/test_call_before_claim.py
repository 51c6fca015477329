"""A call that ends before the wallet has heard of its number's claim (the voice platform
publishes call.* at once; numbers.claimed crosses inventory's outbox first) is still charged:
the consumer asks for the event again until the number view knows the holder. An event whose
number never becomes known is dead-lettered after a bounded number of deliveries."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import nats
import pytest

from platform_common.consumer import EVENTS_HANDLED, EventConsumer, EventNotReady
from platform_common.db import create_engine
from platform_common.events import EventEnvelope, headers_for
from platform_common.nats_link import STREAMS, NatsLink, ensure_stream, stream_for_subject
from platform_common.uow import UnitOfWork, unit_of_work_factory
from sautikit.events.v1 import calls_pb2
from sautikit.inventory.v1 import inventory_pb2
from services.wallet import repository
from services.wallet.usage.domain import cost_minor
from tests.conftest import eventually
from tests.integration.usage_harness import (
    RATE,
    UsageStack,
    running_usage_stack,
    usage_settings,
)
from tests.ledger_integrity import ledger_checked_after_each_test

pytestmark = pytest.mark.usefixtures("ledger_checked_after_each_test")
__all__ = ["ledger_checked_after_each_test"]

SETTINGS = usage_settings()
COMPLETED = "sautikit.calls.completed"


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[UsageStack]:
    async with running_usage_stack(database_url, nats_url, settings=SETTINGS) as running:
        yield running


def _count(durable: str, outcome: str) -> float:
    return EVENTS_HANDLED.labels(durable, outcome)._value.get()


async def _e164_of(stack: UsageStack, number_id: str) -> str:
    page = await stack.inventory.SearchAvailableNumbers(
        inventory_pb2.SearchAvailableNumbersRequest(limit=100)
    )
    return next(n.e164 for n in page.numbers if n.id == number_id)


async def test_calls_ended_before_the_claim_is_known_are_charged_once_after_it(
    stack: UsageStack,
) -> None:
    # Two numbers not claimed yet; each gets three calls, every end published twice (the
    # voice platform retrying), all in a shuffled order, before either claim.
    number_ids = [stack.numbers[0], stack.numbers[1]]
    stack._next = 2
    e164s = {n: await _e164_of(stack, n) for n in number_ids}
    durations = [1, 61, 125]
    calls = [
        (number_id, stack.new_call_id(), seconds)
        for number_id in number_ids
        for seconds in durations
    ]
    deliveries = [call for call in calls for _ in range(2)]
    random.Random(11).shuffle(deliveries)
    not_ready_before = _count("wallet-calls-completed", "not_ready")
    for number_id, call_id, seconds in deliveries:
        placeholder = inventory_pb2.TenantNumber(e164=e164s[number_id])
        await stack.publish_call_event(
            COMPLETED, stack.completed(placeholder, call_id, seconds), call_id
        )
    # The wallet has met the ends and asked for them again instead of dropping them.
    await eventually(
        lambda: _count("wallet-calls-completed", "not_ready") > not_ready_before, timeout=15
    )
    for _, call_id, _ in calls:
        assert await stack.call_row(call_id) is None

    numbers = {n: await stack.claim(number_id=n, call_money=10_000) for n in number_ids}
    for number_id, call_id, seconds in calls:
        row = await stack.wait_call(call_id, status="completed")
        expected = cost_minor(seconds, RATE, SETTINGS.increments)
        assert row["workspace_id"] == uuid.UUID(numbers[number_id].workspace_id)
        assert row["charged_minor"] == expected
        entries = await stack.usage_entries(call_id)
        assert len(entries) == 1, "each call is charged exactly once"
        assert entries[0]["amount_minor"] == -expected
    for number in numbers.values():
        charged = sum(cost_minor(s, RATE, SETTINGS.increments) for _, _, s in calls) // 2
        wallet = await stack.wallet_row(number.workspace_id)
        assert wallet["reserved_minor"] == 0
        assert wallet["balance_minor"] == 10_000 - charged


async def test_an_event_that_never_becomes_applicable_is_dead_lettered_after_the_bound(
    database_url: str, nats_url: str
) -> None:
    engine = create_engine(database_url)
    link = NatsLink(nats_url, name="test-dead-letter")
    durable = f"test-not-ready-{uuid.uuid4().hex[:8]}"
    attempts = 0

    async def never_ready(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        nonlocal attempts
        attempts += 1
        raise EventNotReady("the number is never claimed")

    consumer = EventConsumer(
        nats=link,
        new_uow=unit_of_work_factory(engine, repository.outbox),
        processed=repository.processed_events,
        durable=durable,
        subject=COMPLETED,
        handler=never_ready,
        max_not_ready_deliveries=2,
    )
    task = asyncio.create_task(consumer.run())
    try:
        await _publish_completed(nats_url)
        await eventually(lambda: _count(durable, "dead_lettered") == 1, timeout=20)
        assert _count(durable, "not_ready") == 1
        assert attempts == 2, "asked once more, then given up (not forever)"
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await link.close()
        await engine.dispose()


async def _publish_completed(nats_url: str) -> None:
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        stream = stream_for_subject(COMPLETED)
        await ensure_stream(js, stream, [STREAMS[stream]])
        event = calls_pb2.CallCompleted(
            call=calls_pb2.CallParty(call_id="call-orphan", e164="+254709999999"),
            duration_seconds=30,
        )
        headers = headers_for(
            event_id=uuid.uuid4(),
            source="sautikit/voice",
            type_=f"{COMPLETED}.v1",
            ce_subject="calls/call-orphan",
            time=datetime.now(UTC),
        )
        await js.publish(COMPLETED, event.SerializeToString(), headers=headers)
    finally:
        await client.close()
