"""NATS down for longer than every publish, fetch and connect timeout the platform uses, while
claims go on and call events are in flight: nothing is lost, and once NATS is back every event
is in JetStream once and reaches its consumers, and its webhook receiver accepts it under one
webhook-id (at least once, as routing promises: see tests/faults/README.md). The claims' publisher
is killed during the outage too, so events its NATS client buffered in memory cannot hide a
relay that marked failed publishes as sent."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter

import psutil

from devstack.launcher import RunningPlatform, funded_workspace
from devstack.run import wait_serving
from devstack.webhook_receiver import WebhookReceiver
from tests.e2e.journey import RENT, available_mobile_numbers, client
from tests.e2e.test_claims_survive_nats_outage import claimed_events
from tests.faults.load import LoadRecord, post_until_final, publish_call_events, webhook_number
from tests.faults.platform import (
    grpc_port,
    kill_and_await_restart,
    nats_process,
    nats_url,
    revive_nats,
)
from tests.faults.settle import check_deliveries, check_outcomes, settled

CLAIMS = 6
CALL_EVENTS = 10
# Longer than the JetStream request timeout (5 s, nats_link), the relay's publish timeout
# (2 s, outbox), the consumers' fetch (1 s) and the connect timeout (2 s): every one of them
# fires at least once while NATS is away.
OUTAGE_SECONDS = 8.0


async def test_nats_outage_longer_than_every_timeout_loses_nothing(
    platform: RunningPlatform,
) -> None:
    workspace, key = await funded_workspace(platform, (CLAIMS + 1) * RENT)
    first, *numbers = await available_mobile_numbers(platform, CLAIMS + 1)
    record = LoadRecord()
    async with client(platform, key) as api, WebhookReceiver() as receiver:
        routed = await webhook_number(api, first, receiver, record)
        await publish_call_events(platform, str(routed["e164"]), CALL_EVENTS, record)

        server = nats_process(platform)
        os.kill(server.pid, signal.SIGKILL)
        psutil.wait_procs([server], timeout=10)
        loop = asyncio.get_running_loop()
        down_since = loop.time()
        # Claims go on through the whole outage, spread over it.
        for number in numbers:
            reply = await post_until_final(api, f"/v1/numbers/{number}/claim", record)
            record.claims[number] = reply.status_code
            record.claim_bodies[number] = reply.json()
            await asyncio.sleep(OUTAGE_SECONDS / CLAIMS)
        assert loop.time() - down_since >= OUTAGE_SECONDS
        # The publisher dies too before NATS returns: whatever its NATS client held in memory
        # is gone, so only rows still unpublished in its outbox can bring those events back.
        await kill_and_await_restart(platform, "inventory", until_serving=False)

        revive_nats(platform)  # stops with the platform
        await wait_serving(grpc_port(platform, "inventory"), timeout=60)
        await publish_call_events(platform, str(routed["e164"]), CALL_EVENTS, record)
        await settled(platform, api, record, receiver)
        check_outcomes(platform, record, RENT)
        check_deliveries(receiver, record)
        assert set(record.claims.values()) == {201}, record.claims
        in_stream = Counter(
            e.tenant_number_id for e in await claimed_events(nats_url(platform), workspace)
        )
        claimed = {str(b["id"]) for b in record.claim_bodies.values()} | {str(routed["id"])}
        assert set(in_stream) == claimed and set(in_stream.values()) == {1}, in_stream
