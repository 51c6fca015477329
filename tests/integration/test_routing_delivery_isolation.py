"""Delivery under stress of its guarantees: a slow receiver holds only its own host's slots,
two routing services deliver each event exactly once, and in production mode every connection
is checked on the address it really uses (the resolver is stubbed; nothing leaves 127.0.0.1)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from devstack.webhook_receiver import Answer, WebhookReceiver
from sautikit.routing.v1 import deliveries_pb2
from tests.conftest import eventually
from tests.integration.routing_delivery_harness import (
    DeliveryStack,
    delivery_settings,
    running_stack,
)

S = deliveries_pb2.DeliveryStatus


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[DeliveryStack]:
    settings = delivery_settings(timeout_seconds=30.0, max_in_flight=8, max_in_flight_per_host=2)
    async with running_stack(database_url, nats_url, settings=settings) as running:
        yield running


@pytest.fixture
async def production(database_url: str, nats_url: str) -> AsyncIterator[DeliveryStack]:
    settings = delivery_settings(development=False)
    async with running_stack(database_url, nats_url, settings=settings) as running:
        yield running


async def test_a_receiver_sleeping_10s_does_not_hold_up_another_hosts_delivery(
    stack: DeliveryStack,
) -> None:
    slow_number, fast_number = await stack.claim(), await stack.claim()
    stack.resolver.add("slow.test", "127.0.0.1")
    stack.resolver.add("fast.test", "127.0.0.1")
    async with (
        WebhookReceiver(default=Answer(delay_seconds=10)) as slow,
        WebhookReceiver() as fast,
    ):
        await stack.set_urls(slow_number, events_url=f"http://slow.test:{slow.port}/")
        await stack.set_urls(fast_number, events_url=f"http://fast.test:{fast.port}/")
        for _ in range(6):  # three times the slow host's limit
            await stack.publish_call("started", slow_number)
        await eventually(lambda: len(slow.received) == 2, timeout=15)
        await stack.publish_call("started", fast_number)
        await stack.wait_deliveries(fast_number, 1, status=S.DELIVERY_STATUS_DELIVERED)
        # The fast receiver got its event while the slow one still holds every request it got.
        slow_deliveries = await stack.list(slow_number)
        assert len(fast.received) == 1
        assert len(slow.received) == 2, "the slow host never gets more than its limit at once"
        assert all(d.attempt_count == 0 for d in slow_deliveries), "slow ones still in flight"
        assert all(d.status == S.DELIVERY_STATUS_PENDING for d in slow_deliveries)


async def test_two_routing_services_deliver_each_event_exactly_once(stack: DeliveryStack) -> None:
    await stack.replica()
    numbers = [await stack.claim() for _ in range(4)]
    async with WebhookReceiver() as receiver:
        for number in numbers:
            await stack.set_urls(number, events_url=receiver.url)
        events = 0
        for round_ in range(10):
            for number in numbers:
                await stack.publish_call("started", number, call_id=f"call-{round_}")
                events += 1
        for number in numbers:
            await stack.wait_deliveries(number, 10, status=S.DELIVERY_STATUS_DELIVERED)
        await asyncio.sleep(0.5)  # let any duplicate that was going to happen arrive
    ids = Counter(r.headers["webhook-id"] for r in receiver.received)
    assert len(ids) == events and set(ids.values()) == {1}
    attempts = await stack.rows("SELECT count(*) AS n FROM routing.delivery_attempts")
    assert attempts[0]["n"] == events


@pytest.mark.parametrize(
    ("url", "resolves_to", "reason"),
    [
        ("https://rebound.test/events", ["10.0.0.1"], "private"),
        ("https://rebound.test/events", ["127.0.0.1"], "loopback"),
        ("https://rebound.test/events", ["93.184.216.34", "169.254.169.254"], "cloud_metadata"),
        ("https://rebound.test/events", ["::ffff:10.0.0.1"], "private"),
        ("https://127.0.0.1/events", [], "loopback"),
        ("https://2130706433/events", [], "loopback"),
        ("https://[::1]/events", [], "loopback"),
        ("https://169.254.169.254/latest", [], "cloud_metadata"),
    ],
)
async def test_production_refuses_to_connect_to_a_forbidden_address_and_retries_later(
    production: DeliveryStack, url: str, resolves_to: list[str], reason: str
) -> None:
    number = await production.claim()
    if resolves_to:
        production.resolver.add("rebound.test", *resolves_to)
    await production.set_urls(number, events_url=url)
    await production.publish_call("started", number)

    async def attempted() -> deliveries_pb2.Delivery | None:
        found = await production.list(number)
        return found[0] if found and found[0].attempt_count == 1 else None

    delivery = await eventually(attempted, timeout=15)
    assert delivery.attempts[0].error == f"unsafe_destination: {reason}"
    assert delivery.attempts[0].status_code == 0
    assert delivery.status == S.DELIVERY_STATUS_PENDING, "DNS may change back: retried later"
