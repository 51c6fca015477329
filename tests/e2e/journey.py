"""Helpers for driving a running platform in end-to-end tests: funded workspaces, HTTP calls."""

from __future__ import annotations

import grpc
import httpx

from devstack.launcher import RunningPlatform
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc

RENT = 50_000  # demo mobile numbers rent for KES 500 a month
# Claims settle quickly in these tests: a short hold, a short grace, a frequent sweep.
FAST_CLAIMS = {
    "CLAIM_HOLD_SECONDS": "5",
    "CLAIM_SETTLE_GRACE_SECONDS": "0.5",
    "CLAIM_SWEEP_INTERVAL_SECONDS": "0.5",
}


async def available_mobile_numbers(platform: RunningPlatform, count: int) -> list[str]:
    async with grpc.aio.insecure_channel(platform.grpc_address("inventory")) as channel:
        page = await inventory_pb2_grpc.InventoryServiceStub(channel).SearchAvailableNumbers(
            inventory_pb2.SearchAvailableNumbersRequest(
                number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=count, starts_with="2547"
            )
        )
    return [n.id for n in page.numbers]


async def inventory_states(platform: RunningPlatform) -> dict[str, int]:
    async with grpc.aio.insecure_channel(platform.grpc_address("inventory")) as channel:
        stats = await inventory_pb2_grpc.InventoryServiceStub(channel).GetInventoryStats(
            inventory_pb2.GetInventoryStatsRequest()
        )
    return {
        inventory_pb2.NumberState.Name(c.state).removeprefix("NUMBER_STATE_").lower(): c.count
        for c in stats.counts
    }


def client(platform: RunningPlatform, api_key: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=platform.base_url,
        headers={"Authorization": f"Bearer {api_key}"},
        timeout=30,
        limits=httpx.Limits(max_connections=64),
    )


async def balance(api: httpx.AsyncClient) -> int:
    reply = await api.get("/v1/wallet")
    assert reply.status_code == 200, reply.text
    return int(reply.json()["balance_minor"])


async def rentals(api: httpx.AsyncClient) -> list[dict[str, object]]:
    reply = await api.get("/v1/wallet/ledger", params={"limit": 100})
    return [e for e in reply.json()["data"] if e["entry_type"] == "number_rental"]
