"""Shared harness of the routing integration tests (it holds no tests itself): the real wallet,
inventory and routing services in-process on one PostgreSQL database and one JetStream, so
numbers are claimed, suspended and released for real and routing hears about it through real
events. Name resolution is a stub: no test here resolves a real name."""

from __future__ import annotations

import contextlib
import ipaddress
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import psycopg
from psycopg.rows import dict_row

from operator_cli.csv_import import to_proto
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.wallet_client import GrpcWallet
from services.routing.main import create_service as create_routing
from services.routing.settings import RoutingSettings
from services.routing.url_safety import HostUnresolvable, IPAddress
from services.wallet.main import create_service as create_wallet
from tests.conftest import eventually
from tests.integration.test_credentials_harness import FAST_CLAIMS, RENT

# Names the stub resolver knows; every other name "does not resolve" (like a machine with no DNS).
STUB_DNS = {
    "hooks.example.net": ["93.184.216.34"],
    "rebind.example.net": ["10.0.0.1"],
    "v6.example.net": ["2606:2800:220:1:248:1893:25c8:1946", "::ffff:127.0.0.1"],
}


async def stub_resolver(host: str) -> list[IPAddress]:
    if host not in STUB_DNS:
        raise HostUnresolvable(host)
    return [ipaddress.ip_address(a) for a in STUB_DNS[host]]


@dataclass
class Stack:
    database_url: str
    nats_url: str
    inventory_address: str
    routing_address: str
    inventory: inventory_pb2_grpc.InventoryServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    routing: routing_pb2_grpc.RoutingServiceStub
    numbers: list[str]
    _next: int = 0
    _extra: list[GrpcService] = field(default_factory=list)

    async def claim(
        self, workspace: str | None = None, number_id: str | None = None
    ) -> inventory_pb2.TenantNumber:
        """Funds a workspace (a new one unless given) and claims a number (the next demo one
        unless given)."""
        workspace = workspace or str(uuid.uuid4())
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace,
                amount_minor=RENT,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{workspace}:{uuid.uuid4()}",
            )
        )
        if number_id is None:
            number_id = self.numbers[self._next]
            self._next += 1
        reply = await self.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=number_id)
        )
        return reply.tenant_number

    async def resolve(self, e164: str) -> routing_pb2.ResolveRouteResponse:
        return await self.routing.ResolveRoute(routing_pb2.ResolveRouteRequest(e164=e164))

    async def update(
        self, number: inventory_pb2.TenantNumber, **urls: str
    ) -> routing_pb2.UpdateRoutingResponse:
        return await self.routing.UpdateRouting(
            routing_pb2.UpdateRoutingRequest(
                workspace_id=number.workspace_id, tenant_number_id=number.id, **urls
            )
        )

    async def rows(self, query: str, *params: object) -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query, params)
            return await cursor.fetchall() if cursor.description else []

    async def row(self, tenant_number_id: str) -> dict[str, Any] | None:
        found = await self.rows(
            "SELECT * FROM routing.routings WHERE tenant_number_id = %s", tenant_number_id
        )
        return found[0] if found else None

    async def wait_row(self, tenant_number_id: str, **expected: object) -> dict[str, Any]:
        async def matches() -> dict[str, Any] | None:
            row = await self.row(tenant_number_id)
            if row is not None and all(row[k] == v for k, v in expected.items()):
                return row
            return None

        found: dict[str, Any] = await eventually(matches, timeout=10, interval=0.05)
        return found

    async def replica(
        self, settings: RoutingSettings | None = None
    ) -> routing_pb2_grpc.RoutingServiceStub:
        """Another routing service process-alike on the same database and JetStream."""
        service = create_routing(
            database_url=self.database_url,
            nats_url=self.nats_url,
            settings=settings or RoutingSettings(),
            inventory=GrpcInventory(self.inventory_address),
            resolver=stub_resolver,
        )
        port = await service.start()
        self._extra.append(service)
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        return routing_pb2_grpc.RoutingServiceStub(channel)


@contextlib.asynccontextmanager
async def running_stack(
    database_url: str, nats_url: str, *, settings: RoutingSettings | None = None
) -> AsyncIterator[Stack]:
    wallet = create_wallet(database_url=database_url, nats_url=nats_url)
    wallet_port = await wallet.start()
    wallet_client = GrpcWallet(f"127.0.0.1:{wallet_port}")
    inventory = create_inventory(
        database_url=database_url,
        nats_url=nats_url,
        wallet=wallet_client,
        claim_settings=FAST_CLAIMS,
    )
    inventory_port = await inventory.start()
    inventory_address = f"127.0.0.1:{inventory_port}"
    routing = create_routing(
        database_url=database_url,
        nats_url=nats_url,
        settings=settings or RoutingSettings(),  # production rules unless a test says otherwise
        inventory=GrpcInventory(inventory_address),
        resolver=stub_resolver,
    )
    routing_port = await routing.start()
    async with (
        grpc.aio.insecure_channel(inventory_address) as inventory_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{wallet_port}") as wallet_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{routing_port}") as routing_channel,
    ):
        inventory_stub = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
        await inventory_stub.ImportNumbers(
            inventory_pb2.ImportNumbersRequest(numbers=[to_proto(s) for s in demo_numbers(60)])
        )
        page = await inventory_stub.SearchAvailableNumbers(
            inventory_pb2.SearchAvailableNumbersRequest(
                number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=50
            )
        )
        stack = Stack(
            database_url=database_url,
            nats_url=nats_url,
            inventory_address=inventory_address,
            routing_address=f"127.0.0.1:{routing_port}",
            inventory=inventory_stub,
            wallet=wallet_pb2_grpc.WalletServiceStub(wallet_channel),
            routing=routing_pb2_grpc.RoutingServiceStub(routing_channel),
            numbers=[n.id for n in page.numbers],
        )
        try:
            yield stack
        finally:
            for extra in stack._extra:
                await extra.stop()
            await routing.stop()
            await inventory.stop()
            await wallet_client.close()
            await wallet.stop()
