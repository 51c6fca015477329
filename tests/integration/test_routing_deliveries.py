"""Signed call-event delivery end to end inside the routing service: real PostgreSQL, JetStream,
wallet, inventory and routing; receivers really listening on 127.0.0.1 and verifying with the
`standardwebhooks` package; time moved through the service's clock, never slept for."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from standardwebhooks.webhooks import Webhook

from devstack.webhook_receiver import WebhookReceiver
from sautikit.routing.v1 import deliveries_pb2
from tests.conftest import eventually
from tests.integration.routing_delivery_harness import DeliveryStack, running_stack

S = deliveries_pb2.DeliveryStatus


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[DeliveryStack]:
    async with running_stack(database_url, nats_url) as running:
        yield running


async def received(receiver: WebhookReceiver, count: int) -> None:
    await eventually(lambda: len(receiver.received) >= count, timeout=15)


async def test_every_call_event_reaches_a_verifying_receiver_as_signed_json(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    secret = (await stack.rotate(number.workspace_id)).secret
    assert secret.startswith("whsec_")
    async with WebhookReceiver() as receiver:
        await stack.set_urls(number, events_url=f"{receiver.url}/events")
        kinds = ["started", "answered", "completed", "failed", "recording.ready"]
        event_ids = [await stack.publish_call(kind, number, call_id="c-1") for kind in kinds]
        await received(receiver, 5)
        verifier = Webhook(secret)
        bodies = [verifier.verify(r.body, r.headers) for r in receiver.received]
    assert sorted(b["type"] for b in bodies) == sorted(f"call.{k}" for k in kinds)
    assert sorted(b["id"] for b in bodies) == sorted(event_ids)
    for body in bodies:
        assert body["data"]["call_id"] == "c-1" and body["data"]["number"] == number.e164
        assert body["data"]["direction"] == "inbound" and body["data"]["from"] == "+254711000001"
    assert {r.path for r in receiver.received} == {"/events"}
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 5
    delivered = await stack.wait_deliveries(number, 5, status=S.DELIVERY_STATUS_DELIVERED)
    assert all(d.attempt_count == 1 and d.attempts[0].status_code == 200 for d in delivered)
    assert {f"msg_{d.id.replace('-', '')}" for d in delivered} == {
        r.headers["webhook-id"] for r in receiver.received
    }
    rows = await stack.rows("SELECT ciphertext FROM routing.signing_secrets")
    assert secret.removeprefix("whsec_").encode() not in rows[0]["ciphertext"]
