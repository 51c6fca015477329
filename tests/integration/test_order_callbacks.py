"""Order callbacks end to end: the real inventory, wallet and routing services, the gateway
app, and a receiver listening on 127.0.0.1 that verifies every request with the
`standardwebhooks` package. Delivery order is not guaranteed; a receiver following the
documented rule (keep the highest data.version per data.id) ends with the latest state."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from devstack.webhook_receiver import Answer, Received, WebhookReceiver
from sautikit.events.v1 import events_pb2
from sautikit.inventory.v1 import orders_pb2
from tests.conftest import eventually
from tests.integration.orders_harness import TOLL_FREE_RENT, OrdersStack, running_orders_stack
from tests.integration.routing_delivery_harness import publish
from tests.order_files import BUSINESS, PDF


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[OrdersStack]:
    async with running_orders_stack(database_url, nats_url, callbacks=True) as running:
        yield running


async def _secret_and_callback(stack: OrdersStack, receiver: WebhookReceiver) -> Webhook:
    rotated = await stack.client.post("/v1/webhook-secret/rotate", headers=stack.owner.headers)
    assert rotated.status_code in (200, 201), rotated.text
    put = await stack.client.put(
        "/v1/callbacks",
        json={"callback_url": f"{receiver.url}/numbers-events"},
        headers=stack.owner.headers,
    )
    assert put.status_code == 200, put.text
    assert put.json()["callback_url"] == f"{receiver.url}/numbers-events"
    return Webhook(rotated.json()["secret"])


class LatestState:
    """The documented handler rule: per resource id keep the event with the highest version;
    an older (or equal) version is acknowledged and ignored."""

    def __init__(self) -> None:
        self.latest: dict[str, dict[str, Any]] = {}
        self.ignored = 0

    def ingest(self, event: dict[str, Any]) -> None:
        data = event["data"]
        known = self.latest.get(data["id"])
        if known is not None and known["version"] >= data["version"]:
            self.ignored += 1
            return
        self.latest[data["id"]] = data


async def test_whole_path_delivers_signed_order_and_number_callbacks(stack: OrdersStack) -> None:
    async with WebhookReceiver() as receiver:
        verifier = await _secret_and_callback(stack, receiver)
        order = (
            await stack.client.post(
                "/v1/number-orders",
                json={"number_id": stack.toll_free[0]},
                headers=stack.owner.headers,
            )
        ).json()
        await stack.client.patch(
            f"/v1/number-orders/{order['id']}/registration",
            json={"registration_type": "business", "fields": BUSINESS},
            headers=stack.owner.headers,
        )
        await stack.client.post(
            f"/v1/number-orders/{order['id']}/attachments",
            data={"document_type": "certificate_of_incorporation"},
            files={"file": ("c.pdf", PDF, "application/pdf")},
            headers=stack.owner.headers,
        )
        await stack.client.post(
            f"/v1/number-orders/{order['id']}/submit", headers=stack.owner.headers
        )
        await stack.fund(stack.owner.workspace_id, TOLL_FREE_RENT)
        approved = await stack.orders.ApproveNumberOrder(
            orders_pb2.ApproveNumberOrderRequest(order_id=order["id"])
        )

        def events() -> list[dict[str, Any]]:
            return [verifier.verify(r.body, r.headers) for r in receiver.received]

        def complete() -> bool:
            seen = events()
            statuses = {
                e["data"].get("status") for e in seen if e["type"] == "number_order.updated"
            }
            numbers = [e for e in seen if e["type"] == "number.updated"]
            return "completed" in statuses and bool(numbers)

        await eventually(complete, timeout=20)
        received = events()
    state = LatestState()
    for event in received:
        state.ingest(event)
    final = state.latest[order["id"]]
    assert final["status"] == "completed"
    assert final["tenant_number_id"] == approved.order.tenant_number_id
    assert final["version"] == approved.order.version
    [number_event] = [e for e in received if e["type"] == "number.updated"]
    assert number_event["data"]["change"] == "claimed"
    assert number_event["data"]["livemode"] is True
    assert number_event["links"]["self"] == f"/v1/numbers/{approved.order.tenant_number_id}"
    order_events = [e for e in received if e["type"] == "number_order.updated"]
    assert {e["links"]["self"] for e in order_events} == {f"/v1/number-orders/{order['id']}"}
    # Personal data never rides in a callback.
    everything = json.dumps(received)
    assert all(value not in everything for value in BUSINESS.values())
    logged = await stack.client.get("/v1/callbacks/deliveries", headers=stack.owner.headers)
    assert logged.status_code == 200
    assert {d["event_type"] for d in logged.json()["data"]} == {
        "number_order.updated",
        "number.updated",
    }
    assert all(d["status"] in ("delivered", "pending") for d in logged.json()["data"])


async def test_out_of_order_callbacks_leave_a_rule_following_receiver_at_the_latest_state(
    stack: OrdersStack,
) -> None:
    refused_once: set[str] = set()
    accepted: list[Received] = []

    def flaky(request: Received) -> Answer:
        # The first attempt of every event with an even version fails, so its retry arrives
        # after newer events: the receiver sees versions out of order.
        event = json.loads(request.body)
        webhook_id = request.headers["webhook-id"]
        if event["data"]["version"] % 2 == 0 and webhook_id not in refused_once:
            refused_once.add(webhook_id)
            return Answer(status=503)
        accepted.append(request)
        return Answer(status=200)

    async with WebhookReceiver(script=flaky) as receiver:
        verifier = await _secret_and_callback(stack, receiver)
        order = (
            await stack.client.post(
                "/v1/number-orders",
                json={"number_id": stack.toll_free[0]},
                headers=stack.owner.headers,
            )
        ).json()
        for name in ("registered_name", "contact_person", "kra_pin"):
            await stack.client.patch(
                f"/v1/number-orders/{order['id']}/registration",
                json={"registration_type": "business", "fields": {name: BUSINESS[name]}},
                headers=stack.owner.headers,
            )
        cancelled = await stack.client.post(
            f"/v1/number-orders/{order['id']}/cancel", headers=stack.owner.headers
        )
        latest_version = cancelled.json()["version"]
        assert latest_version == 5
        # Versions 1, 3, 5 arrive; 2 and 4 are refused and wait for their retry.
        await eventually(lambda: len(accepted) == 3 and len(refused_once) == 2, timeout=20)
        stack.routing_clock.advance(120)  # past the first retry, within the signature window
        await eventually(lambda: len(accepted) == latest_version, timeout=20)

    events = [verifier.verify(r.body, r.headers) for r in accepted]
    versions = [e["data"]["version"] for e in events]
    assert versions != sorted(versions), "the test needs events out of order"
    state = LatestState()
    for event in events:
        state.ingest(event)
    shown = await stack.client.get(f"/v1/number-orders/{order['id']}", headers=stack.owner.headers)
    assert state.latest[order["id"]]["status"] == shown.json()["status"] == "cancelled"
    assert state.latest[order["id"]]["version"] == shown.json()["version"] == latest_version
    # The two retries (versions 2 and 4) arrive after version 5 and are ignored. Versions 1, 3
    # and 5 go out concurrently, so their own order varies: one that lands after a newer one
    # is ignored as well.
    assert sorted(versions[3:]) == [2, 4]
    overtaken = sum(1 for i, v in enumerate(versions[:3]) if any(w > v for w in versions[:i]))
    assert state.ignored == 2 + overtaken


async def test_shuffled_and_repeated_numbers_events_give_one_delivery_each(
    stack: OrdersStack, nats_url: str
) -> None:
    order_id = str(uuid.uuid4())
    events = [
        (
            uuid.uuid4(),
            events_pb2.NumberOrderUpdated(
                order_id=order_id,
                workspace_id=stack.owner.workspace_id,
                number_id=stack.toll_free[0],
                e164="+254800000001",
                status=status,
                status_reason=reason,
                version=version,
            ),
        )
        for version, (status, reason) in enumerate(
            [
                ("draft", "customer_created"),
                ("draft", "customer_created"),
                ("submitted", "customer_submitted"),
                ("cancelled", "customer_cancelled"),
            ],
            start=1,
        )
    ]
    async with WebhookReceiver() as receiver:
        verifier = await _secret_and_callback(stack, receiver)
        shuffled = events * 2
        random.Random(7).shuffle(shuffled)
        for copy, (event_id, payload) in enumerate(shuffled, start=1):
            await publish(
                nats_url, "sautikit.numbers.order_updated", payload, event_id=event_id, copy=copy
            )
        await eventually(lambda: len(receiver.received) >= len(events), timeout=20)
        rows = await eventually(lambda: _delivered(stack, len(events)), timeout=20, interval=0.2)
        received = [verifier.verify(r.body, r.headers) for r in receiver.received]
    assert sorted(r["event_id"] for r in rows) == sorted(str(e) for e, _ in events)
    assert sorted(e["id"] for e in received) == sorted(str(e) for e, _ in events)
    state = LatestState()
    for event in received:
        state.ingest(event)
    assert state.latest[order_id]["status"] == "cancelled"


async def _delivered(stack: OrdersStack, count: int) -> list[dict[str, Any]] | None:
    rows = await stack.rows(
        "SELECT event_id::text AS event_id, status FROM routing.deliveries"
        " WHERE channel = 'workspace_callback'"
    )
    done = [r for r in rows if r["status"] == "delivered"]
    return rows if len(done) >= count else None
