"""Call-event delivery throughput and latency: `python -m bench.routing_delivery`.

On a throwaway platform (every service its own process), 100 numbers are claimed and pointed
at one local receiver that answers 200 at once. Then, in the same run:

- baseline: a plain httpx client POSTs a call-event-sized JSON body to that receiver with
  64 requests in flight, for a few seconds (requests/s);
- throughput: call events for the 100 numbers are published to JetStream as the voice platform
  would, and we time how fast signed deliveries arrive (deliveries/s, target >= 0.3 x baseline);
- latency: events published at a pace well below saturation; published -> received p99
  (target < 250 ms).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime

import httpx
import nats

from bench.platform_fixture import running_platform
from devstack.launcher import RunningPlatform, funded_workspace
from devstack.webhook_receiver import WebhookReceiver
from platform_common.events import headers_for
from platform_common.nats_link import STREAMS, ensure_stream
from sautikit.events.v1 import calls_pb2

NUMBERS = 100
THROUGHPUT_EVENTS = 3000
BASELINE_SECONDS = 5.0
BASELINE_CONCURRENCY = 64
PACED_EVENTS = 150
PACED_PER_SECOND = 10.0
RENT = 50_000


async def claim_numbers(platform: RunningPlatform, receiver_url: str) -> list[str]:
    """Claims NUMBERS numbers and sets each one's events_url; returns their E.164s."""
    _, key = await funded_workspace(platform, RENT * NUMBERS)
    e164s: list[str] = []
    async with httpx.AsyncClient(
        base_url=platform.base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30
    ) as api:
        cursor = None
        while len(e164s) < NUMBERS:
            params: dict[str, str | int] = {"limit": 100, "number_type": "mobile"}
            if cursor:
                params["cursor"] = cursor
            page = (await api.get("/v1/numbers/available", params=params)).json()
            for offer in page["data"]:
                if len(e164s) == NUMBERS:
                    break
                claimed = await api.post(f"/v1/numbers/{offer['id']}/claim")
                if claimed.status_code != 201:
                    continue
                number = claimed.json()
                patched = await api.patch(
                    f"/v1/numbers/{number['id']}/routing", json={"events_url": receiver_url}
                )
                assert patched.status_code == 200, patched.text
                e164s.append(number["e164"])
            cursor = page.get("next_cursor")
            if not cursor and len(e164s) < NUMBERS:
                raise RuntimeError(f"only {len(e164s)} numbers could be claimed")
    return e164s


def call_completed(e164: str, n: int) -> bytes:
    return calls_pb2.CallCompleted(
        call=calls_pb2.CallParty(
            call_id=f"bench-{n}",
            e164=e164,
            from_number="+254711000001",
            to_number=e164,
            direction=calls_pb2.CALL_DIRECTION_INBOUND,
        ),
        duration_seconds=n % 600,
    ).SerializeToString()


async def publish(js: nats.js.JetStreamContext, e164: str, n: int) -> str:
    event_id = uuid.uuid4()
    headers = headers_for(
        event_id=event_id,
        source="sautikit/voice",
        type_="sautikit.calls.completed.v1",
        ce_subject=f"calls/bench-{n}",
        time=datetime.now(UTC),
    )
    await js.publish("sautikit.calls.completed", call_completed(e164, n), headers=headers)
    return str(event_id)


async def plain_httpx_rate(url: str, body: bytes) -> float:
    """Requests/s one plain httpx client gets from the receiver (the same-run baseline)."""
    done = 0
    deadline = time.perf_counter() + BASELINE_SECONDS
    async with httpx.AsyncClient(
        limits=httpx.Limits(max_connections=BASELINE_CONCURRENCY), trust_env=False
    ) as client:

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                reply = await client.post(url, content=body)
                assert reply.status_code == 200
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(BASELINE_CONCURRENCY)))
        return done / (time.perf_counter() - started)


async def wait_for(receiver: WebhookReceiver, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(receiver.received) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(receiver.received)} of {count} deliveries arrived")
        await asyncio.sleep(0.01)


async def run(platform: RunningPlatform, db_url: str) -> list[dict[str, object]]:
    async with WebhookReceiver() as receiver:
        e164s = await claim_numbers(platform, f"{receiver.url}/events")
        sample = json.dumps({"id": str(uuid.uuid4()), "type": "call.completed", "data": {}})
        baseline = await plain_httpx_rate(f"{receiver.url}/baseline", sample.encode() * 3)
        receiver.received.clear()

        connection = await nats.connect(f"nats://127.0.0.1:{platform.env['DEVSTACK_NATS_PORT']}")
        try:
            js = connection.jetstream()
            await ensure_stream(js, "SAUTIKIT_CALLS", [STREAMS["SAUTIKIT_CALLS"]])

            started = time.perf_counter()
            await asyncio.gather(
                *(publish(js, e164s[n % NUMBERS], n) for n in range(THROUGHPUT_EVENTS))
            )
            await wait_for(receiver, THROUGHPUT_EVENTS, timeout=300)
            throughput = THROUGHPUT_EVENTS / (time.perf_counter() - started)
            receiver.received.clear()

            published_at: dict[str, float] = {}
            for n in range(PACED_EVENTS):
                event_id = await publish(js, e164s[n % NUMBERS], THROUGHPUT_EVENTS + n)
                published_at[event_id] = time.monotonic()
                await asyncio.sleep(1 / PACED_PER_SECOND)
            await wait_for(receiver, PACED_EVENTS, timeout=60)
        finally:
            await connection.close()
    latencies = sorted(
        (r.at - published_at[json.loads(r.body)["id"]]) * 1000
        for r in receiver.received
        if json.loads(r.body)["id"] in published_at
    )
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    ratio = throughput / baseline
    return [
        {
            "path": "routing.delivery.throughput",
            "figure": round(throughput, 1),
            "unit": "deliveries/s",
            "baseline": round(baseline, 1),
            "baseline_unit": "requests/s (plain httpx, 64 in flight, same receiver)",
            "ratio": round(ratio, 3),
            "target": "ratio >= 0.3",
            "met": ratio >= 0.3,
            "events": THROUGHPUT_EVENTS,
            "numbers": NUMBERS,
        },
        {
            "path": "routing.delivery.published_to_delivered_p99",
            "figure": round(p99, 1),
            "unit": "ms",
            "baseline": round(p50, 1),
            "baseline_unit": "ms (p50 of the same run)",
            "ratio": None,
            "target": f"p99 < 250 ms at {PACED_PER_SECOND:g} events/s",
            "met": p99 < 250,
            "events": len(latencies),
        },
    ]


def main() -> None:
    with running_platform() as (platform, db_url):
        print(json.dumps(asyncio.run(run(platform, db_url)), indent=2))


if __name__ == "__main__":
    main()
