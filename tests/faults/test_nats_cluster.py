"""The platform on a three-node JetStream cluster (as production runs it) with every stream at
three replicas: SIGKILLing one node while claims and call events flow loses no event, stops no
service, and every event still reaches its consumer and its webhook receiver once."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest

from devstack.infra import NatsServer, start_nats_cluster
from devstack.launcher import RunningPlatform, funded_workspace, platform_env
from devstack.webhook_receiver import WebhookReceiver
from platform_common.nats_link import STREAMS
from tests.conftest import eventually
from tests.e2e.journey import RENT, available_mobile_numbers, client
from tests.faults.harness import FAULT_ENV, start_fault_platform
from tests.faults.load import LoadRecord, claim_all, publish_call_events, webhook_number
from tests.faults.platform import MODULES, processes_running, stop_platform
from tests.faults.settle import check_deliveries, check_outcomes, settled

CLAIMS = 6
CALL_EVENTS = 20


@pytest.fixture
def cluster(data_dir: Path) -> Iterator[list[NatsServer]]:
    servers = start_nats_cluster(data_dir.parent / "nats-cluster")
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def platform(
    data_dir: Path, migrated_cluster: Path, cluster: list[NatsServer]
) -> Iterator[RunningPlatform]:
    env = {
        **platform_env(data_dir),
        **FAULT_ENV,
        "NATS_URL": ",".join(server.url for server in cluster),
        "NATS_STREAM_REPLICAS": "3",
        # The load's NATS connection and the fixtures find the first node here.
        "DEVSTACK_NATS_PORT": str(cluster[0].port),
    }
    running = start_fault_platform(data_dir, env, migrated_cluster)
    yield running
    stop_platform(running)


async def stream_replicas(url: str) -> dict[str, int]:
    connection = await nats.connect(url)
    try:
        js = connection.jetstream(timeout=10)
        found = {}
        for name in STREAMS:
            try:
                found[name] = (await js.stream_info(name)).config.num_replicas or 1
            except nats.js.errors.NotFoundError:
                continue
        return found
    finally:
        await connection.close()


async def test_one_node_of_three_killed_loses_no_event(
    platform: RunningPlatform, cluster: list[NatsServer]
) -> None:
    _, key = await funded_workspace(platform, (CLAIMS + 1) * RENT)
    first, *numbers = await available_mobile_numbers(platform, CLAIMS + 1)
    pids = {
        name: {p.pid for p in processes_running(platform, m)} for name, (m, _) in MODULES.items()
    }
    record = LoadRecord()
    async with client(platform, key) as api, WebhookReceiver() as receiver:
        routed = await webhook_number(api, first, receiver, record)
        load = [
            asyncio.create_task(claim_all(api, numbers, record)),
            asyncio.create_task(
                publish_call_events(platform, str(routed["e164"]), CALL_EVENTS, record)
            ),
        ]
        await eventually(lambda: len(record.event_ids) >= CALL_EVENTS // 3, timeout=30)
        # Asked before the kill: right after it the cluster may spend seconds electing leaders.
        replicas = await stream_replicas(cluster[0].url)
        assert set(replicas) == set(STREAMS) and set(replicas.values()) == {3}, replicas
        # A node other than the one the load publishes through: the platform's own
        # connections are spread over all three.
        victim = cluster[1]
        assert victim.process is not None
        os.kill(victim.process.pid, signal.SIGKILL)
        victim.process.wait(timeout=10)
        await asyncio.gather(*load)
        await settled(platform, api, record, receiver)
    check_outcomes(platform, record, RENT)
    check_deliveries(receiver, record)
    assert set(record.claims.values()) == {201}, record.claims
    still = {
        name: {p.pid for p in processes_running(platform, m)} for name, (m, _) in MODULES.items()
    }
    assert still == pids, "no service stopped or restarted"
