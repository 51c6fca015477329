"""Call events that reach routing before the number's claim (the voice platform publishes
call.* at once; numbers.claimed crosses inventory's outbox first) are not lost: the consumer
asks for them again until the routing view knows the holder, then records one delivery each.
A call on a number whose holdings are all released is dropped at once, not retried."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator

import pytest

from platform_common.consumer import EVENTS_HANDLED
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import deliveries_pb2
from services.routing.deliveries.consumer import DURABLE
from tests.conftest import eventually
from tests.integration.routing_delivery_harness import (
    DeliveryStack,
    call_payload,
    publish,
    running_stack,
)

S = deliveries_pb2.DeliveryStatus
KINDS = ("started", "answered", "completed")


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[DeliveryStack]:
    async with running_stack(database_url, nats_url) as running:
        yield running


def _count(outcome: str) -> float:
    return EVENTS_HANDLED.labels(DURABLE, outcome)._value.get()


async def _e164_of(stack: DeliveryStack, number_id: str) -> str:
    page = await stack.inventory.SearchAvailableNumbers(
        inventory_pb2.SearchAvailableNumbersRequest(limit=100)
    )
    return next(n.e164 for n in page.numbers if n.id == number_id)


async def test_call_events_before_the_claim_give_one_delivery_each_after_it(
    stack: DeliveryStack,
) -> None:
    # The next two demo numbers, not claimed yet: three events of one call on each, every
    # event published twice (the voice platform retrying), all shuffled, before either claim.
    e164s = [await _e164_of(stack, stack.numbers[i]) for i in (0, 1)]
    events = []
    for e164 in e164s:
        for kind in KINDS:
            subject, payload = call_payload(kind, e164, f"call-{e164}")
            events.append((subject, payload, uuid.uuid4()))
    sends = [(event, copy) for event in events for copy in (1, 2)]
    random.Random(7).shuffle(sends)
    not_ready_before = _count("not_ready")
    for (subject, payload, event_id), copy in sends:
        await publish(stack.nats_url, subject, payload, event_id=event_id, copy=copy)
    # Routing has met the events and asked for them again instead of dropping them.
    await eventually(lambda: _count("not_ready") > not_ready_before, timeout=15)
    assert (await stack.rows("SELECT count(*) AS n FROM routing.deliveries"))[0]["n"] == 0

    numbers = [await stack.claim(), await stack.claim()]
    assert [n.e164 for n in numbers] == e164s
    for number in numbers:
        recorded = await _wait_deliveries(stack, number, len(KINDS))
        assert {d.event_type for d in recorded} == {f"call.{kind}" for kind in KINDS}
        assert {d.status for d in recorded} == {S.DELIVERY_STATUS_SKIPPED}  # no events_url
    rows = await stack.rows("SELECT event_id FROM routing.deliveries")
    assert sorted(str(r["event_id"]) for r in rows) == sorted(str(e[2]) for e in events)


async def test_a_call_on_a_released_number_is_dropped_not_retried(stack: DeliveryStack) -> None:
    number = await stack.claim()
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )

    async def released() -> bool:
        rows = await stack.rows(
            "SELECT status FROM routing.routings WHERE tenant_number_id = %s", number.id
        )
        return rows[0]["status"] == "released"

    await eventually(released, timeout=15)
    applied_before, not_ready_before = _count("applied"), _count("not_ready")
    await stack.publish_call("completed", number, duration_seconds=5)
    await eventually(lambda: _count("applied") > applied_before, timeout=15)
    assert _count("not_ready") == not_ready_before
    assert (await stack.rows("SELECT count(*) AS n FROM routing.deliveries"))[0]["n"] == 0


async def _wait_deliveries(
    stack: DeliveryStack, number: inventory_pb2.TenantNumber, count: int
) -> list[deliveries_pb2.Delivery]:
    # The first redeliveries come back after 2 s, 4 s, 8 s (the consumer's back-off).
    async def enough() -> list[deliveries_pb2.Delivery] | None:
        found = await stack.list(number)
        return found if len(found) >= count else None

    result: list[deliveries_pb2.Delivery] = await eventually(enough, timeout=40)
    assert len(result) == count
    return result
