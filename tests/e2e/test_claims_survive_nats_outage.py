"""NATS stopped while numbers are claimed: claims still succeed, their events wait in the
outbox, and once NATS is back every claim's event is delivered exactly once (JetStream and the
routing service's consumer both see each claim once)."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import nats
import psutil
import psycopg
import pytest
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from devstack.infra import NatsServer
from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from sautikit.events.v1 import events_pb2
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from tests.conftest import eventually
from tests.e2e.journey import FAST_CLAIMS, RENT, available_mobile_numbers, client

CLAIMS = 8


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    data_dir = tmp_path / "outage"
    running = start_platform(data_dir, {**platform_env(data_dir), **FAST_CLAIMS})
    yield running
    running.stop()


def unpublished_claims(platform: RunningPlatform) -> int:
    url = f"postgresql://postgres@127.0.0.1:{platform.env['DEVSTACK_PG_PORT']}/sautikit"
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FROM inventory.outbox"
            " WHERE published_at IS NULL AND nats_subject = 'sautikit.numbers.claimed'"
        ).fetchone()[0]


async def claimed_events(nats_url: str, workspace_id: str) -> list[events_pb2.NumberClaimed]:
    client_ = await nats.connect(nats_url)
    try:
        sub = await client_.jetstream().pull_subscribe(
            "sautikit.numbers.claimed",
            durable=f"audit-{uuid.uuid4().hex[:8]}",
            config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL),
        )
        found: list[events_pb2.NumberClaimed] = []
        while True:
            try:
                batch = await sub.fetch(100, timeout=1.0)
            # nats-py raises the plain TimeoutError too when its first, no-wait pull used up
            # the whole timeout (seen on a loaded machine): the same "nothing more" answer.
            except (nats.errors.TimeoutError, TimeoutError):
                return [e for e in found if e.workspace_id == workspace_id]
            for message in batch:
                await message.ack()
                found.append(events_pb2.NumberClaimed.FromString(message.data))
    finally:
        await client_.close()


async def test_every_claim_event_arrives_once_after_nats_returns(platform: RunningPlatform) -> None:
    workspace, key = await funded_workspace(platform, CLAIMS * RENT)
    numbers = await available_mobile_numbers(platform, CLAIMS)
    nats_process = next(p for p in platform.descendants() if p.name() == "nats-server")
    os.kill(nats_process.pid, signal.SIGTERM)
    psutil.wait_procs([nats_process], timeout=10)

    async with client(platform, key) as api:
        replies = await asyncio.gather(*(api.post(f"/v1/numbers/{n}/claim") for n in numbers))
        assert [r.status_code for r in replies] == [201] * CLAIMS, [r.text for r in replies]
        tenant_numbers = {r.json()["e164"]: r.json()["id"] for r in replies}
        health = await api.get("/v1/healthz")
        assert health.status_code == 503 and health.json()["checks"]["nats"] != "ok"
    await asyncio.sleep(1.0)
    assert unpublished_claims(platform) == CLAIMS, "events wait in the outbox while NATS is down"

    revived = NatsServer(platform.data_dir / "nats", int(platform.env["DEVSTACK_NATS_PORT"]))
    revived.start()
    try:
        await eventually(lambda: unpublished_claims(platform) == 0, timeout=30, interval=0.25)

        async with grpc.aio.insecure_channel(platform.grpc_address("routing")) as channel:
            routing = routing_pb2_grpc.RoutingServiceStub(channel)

            async def all_routed() -> bool:
                # ResolveRoute answers only from what routing heard through events (GetRouting
                # would ask inventory about a number whose claim event has not arrived).
                for e164, tenant_number in tenant_numbers.items():
                    try:
                        route = await routing.ResolveRoute(
                            routing_pb2.ResolveRouteRequest(e164=e164)
                        )
                    except grpc.aio.AioRpcError:
                        return False
                    if route.tenant_number_id != tenant_number:
                        return False
                return True

            await eventually(all_routed, timeout=30, interval=0.25)

        events = await claimed_events(revived.url, workspace)
        assert sorted(e.tenant_number_id for e in events) == sorted(tenant_numbers.values()), (
            "each exactly once"
        )
    finally:
        revived.stop()
