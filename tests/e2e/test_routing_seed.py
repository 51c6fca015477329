"""Issue acceptance for the routing API, on a platform started as `make run` starts it (every
service its own process, development mode as `make run` uses): the seed's routing curl command,
run by bash exactly as printed but for the host, the key and the {id}; GET shows both URLs;
null clears one; the voice platform's ResolveRoute sees them and follows a suspension."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from tests.conftest import eventually
from tests.e2e.journey import FAST_CLAIMS, RENT, available_mobile_numbers, client

# shared/seeds/000, the fourth curl command, character for character.
SEED_ROUTING_COMMAND = (
    'curl -X PATCH "https://api.sautikit.com/v1/numbers/{id}/routing" \\\n'
    '-H "Authorization: Bearer $SAUTIKIT_API_KEY" \\\n'
    '-H "Content-Type: application/json" \\\n'
    "-d '{\n"
    '"voice_callback_url": "https://ivr.example.com/voice",\n'
    '"events_url": "https://ivr.example.com/events"\n'
    "}'"
)
SEED_HOST = "https://api.sautikit.com"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("routing")
    running = start_platform(data_dir, {**platform_env(data_dir), **FAST_CLAIMS})
    yield running
    assert running.stop() == 0


async def claim_one(platform: RunningPlatform, key: str) -> dict:  # type: ignore[type-arg]
    [number] = await available_mobile_numbers(platform, 1)
    async with client(platform, key) as api:
        reply = await api.post(f"/v1/numbers/{number}/claim")
    assert reply.status_code == 201, reply.text
    held: dict = reply.json()  # type: ignore[type-arg]
    return held


async def resolve(platform: RunningPlatform, e164: str) -> routing_pb2.ResolveRouteResponse:
    async with grpc.aio.insecure_channel(platform.grpc_address("routing")) as channel:
        reply: routing_pb2.ResolveRouteResponse = await routing_pb2_grpc.RoutingServiceStub(
            channel
        ).ResolveRoute(routing_pb2.ResolveRouteRequest(e164=e164), timeout=5)
    return reply


def test_seed_routing_command_sets_both_urls(platform: RunningPlatform) -> None:
    _, key = asyncio.run(funded_workspace(platform, RENT))
    held = asyncio.run(claim_one(platform, key))
    command = SEED_ROUTING_COMMAND.replace(SEED_HOST, platform.base_url).replace("{id}", held["id"])
    assert command.count(platform.base_url) == 1 and "{id}" not in command
    workdir = platform.data_dir / "curl-routing"
    workdir.mkdir()
    run = subprocess.run(
        ["bash", "-c", command],
        cwd=workdir,
        env={**os.environ, "SAUTIKIT_API_KEY": key},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["voice_callback_url"] == "https://ivr.example.com/voice", answer
    assert answer["events_url"] == "https://ivr.example.com/events", answer
    assert answer["tenant_number_id"] == held["id"]

    async def follow_up() -> None:
        async with client(platform, key) as api:
            read = await api.get(f"/v1/numbers/{held['id']}/routing")
            assert read.status_code == 200, read.text
            assert read.json()["voice_callback_url"] == "https://ivr.example.com/voice"
            assert read.json()["events_url"] == "https://ivr.example.com/events"

            route = await resolve(platform, held["e164"])
            assert route.may_take_calls
            assert route.voice_callback_url == "https://ivr.example.com/voice"

            cleared = await api.patch(
                f"/v1/numbers/{held['id']}/routing", json={"events_url": None}
            )
            assert cleared.status_code == 200, cleared.text
            read = await api.get(f"/v1/numbers/{held['number_id']}/routing")
            assert read.status_code == 200
            assert "events_url" not in read.json()
            assert read.json()["voice_callback_url"] == "https://ivr.example.com/voice"
            assert (await resolve(platform, held["e164"])).events_url == ""

        async with grpc.aio.insecure_channel(platform.grpc_address("inventory")) as channel:
            await inventory_pb2_grpc.InventoryServiceStub(channel).SuspendNumber(
                inventory_pb2.SuspendNumberRequest(tenant_number_id=held["id"], reason="e2e")
            )

        async def refused() -> bool:
            route = await resolve(platform, held["e164"])
            return route.refusal == routing_pb2.ROUTE_REFUSAL_NUMBER_SUSPENDED

        await eventually(refused, timeout=15, interval=0.1)

    asyncio.run(follow_up())
