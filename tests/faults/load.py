"""A steady mix of the platform's money, number and event traffic, run while the fault tests
break things: claims and M-Pesa top-ups through the public API (each retried with its own
Idempotency-Key until it gets a final answer, as a careful client does), renewals through the
operator RPC, and call events from the voice platform that routing delivers to a webhook
receiver. It records what each caller was told, for the checks afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

import grpc
import httpx
import nats
from nats.js import JetStreamContext

from devstack.launcher import RunningPlatform
from devstack.webhook_receiver import Answer, Received, WebhookReceiver
from platform_common.events import headers_for
from platform_common.nats_link import STREAMS, ensure_stream
from sautikit.events.v1 import calls_pb2
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.inventory.renewals.domain import Period
from tests.faults.platform import nats_url

SANDBOX_PHONE = "254708374149"  # the Daraja simulator completes its top-ups
# Answers after which a careful client retries the same request with the same key.
RETRIED_STATUSES = {409, 429, 500, 502, 503, 504}
FINAL_CLAIM_STATUSES = {201, 402}


@dataclass
class LoadRecord:
    claims: dict[str, int] = field(default_factory=dict)  # number id -> final status
    claim_bodies: dict[str, dict[str, object]] = field(default_factory=dict)
    topups: list[str] = field(default_factory=list)  # ids of accepted top-ups
    event_ids: list[str] = field(default_factory=list)  # call events published
    statuses: list[int] = field(default_factory=list)  # every HTTP answer seen
    server_errors: list[str] = field(default_factory=list)  # bodies of 5xx other than 503


async def post_until_final(
    api: httpx.AsyncClient,
    path: str,
    record: LoadRecord,
    *,
    json: dict[str, object] | None = None,
    deadline_seconds: float = 90.0,
) -> httpx.Response:
    """POSTs with one Idempotency-Key until the answer is not a retryable one."""
    key = uuid.uuid4().hex
    loop = asyncio.get_running_loop()
    deadline = loop.time() + deadline_seconds
    while True:
        try:
            reply = await api.post(path, json=json, headers={"Idempotency-Key": key})
            record.statuses.append(reply.status_code)
            if reply.status_code >= 500 and reply.status_code != 503:
                record.server_errors.append(f"{path} {reply.status_code} {reply.text[:300]}")
            if reply.status_code not in RETRIED_STATUSES:
                return reply
            if reply.status_code == 409 and reply.json().get("code") == "number_unavailable":
                return reply
        except httpx.TransportError:
            pass  # the gateway died under us: the same key makes the retry safe
        if loop.time() > deadline:
            raise AssertionError(f"{path} got no final answer within {deadline_seconds}s")
        await asyncio.sleep(0.2)


def going_on(until: asyncio.Event | None) -> bool:
    """Whether paced load starts another request: until `until` is set (the test's last fault
    is over), or always when there is none (the load then ends with its count)."""
    return until is None or not until.is_set()


async def claim_all(
    api: httpx.AsyncClient,
    numbers: list[str],
    record: LoadRecord,
    *,
    until: asyncio.Event | None = None,
    interval: float = 0.1,
) -> None:
    """Claims `numbers` in turn, one per `interval`, stopping early once `until` is set."""
    for number in numbers:
        if not going_on(until):
            return
        reply = await post_until_final(api, f"/v1/numbers/{number}/claim", record)
        record.claims[number] = reply.status_code
        if reply.status_code == 201:
            record.claim_bodies[number] = reply.json()
        await asyncio.sleep(interval)


async def top_up(
    api: httpx.AsyncClient,
    count: int,
    amount_minor: int,
    record: LoadRecord,
    *,
    until: asyncio.Event | None = None,
    interval: float = 0.5,
) -> None:
    """At most `count` top-ups, one per `interval`, stopping early once `until` is set."""
    for _ in range(count):
        if not going_on(until):
            return
        reply = await post_until_final(
            api,
            "/v1/wallet/topups",
            record,
            json={"amount_minor": amount_minor, "phone": SANDBOX_PHONE},
        )
        assert reply.status_code == 202, reply.text
        record.topups.append(reply.json()["id"])
        await asyncio.sleep(interval)


async def run_renewals_once(address: str, period: Period) -> None:
    """Walks every page of one renewal run; a failed call just ends this run (the next one
    picks up what is left)."""
    after = ""
    async with grpc.aio.insecure_channel(address) as channel:
        stub = inventory_pb2_grpc.InventoryServiceStub(channel)
        while True:
            reply = await stub.RunRenewals(
                inventory_pb2.RunRenewalsRequest(
                    period=str(period), after_tenant_number_id=after, limit=5
                ),
                timeout=15,
            )
            after = reply.next_after_tenant_number_id
            if not after:
                return


def next_period() -> Period:
    return Period.containing(datetime.now(UTC)).next()


async def renew_repeatedly(
    platform: RunningPlatform, stop: asyncio.Event, address: str | None = None
) -> None:
    """Next month's renewals, run again and again (through `address`, default the first
    inventory replica): each month must still be charged once."""
    period = next_period()
    while not stop.is_set():
        with contextlib.suppress(grpc.aio.AioRpcError):
            await run_renewals_once(address or platform.grpc_address("inventory"), period)
        await asyncio.sleep(0.3)


async def publish_call_events(
    platform: RunningPlatform,
    e164: str,
    count: int,
    record: LoadRecord,
    *,
    until: asyncio.Event | None = None,
    interval: float = 0.2,
) -> None:
    """What the voice platform does: call.completed CloudEvents on JetStream, at most `count`,
    one per `interval`, stopping early once `until` is set."""
    connection = await nats.connect(nats_url(platform))
    try:
        js = connection.jetstream()
        await ensure_stream(js, "SAUTIKIT_CALLS", [STREAMS["SAUTIKIT_CALLS"]])
        for _ in range(count):
            if not going_on(until):
                return
            event_id = uuid.uuid4()
            call_id = f"fault-{event_id.hex[:8]}"
            payload = calls_pb2.CallCompleted(
                call=calls_pb2.CallParty(
                    call_id=call_id,
                    e164=e164,
                    from_number="+254711000001",
                    to_number=e164,
                    direction=calls_pb2.CALL_DIRECTION_INBOUND,
                ),
                duration_seconds=30,
            )
            headers = headers_for(
                event_id=event_id,
                source="sautikit/voice",
                type_="sautikit.calls.completed.v1",
                ce_subject=f"calls/{call_id}",
                time=datetime.now(UTC),
            )
            await publish_until_stored(
                js, "sautikit.calls.completed", payload.SerializeToString(), headers
            )
            record.event_ids.append(str(event_id))
            await asyncio.sleep(interval)
    finally:
        await connection.close()


async def publish_until_stored(
    js: JetStreamContext, subject: str, data: bytes, headers: dict[str, str]
) -> None:
    """Publishes until JetStream acknowledges, as the voice platform does: a stream electing a
    new leader (a node lost) answers nothing for a moment. The same Nats-Msg-Id makes a
    repeat of a publish that did land a duplicate JetStream drops."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        try:
            await js.publish(subject, data, headers=headers, timeout=2)
            return
        except (nats.errors.Error, TimeoutError):
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


