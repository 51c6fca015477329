"""Issue acceptance for signed call-event delivery and voice callbacks, on a platform started as
`make run` starts it (every service its own process, development mode so receivers on
127.0.0.1 are allowed): the seed's routing command points a number at a receiver that verifies
with the `standardwebhooks` package, the voice platform's events arrive on JetStream, and a
second routing process beside the first still delivers every event exactly once."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime

import grpc
import nats
from standardwebhooks.webhooks import Webhook

from devstack.infra import free_port
from devstack.launcher import ROOT, RunningPlatform, funded_workspace
from devstack.run import wait_serving
from devstack.webhook_receiver import Answer, WebhookReceiver
from platform_common.events import headers_for
from platform_common.nats_link import STREAMS, ensure_stream
from sautikit.events.v1 import calls_pb2
from sautikit.routing.v1 import deliveries_pb2, deliveries_pb2_grpc
from tests.conftest import eventually
from tests.e2e.journey import RENT, available_mobile_numbers, client


def nats_url(platform: RunningPlatform) -> str:
    return f"nats://127.0.0.1:{platform.env['DEVSTACK_NATS_PORT']}"


async def publish_calls(platform: RunningPlatform, e164: str, count: int) -> list[str]:
    """What the voice platform does: CloudEvents on sautikit.calls.> (here call.completed)."""
    connection = await nats.connect(nats_url(platform))
    ids = []
    try:
        js = connection.jetstream()
        await ensure_stream(js, "SAUTIKIT_CALLS", [STREAMS["SAUTIKIT_CALLS"]])
        for n in range(count):
            event_id = uuid.uuid4()
            payload = calls_pb2.CallCompleted(
                call=calls_pb2.CallParty(
                    call_id=f"call-{n}",
                    e164=e164,
                    from_number="+254711000001",
                    to_number=e164,
                    direction=calls_pb2.CALL_DIRECTION_INBOUND,
                ),
                duration_seconds=30 + n,
            )
            headers = headers_for(
                event_id=event_id,
                source="sautikit/voice",
                type_="sautikit.calls.completed.v1",
                ce_subject=f"calls/call-{n}",
                time=datetime.now(UTC),
            )
            await js.publish(
                "sautikit.calls.completed", payload.SerializeToString(), headers=headers
            )
            ids.append(str(event_id))
    finally:
        await connection.close()
    return ids


async def claimed(platform: RunningPlatform) -> tuple[str, dict[str, str]]:
    _, key = await funded_workspace(platform, RENT)
    [number_id] = await available_mobile_numbers(platform, 1)
    async with client(platform, key) as api:
        reply = await api.post(f"/v1/numbers/{number_id}/claim")
        assert reply.status_code == 201, reply.text
    return key, reply.json()


async def test_seed_routing_command_then_signed_events_reach_a_verifying_receiver(
    platform: RunningPlatform,
) -> None:
    key, number = await claimed(platform)
    async with client(platform, key) as api, WebhookReceiver() as receiver:
        rotated = await api.post("/v1/webhook-secret/rotate")
        assert rotated.status_code == 200, rotated.text
        secret = rotated.json()["secret"]
        # The seed's command, with a local receiver as events_url (development mode).
        patched = await api.patch(
            f"/v1/numbers/{number['id']}/routing",
            json={
                "voice_callback_url": "https://ivr.example.com/voice",
                "events_url": f"{receiver.url}/events",
            },
        )
        assert patched.status_code == 200, patched.text
        event_ids = await publish_calls(platform, number["e164"], 3)
        await eventually(lambda: len(receiver.received) == 3, timeout=30)
        bodies = [Webhook(secret).verify(r.body, r.headers) for r in receiver.received]
        assert sorted(b["id"] for b in bodies) == sorted(event_ids)
        assert {b["data"]["number"] for b in bodies} == {number["e164"]}

        async def all_delivered() -> list[dict[str, object]] | None:
            reply = await api.get(f"/v1/numbers/{number['id']}/deliveries?status=delivered")
            data: list[dict[str, object]] = reply.json()["data"]
            return data if len(data) == 3 else None

        delivered = await eventually(all_delivered, timeout=30)
        assert all(d["attempt_count"] == 1 for d in delivered)


async def test_invoke_voice_callback_on_the_running_platform(platform: RunningPlatform) -> None:
    key, number = await claimed(platform)
    reply = b'[{"action": "say", "text": "Karibu"}, {"action": "hangup"}]'
    async with (
        client(platform, key) as api,
        WebhookReceiver(default=Answer(200, reply)) as receiver,
    ):
        secret = (await api.post("/v1/webhook-secret/rotate")).json()["secret"]
        patched = await api.patch(
            f"/v1/numbers/{number['id']}/routing", json={"voice_callback_url": receiver.url}
        )
        assert patched.status_code == 200, patched.text
        async with grpc.aio.insecure_channel(platform.grpc_address("routing")) as channel:
            answer = await deliveries_pb2_grpc.DeliveryServiceStub(channel).InvokeVoiceCallback(
                deliveries_pb2.InvokeVoiceCallbackRequest(
                    e164=number["e164"],
                    step=deliveries_pb2.CallStep(call_id="c-1", step="incoming"),
                )
            )
        [request] = receiver.received
    assert Webhook(secret).verify(request.body, request.headers)["step"] == "incoming"
    assert [a.WhichOneof("action") for a in answer.actions.actions] == ["say", "hangup"]


async def test_two_routing_processes_deliver_each_event_exactly_once(
    platform: RunningPlatform,
) -> None:
    second_port = free_port()
    env = {
        **platform.env,
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{platform.env['DEVSTACK_PG_PORT']}/sautikit",
        "NATS_URL": nats_url(platform),
        "SAUTIKIT_ENV": "development",
        "GRPC_HOST": "127.0.0.1",
        "GRPC_PORT": str(second_port),
        "METRICS_PORT": "0",
        "WEBHOOK_SECRET_KEYS": (platform.data_dir / "webhook-secret-keys").read_text().strip(),
        "INVENTORY_ADDR": platform.grpc_address("inventory"),
    }
    second = subprocess.Popen(
        [sys.executable, "-m", "services.routing.main"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await wait_serving(second_port)
        key, number = await claimed(platform)
        async with client(platform, key) as api, WebhookReceiver() as receiver:
            patched = await api.patch(
                f"/v1/numbers/{number['id']}/routing", json={"events_url": receiver.url}
            )
            assert patched.status_code == 200, patched.text
            event_ids = await publish_calls(platform, number["e164"], 40)
            await eventually(lambda: len(receiver.received) >= 40, timeout=60)
            await asyncio.sleep(1.0)  # any duplicate would arrive now
        assert second.poll() is None, "the second routing process kept running"
        counts = Counter(r.headers["webhook-id"] for r in receiver.received)
        assert len(counts) == len(event_ids) == 40 and set(counts.values()) == {1}
    finally:
        second.terminate()
        second.wait(timeout=30)
