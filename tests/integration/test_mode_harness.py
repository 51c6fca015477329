"""Shared harness of the test-mode tool tests (it holds no tests itself): the real wallet (with
call billing), inventory, routing and credentials services in-process on one PostgreSQL
database and one JetStream, the gateway app in front of them, and a webhook receiver on
127.0.0.1 playing the customer (events_url and voice_callback_url). Routing's simulated calls
ask the real wallet's AuthorizeCall over gRPC. The wallet's clock and the routing delivery
clock are moved by tests, never slept for."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import grpc
import httpx
import psycopg
from psycopg.rows import dict_row

from devstack.webhook_receiver import Answer, Received, WebhookReceiver
from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import asgi_client, create_workspace
from operator_cli.csv_import import to_proto
from platform_common.inventory_numbers import GrpcInventory as CredentialsInventory
from platform_common.inventory_numbers import GrpcInventory as RoutingInventory
from platform_common.inventory_numbers import GrpcInventory as UsageInventory
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.credentials.main import create_service as create_credentials
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.sandbox import MagicClaim
from services.inventory.wallet_client import GrpcWallet
from services.routing.deliveries.clock import ManualClock
from services.routing.deliveries.wiring import OutboundEdge
from services.routing.main import create_service as create_routing
from services.routing.settings import RoutingSettings
from services.routing.test_mode.wallet_client import GrpcCallAuthorizer
from services.wallet.main import create_service as create_wallet
from services.wallet.topups.settings import TopupSettings
from tests.conftest import eventually
from tests.integration.routing_delivery_harness import (
    FAST_CLAIMS,
    LoopbackOnlyTransport,
    StubResolver,
    delivery_settings,
)
from tests.integration.test_credentials_harness import credentials_settings
from tests.integration.topups_harness import MovableClock, topup_settings
from tests.integration.usage_harness import usage_settings

RATE = 200  # KES 2.00 per minute, both directions
IVR_REPLY = [
    {"action": "say", "text": "Karibu Sautikit", "language": "sw-KE"},
    {"action": "get_digits", "max_digits": 1, "timeout_seconds": 5},
]


@dataclass
class Tenant:
    workspace_id: str  # for the test tenant: the sandbox workspace its sk_test_ key acts on
    headers: dict[str, str]
    livemode: bool = True


@dataclass
class ModeStack:
    database_url: str
    nats_url: str
    inventory_address: str
    wallet_address: str
    routing_address: str
    credentials_address: str
    http: httpx.AsyncClient
    receiver: WebhookReceiver
    wallet_clock: MovableClock
    delivery_clock: ManualClock
    inventory: inventory_pb2_grpc.InventoryServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    numbers: list[str]  # live pool
    test_numbers: list[str]  # test pool, magic numbers left out
    prices: dict[str, int]
    test: Tenant
    live: Tenant
    _next: dict[bool, int] = dataclasses.field(default_factory=lambda: {True: 0, False: 0})

    async def fund(self, tenant: Tenant, amount: int) -> None:
        """Adds `amount` to the tenant's wallet; a sandbox's wallet is opened first, as any
        test-mode call opens it (marked test, with the starting test balance)."""
        if not tenant.livemode:
            await self.wallet.GetWallet(
                wallet_pb2.GetWalletRequest(workspace_id=tenant.workspace_id, livemode=False)
            )
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=tenant.workspace_id,
                amount_minor=amount,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{tenant.workspace_id}:{uuid.uuid4()}",
            )
        )

    async def drain(self, tenant: Tenant) -> None:
        """Spends whatever the tenant's wallet holds (the sandbox's starting test balance
        included), so that the next call is not covered."""
        wallet = await self.wallet.GetWallet(
            wallet_pb2.GetWalletRequest(workspace_id=tenant.workspace_id)
        )
        if wallet.wallet.balance_minor > 0:
            await self.wallet.Debit(
                wallet_pb2.DebitRequest(
                    workspace_id=tenant.workspace_id,
                    amount_minor=wallet.wallet.balance_minor,
                    entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                    idempotency_key=f"drain:{tenant.workspace_id}:{uuid.uuid4()}",
                )
            )

    async def claim(
        self, tenant: Tenant, *, call_money: int = 0, livemode: bool | None = None
    ) -> inventory_pb2.TenantNumber:
        """Funds the tenant's wallet with the rent plus `call_money`, claims the next number
        of the tenant's pool (the test pool for the sandbox, unless `livemode` asks for a live
        one) and waits until routing, call billing and credentials have heard of it from its
        numbers.claimed event (livemode included: nothing is marked by hand)."""
        mode = tenant.livemode if livemode is None else livemode
        pool = self.numbers if mode else self.test_numbers
        number_id = pool[self._next[mode]]
        self._next[mode] += 1
        await self.fund(tenant, self.prices[number_id] + call_money)
        reply = await self.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(
                workspace_id=tenant.workspace_id, number_id=number_id, livemode=mode
            )
        )
        number = reply.tenant_number

        async def known() -> bool:
            routed = await self.rows(
                "SELECT 1 FROM routing.routings WHERE tenant_number_id = %s", number.id
            )
            billed = await self.rows(
                "SELECT 1 FROM wallet.call_numbers WHERE tenant_number_id = %s", number.id
            )
            sip = await self.rows(
                "SELECT 1 FROM credentials.tenant_numbers WHERE tenant_number_id = %s", number.id
            )
            return bool(routed and billed and sip)

        await eventually(known, timeout=15)
        return number

    async def point_at_receiver(
        self, tenant: Tenant, number: inventory_pb2.TenantNumber, *, voice: bool = True
    ) -> None:
        body: dict[str, Any] = {"events_url": f"{self.receiver.url}/events"}
        if voice:
            body["voice_callback_url"] = f"{self.receiver.url}/voice"
        reply = await self.http.patch(
            f"/v1/numbers/{number.id}/routing", json=body, headers=tenant.headers
        )
        assert reply.status_code == 200, reply.text

    async def rotate_secret(self, tenant: Tenant) -> str:
        reply = await self.http.post("/v1/webhook-secret/rotate", headers=tenant.headers)
        assert reply.status_code == 200, reply.text
        secret: str = reply.json()["secret"]
        return secret

    def received(self, path: str) -> list[Received]:
        return [r for r in self.receiver.received if r.path == path]

    async def events_for(self, call_id: str, count: int) -> list[Received]:
        """Waits until `count` deliveries of the call reached the receiver's /events."""

        def arrived() -> list[Received] | None:
            found = [
                r
                for r in self.received("/events")
                if json.loads(r.body)["data"].get("call_id") == call_id
            ]
            return found if len(found) >= count else None

        result: list[Received] = await eventually(arrived, timeout=15)
        return result

    async def rows(self, query: str, *params: object) -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query, params)
            return await cursor.fetchall() if cursor.description else []

    async def wait_call(self, call_id: str, status: str) -> dict[str, Any]:
        async def settled() -> dict[str, Any] | None:
            rows = await self.rows(
                "SELECT * FROM wallet.calls WHERE call_id = %s AND status = %s", call_id, status
            )
            return rows[0] if rows else None

        row: dict[str, Any] = await eventually(settled, timeout=15)
        return row