class RefusesSomeFirstAttempts:
    """A customer's receiver that fails now and then: 503 to the first request of every
    `every`-th webhook-id (chosen by the id, so the choice is the same whatever the timing),
    2xx to the rest. Retries then run during the faults too, and a sender that records a
    delivery before it knows the answer loses those events."""

    def __init__(self, every: int = 4) -> None:
        self.every = every
        self.seen: set[str] = set()

    def __call__(self, request: Received) -> Answer:
        webhook_id = request.headers["webhook-id"]
        first = webhook_id not in self.seen
        self.seen.add(webhook_id)
        if first and zlib.crc32(webhook_id.encode()) % self.every == 0:
            return Answer(status=503)
        return Answer()


async def webhook_number(
    api: httpx.AsyncClient, number_id: str, receiver: WebhookReceiver, record: LoadRecord
) -> dict[str, object]:
    """Claims one number and points its events at the receiver."""
    claimed = await post_until_final(api, f"/v1/numbers/{number_id}/claim", record)
    assert claimed.status_code == 201, claimed.text
    body: dict[str, object] = claimed.json()
    patched = await api.patch(
        f"/v1/numbers/{body['id']}/routing", json={"events_url": f"{receiver.url}/events"}
    )
    assert patched.status_code == 200, patched.text
    return body
