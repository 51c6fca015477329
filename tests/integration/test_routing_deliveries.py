"""Signed call-event delivery end to end inside the routing service: real PostgreSQL, JetStream,
wallet, inventory and routing; receivers really listening on 127.0.0.1 and verifying with the
`standardwebhooks` package; time moved through the service's clock, never slept for."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from devstack.webhook_receiver import Answer, WebhookReceiver
from platform_common.timestamps import from_timestamp
from sautikit.routing.v1 import deliveries_pb2
from tests.conftest import eventually
from tests.integration.routing_delivery_harness import (
    DeliveryStack,
    call_payload,
    publish,
    running_stack,
)

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


async def test_a_tampered_body_or_an_old_timestamp_fails_verification(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    secret = (await stack.rotate(number.workspace_id)).secret
    verifier = Webhook(secret)
    async with WebhookReceiver() as receiver:
        await stack.set_urls(number, events_url=receiver.url)
        await stack.publish_call("started", number)
        await received(receiver, 1)
        fresh = receiver.received[0]
        assert verifier.verify(fresh.body, fresh.headers)["type"] == "call.started"
        tampered = fresh.body.replace(b'"inbound"', b'"outbound"')
        assert tampered != fresh.body
        with pytest.raises(WebhookVerificationError, match="No matching signature"):
            verifier.verify(tampered, fresh.headers)

        # The service's clock 10 minutes behind: it signs with that time, and a receiver
        # with the library's 5-minute tolerance refuses the message.
        stack.clock.advance(-600)
        await stack.publish_call("answered", number)
        await received(receiver, 2)
        old = receiver.received[1]
    assert int(old.headers["webhook-timestamp"]) <= int(fresh.headers["webhook-timestamp"]) - 590
    with pytest.raises(WebhookVerificationError, match="too old"):
        verifier.verify(old.body, old.headers)


async def test_after_a_rotation_the_old_secret_keeps_verifying_for_the_overlap_only(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    old_secret = (await stack.rotate(number.workspace_id)).secret
    async with WebhookReceiver() as receiver:
        await stack.set_urls(number, events_url=receiver.url)
        rotated = await stack.rotate(number.workspace_id)
        new_secret = rotated.secret
        assert new_secret != old_secret
        assert from_timestamp(rotated.previous_valid_until) - from_timestamp(
            rotated.created_at
        ) == timedelta(hours=24)
        await stack.publish_call("started", number)
        await received(receiver, 1)
        during = receiver.received[0]
        assert len(during.headers["webhook-signature"].split(" ")) == 2
        assert Webhook(old_secret).verify(during.body, during.headers)
        assert Webhook(new_secret).verify(during.body, during.headers)

        stack.clock.advance(23 * 3600)
        await stack.publish_call("answered", number)
        await received(receiver, 2)
        late = receiver.received[1]
        assert len(late.headers["webhook-signature"].split(" ")) == 2

        stack.clock.advance(3600 + 1)  # past the overlap: only the new secret signs
        await stack.publish_call("completed", number)
        await received(receiver, 3)
        after = receiver.received[2]
    signatures = after.headers["webhook-signature"].split(" ")
    ts = from_timestamp_seconds(after.headers["webhook-timestamp"])
    msg_id, body = after.headers["webhook-id"], after.body.decode()
    assert signatures == [Webhook(new_secret).sign(msg_id, ts, body)]
    assert Webhook(old_secret).sign(msg_id, ts, body) not in signatures


def from_timestamp_seconds(value: str) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)


async def test_500_500_200_is_received_three_times_with_three_attempts_logged(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    answers = [Answer(500, b"boom"), Answer(503, b"later")]
    async with WebhookReceiver(answers) as receiver:
        await stack.set_urls(number, events_url=receiver.url)
        await stack.publish_call("completed", number)
        await received(receiver, 1)
        await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_PENDING)
        for expected in (2, 3):

            async def attempted(n: int = expected - 1) -> bool:
                found = await stack.list(number)
                return (
                    bool(found)
                    and found[0].attempt_count == n
                    and found[0].status == S.DELIVERY_STATUS_PENDING
                )

            await eventually(attempted, timeout=10)
            stack.clock.advance(stack.settings.retry.cap_seconds)
            await received(receiver, expected)
        [delivery] = await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_DELIVERED)
    assert len(receiver.received) == 3
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1
    assert [a.status_code for a in delivery.attempts] == [500, 503, 200]
    assert [a.response_excerpt for a in delivery.attempts] == ["boom", "later", "ok"]
    assert delivery.attempt_count == 3 and delivery.HasField("delivered_at")


async def test_a_400_is_sent_once_and_never_retried(stack: DeliveryStack) -> None:
    number = await stack.claim()
    async with WebhookReceiver(default=Answer(400, b"nope")) as receiver:
        await stack.set_urls(number, events_url=receiver.url)
        await stack.publish_call("failed", number, failure_reason="busy", sip_code=486)
        [failed] = await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_FAILED)
        stack.clock.advance(48 * 3600)
        await asyncio.sleep(0.5)  # several worker polls with the clock far ahead
        assert len(receiver.received) == 1
    assert [a.status_code for a in failed.attempts] == [400]
    body = json.loads(receiver.received[0].body)
    assert body["data"]["failure_reason"] == "busy" and body["data"]["sip_code"] == 486


async def test_a_redirect_is_not_followed_and_not_retried(stack: DeliveryStack) -> None:
    number = await stack.claim()
    async with (
        WebhookReceiver() as target,
        WebhookReceiver(default=Answer(302, headers={"location": target.url})) as receiver,
    ):
        await stack.set_urls(number, events_url=receiver.url)
        await stack.publish_call("started", number)
        [failed] = await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_FAILED)
    assert [a.status_code for a in failed.attempts] == [302]
    assert target.received == []


async def test_a_receiver_that_never_answers_is_retried_on_the_backoff_schedule(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    policy = stack.settings.retry
    async with WebhookReceiver(default=Answer(hang=True)) as receiver:
        await stack.set_urls(number, events_url=receiver.url)
        await stack.publish_call("started", number)
        for attempt in (1, 2, 3):

            async def timed_out(n: int = attempt) -> deliveries_pb2.Delivery | None:
                found = await stack.list(number)
                return found[0] if found and found[0].attempt_count == n else None

            delivery = await eventually(timed_out, timeout=15)
            assert delivery.status == S.DELIVERY_STATUS_PENDING
            assert delivery.attempts[-1].error == "timeout"
            assert delivery.attempts[-1].status_code == 0
            # Full jitter: the next attempt is due within base * 2^(n-1) of this one's end.
            waited = from_timestamp(delivery.next_attempt_at) - stack.clock.now()
            ceiling = policy.base_seconds * 2 ** (attempt - 1)
            assert timedelta(0) <= waited <= timedelta(seconds=ceiling)
            stack.clock.advance(ceiling)
            await received(receiver, attempt + 1)
        assert len(receiver.received) == 4

        # 24 hours after the event was recorded, a failure is final.
        stack.clock.advance(24 * 3600)
        [given_up] = await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_FAILED)
    assert given_up.attempt_count == 4


async def test_a_429_retry_after_sets_the_next_attempt(stack: DeliveryStack) -> None:
    number = await stack.claim()
    answers = [Answer(429, headers={"retry-after": "120"})]
    async with WebhookReceiver(answers) as receiver:
        await stack.set_urls(number, events_url=receiver.url)
        await stack.publish_call("started", number)

        async def throttled() -> deliveries_pb2.Delivery | None:
            found = await stack.list(number)
            return found[0] if found and found[0].attempt_count == 1 else None

        delivery = await eventually(throttled, timeout=10)
        assert from_timestamp(delivery.next_attempt_at) == stack.clock.now() + timedelta(
            seconds=120
        )
        stack.clock.advance(119)
        await asyncio.sleep(0.4)
        assert len(receiver.received) == 1, "not before Retry-After"
        stack.clock.advance(1)
        await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_DELIVERED)
    assert len(receiver.received) == 2


async def test_an_event_for_a_number_without_events_url_is_recorded_as_skipped(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    event_id = await stack.publish_call("started", number)
    [skipped] = await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_SKIPPED)
    assert skipped.event_id == event_id and skipped.url == "" and skipped.attempt_count == 0


async def test_redeliver_sends_the_same_event_again_under_the_same_webhook_id(
    stack: DeliveryStack,
) -> None:
    number = await stack.claim()
    async with WebhookReceiver() as receiver:
        await stack.set_urls(number, events_url=receiver.url)
        await stack.publish_call("completed", number, duration_seconds=42)
        [delivered] = await stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_DELIVERED)
        again = await stack.deliveries.RedeliverDelivery(
            deliveries_pb2.RedeliverDeliveryRequest(
                workspace_id=number.workspace_id, delivery_id=delivered.id
            )
        )
        assert again.delivery.status == S.DELIVERY_STATUS_PENDING
        await received(receiver, 2)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body and json.loads(first.body)["data"]["duration_seconds"] == 42


async def test_shuffled_and_repeated_call_events_give_one_delivery_each(
    stack: DeliveryStack,
) -> None:
    first, second = await stack.claim(), await stack.claim()
    async with WebhookReceiver() as receiver:
        await stack.set_urls(first, events_url=receiver.url)
        await stack.set_urls(second, events_url=receiver.url)
        events = []
        for number in (first, second):
            for kind in ("started", "answered", "completed", "failed", "recording.ready"):
                subject, payload = call_payload(kind, number.e164, f"call-{kind}")
                events.append((subject, payload, uuid.uuid4()))
        sends = [(e, copy) for e in events for copy in range(random.Random(3).randint(1, 3))]
        sends += [(e, 9) for e in events]  # every event at least twice
        random.Random(11).shuffle(sends)
        for (subject, payload, event_id), copy in sends:
            await publish(stack.nats_url, subject, payload, event_id=event_id, copy=copy)
        for number in (first, second):
            await stack.wait_deliveries(number, 5, status=S.DELIVERY_STATUS_DELIVERED)
        await asyncio.sleep(0.5)  # a duplicate, if any, would arrive now
    assert len(receiver.received) == len(events) == 10
    delivered = {json.loads(r.body)["id"] for r in receiver.received}
    assert delivered == {str(event_id) for _, _, event_id in events}
    rows = await stack.rows("SELECT count(*) AS n FROM routing.deliveries")
    assert rows[0]["n"] == 10