def customer(request: Received) -> Answer:
    """The customer's receiver: its IVR answers the voice callback, events are acknowledged."""
    if request.path == "/voice":
        return Answer(
            body=json.dumps(IVR_REPLY).encode(), headers={"content-type": "application/json"}
        )
    return Answer(status=200, body=b"ok")


def mode_topup_settings(daraja_url: str) -> TopupSettings:
    """Top-ups of both sides through the one simulator at `daraja_url`."""
    settings = topup_settings(daraja_url, "http://127.0.0.1:9")
    return dataclasses.replace(settings, test_daraja=settings.daraja)


@contextlib.asynccontextmanager
async def running_mode_stack(
    database_url: str, nats_url: str, *, daraja_url: str | None = None
) -> AsyncIterator[ModeStack]:
    """`daraja_url`: a Daraja simulator for the wallet's top-ups (none: top-ups answer 503)."""
    wallet_clock = MovableClock()
    usage_inventory = UsageInventory("127.0.0.1:1")  # pointed at inventory once it listens
    wallet = create_wallet(
        database_url=database_url,
        nats_url=nats_url,
        clock=wallet_clock,
        usage_settings=usage_settings(),
        inventory=usage_inventory,
        # Daraja's callbacks are not followed here: they go to a closed loopback port. The
        # simulator serves both sides, as in devstack: the test side's top-ups always go to a
        # simulator (DARAJA_TEST_BASE_URL), and without one a valid test top-up answers 503.
        topup_settings=mode_topup_settings(daraja_url) if daraja_url else None,
    )
    wallet_port = await wallet.start()
    wallet_address = f"127.0.0.1:{wallet_port}"
    inventory_wallet = GrpcWallet(wallet_address)
    inventory = create_inventory(
        database_url=database_url,
        nats_url=nats_url,
        wallet=inventory_wallet,
        claim_settings=FAST_CLAIMS,
    )
    inventory_port = await inventory.start()
    inventory_address = f"127.0.0.1:{inventory_port}"
    usage_inventory.address = inventory_address
    delivery_clock = ManualClock()
    resolver = StubResolver()
    settings = delivery_settings(voice_callback_timeout_seconds=5.0)
    authorizer = GrpcCallAuthorizer(wallet_address)
    routing = create_routing(
        database_url=database_url,
        nats_url=nats_url,
        settings=RoutingSettings(development=True),
        inventory=RoutingInventory(inventory_address),
        resolver=resolver,
        outbound=OutboundEdge(
            settings=settings,
            clock=delivery_clock,
            resolver=resolver,
            inner_transport=LoopbackOnlyTransport(),
        ),
        authorizer=authorizer,
    )
    routing_port = await routing.start()
    credentials = create_credentials(
        database_url=database_url,
        nats_url=nats_url,
        settings=credentials_settings(),
        inventory=CredentialsInventory(inventory_address),
    )
    credentials_port = await credentials.start()
    test_workspace = await create_workspace(database_url, name="Sandbox", key_mode="test")
    live_workspace = await create_workspace(database_url, name="Live")
    gateway = GatewaySettings(
        database_url=database_url,
        nats_url=nats_url,
        inventory_addr=inventory_address,
        wallet_addr=wallet_address,
        credentials_addr=f"127.0.0.1:{credentials_port}",
        routing_addr=f"127.0.0.1:{routing_port}",
    )
    try:
        async with (
            WebhookReceiver(script=customer) as receiver,
            grpc.aio.insecure_channel(inventory_address) as inventory_channel,
            grpc.aio.insecure_channel(wallet_address) as wallet_channel,
            asgi_client(create_app(gateway)) as http,
        ):
            inventory_stub = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
            specs = [
                dataclasses.replace(s, inbound_per_min_minor=RATE, outbound_per_min_minor=RATE)
                for s in demo_numbers(40)
            ]
            await inventory_stub.ImportNumbers(
                inventory_pb2.ImportNumbersRequest(numbers=[to_proto(s) for s in specs])
            )
            page = await inventory_stub.SearchAvailableNumbers(
                inventory_pb2.SearchAvailableNumbersRequest(
                    number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=100
                )
            )
            test_page = await inventory_stub.SearchAvailableNumbers(
                inventory_pb2.SearchAvailableNumbersRequest(
                    number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=50, livemode=False
                )
            )
            magic = {m.value for m in MagicClaim}
            test_pool = [n for n in test_page.numbers if n.e164 not in magic]
            yield ModeStack(
                database_url=database_url,
                nats_url=nats_url,
                inventory_address=inventory_address,
                wallet_address=wallet_address,
                routing_address=f"127.0.0.1:{routing_port}",
                credentials_address=f"127.0.0.1:{credentials_port}",
                http=http,
                receiver=receiver,
                wallet_clock=wallet_clock,
                delivery_clock=delivery_clock,
                inventory=inventory_stub,
                wallet=wallet_pb2_grpc.WalletServiceStub(wallet_channel),
                numbers=[n.id for n in page.numbers],
                test_numbers=[n.id for n in test_pool],
                prices={n.id: n.monthly_price_minor for n in [*page.numbers, *test_pool]},
                test=Tenant(
                    str(test_workspace.workspace.sandbox_workspace_id),
                    {"Authorization": f"Bearer {test_workspace.api_key.key}"},
                    livemode=False,
                ),
                live=Tenant(
                    str(live_workspace.workspace.id),
                    {"Authorization": f"Bearer {live_workspace.api_key.key}"},
                ),
            )
    finally:
        await credentials.stop()
        await routing.stop()
        await authorizer.close()
        await inventory.stop()
        await inventory_wallet.close()
        await usage_inventory.close()
        await wallet.stop()
