"""Harness of the number-order tests (it holds no tests): the real wallet and inventory
services in-process on one PostgreSQL database and one JetStream, the gateway app in front of
them, inventory's clock moved by the tests, and a sweeper replica built on the same database
and clock (as a second inventory process would run it)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import grpc
import httpx
import psycopg
from psycopg.rows import dict_row

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import asgi_client, create_workspace
from operator_cli.csv_import import to_proto
from platform_common.db import create_engine
from platform_common.sealing import KeyRing
from platform_common.uow import unit_of_work_factory
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc, orders_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.inventory import repository as inventory_repository
from services.inventory.claims import ClaimSettings
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.orders.context import OrderContext
from services.inventory.orders.personal_data import OrderDataBox
from services.inventory.orders.requirements_store import RequirementsStore
from services.inventory.orders.settings import OrderSettings
from services.inventory.renewals.scheduler import RenewalSettings
from services.inventory.wallet_client import GrpcWallet
from services.routing.deliveries.clock import ManualClock
from services.wallet.main import create_service as create_wallet
from tests.integration.routing_delivery_harness import (
    StubResolver,
    delivery_settings,
    start_routing,
)

NOWHERE = "127.0.0.1:1"
TOLL_FREE_RENT = 150_000  # demo toll-free numbers rent for KES 1,500 a month
FAST_CLAIMS = ClaimSettings(hold_seconds=5.0, settle_grace_seconds=0.2, sweep_interval_seconds=0.5)
# The scheduled sweeps are off (an hour apart): tests move the clock and sweep themselves.
ORDERS = OrderSettings(
    hold_hours=48.0,
    retention_hours=720.0,
    sweep_interval_seconds=3600.0,
    sweep_batch=2,
    requirements_cache_seconds=0.0,
)
MANUAL_RENEWALS = RenewalSettings(interval_seconds=3600.0, batch_size=2, enabled=False)


class MovableClock:
    def __init__(self) -> None:
        self.current = datetime.now(UTC)

    def now(self) -> datetime:
        return self.current


@dataclass
class Customer:
    workspace_id: str
    headers: dict[str, str]


@dataclass
class OrdersStack:
    database_url: str
    inventory_address: str
    clock: MovableClock
    keys: KeyRing
    key_material: dict[str, bytes]
    client: httpx.AsyncClient
    inventory: inventory_pb2_grpc.InventoryServiceStub
    orders: orders_pb2_grpc.NumberOrderServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    owner: Customer
    stranger: Customer
    toll_free: list[str]  # ids of available toll-free numbers
    mobile: list[str]
    sweeper: OrderContext  # a second process's view: same database, clock and keys
    routing_clock: ManualClock  # the delivery worker's clock (retries wait on it)

    async def fund(self, workspace_id: str, amount: int) -> None:
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace_id,
                amount_minor=amount,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{uuid.uuid4()}",
            )
        )

    async def balance(self, workspace_id: str) -> int:
        reply = await self.wallet.GetWallet(wallet_pb2.GetWalletRequest(workspace_id=workspace_id))
        return reply.wallet.balance_minor

    async def rows(self, query: str, *params: object) -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query, params)
            return await cursor.fetchall() if cursor.description else []

    async def number_state(self, number_id: str) -> str:
        [row] = await self.rows("SELECT state FROM inventory.numbers WHERE id = %s", number_id)
        return str(row["state"])


async def _import_demo(inventory: inventory_pb2_grpc.InventoryServiceStub) -> None:
    await inventory.ImportNumbers(
        inventory_pb2.ImportNumbersRequest(numbers=[to_proto(s) for s in demo_numbers(100)])
    )


@dataclass
class _RoutingHolder:
    database_url: str
    nats_url: str
    inventory_address: str
    clock: ManualClock
    resolver: StubResolver


@contextlib.asynccontextmanager
async def running_orders_stack(
    database_url: str,
    nats_url: str,
    *,
    callbacks: bool = False,
    wallet_wrapper: Callable[[GrpcWallet], Any] | None = None,
) -> AsyncIterator[OrdersStack]:
    """`callbacks`: also run the routing service (development URL rules, loopback receivers,
    its delivery clock in `routing_clock`)."""
    clock = MovableClock()
    key_material = {"k1": os.urandom(32)}
    keys = KeyRing(key_material, "k1")
    wallet_service = create_wallet(database_url=database_url, nats_url=nats_url)
    wallet_port = await wallet_service.start()
    inventory_service = create_inventory(
        database_url=database_url,
        nats_url=nats_url,
        wallet=(wallet_wrapper or (lambda real: real))(GrpcWallet(f"127.0.0.1:{wallet_port}")),
        claim_settings=FAST_CLAIMS,
        renewal_settings=MANUAL_RENEWALS,
        clock=clock,
        order_settings=ORDERS,
        order_keys=keys,
    )
    inventory_port = await inventory_service.start()
    engine = create_engine(database_url, pool_size=2)
    new_uow = unit_of_work_factory(engine, inventory_repository.outbox)
    sweeper = OrderContext(
        new_uow=new_uow,
        requirements=RequirementsStore(new_uow, cache_seconds=0.0),
        box=OrderDataBox(keys),
        clock=clock,
        settings=ORDERS,
    )
    routing = None
    routing_address = NOWHERE
    routing_clock = ManualClock()
    if callbacks:
        holder = _RoutingHolder(
            database_url,
            nats_url,
            f"127.0.0.1:{inventory_port}",
            routing_clock,
            StubResolver(),
        )
        routing = start_routing(holder, delivery_settings())
        routing_address = f"127.0.0.1:{await routing.start()}"
    owner = await create_workspace(database_url, name="Owner")
    stranger = await create_workspace(database_url, name="Stranger")
    settings = GatewaySettings(
        database_url=database_url,
        nats_url=nats_url,
        inventory_addr=f"127.0.0.1:{inventory_port}",
        wallet_addr=f"127.0.0.1:{wallet_port}",
        credentials_addr=NOWHERE,
        routing_addr=routing_address,
    )
    try:
        async with (
            grpc.aio.insecure_channel(f"127.0.0.1:{inventory_port}") as inventory_channel,
            grpc.aio.insecure_channel(f"127.0.0.1:{wallet_port}") as wallet_channel,
            asgi_client(create_app(settings)) as client,
        ):
            inventory = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
            await _import_demo(inventory)
            listed: dict[int, list[str]] = {}
            for kind in (inventory_pb2.NUMBER_TYPE_TOLL_FREE, inventory_pb2.NUMBER_TYPE_MOBILE):
                page = await inventory.SearchAvailableNumbers(
                    inventory_pb2.SearchAvailableNumbersRequest(number_type=kind, limit=50)
                )
                listed[kind] = [n.id for n in page.numbers]
            yield OrdersStack(
                database_url=database_url,
                inventory_address=f"127.0.0.1:{inventory_port}",
                clock=clock,
                keys=keys,
                key_material=key_material,
                client=client,
                inventory=inventory,
                orders=orders_pb2_grpc.NumberOrderServiceStub(inventory_channel),
                wallet=wallet_pb2_grpc.WalletServiceStub(wallet_channel),
                owner=Customer(
                    str(owner.workspace.id), {"Authorization": f"Bearer {owner.api_key.key}"}
                ),
                stranger=Customer(
                    str(stranger.workspace.id),
                    {"Authorization": f"Bearer {stranger.api_key.key}"},
                ),
                toll_free=listed[inventory_pb2.NUMBER_TYPE_TOLL_FREE],
                mobile=listed[inventory_pb2.NUMBER_TYPE_MOBILE],
                sweeper=sweeper,
                routing_clock=routing_clock,
            )
    finally:
        if routing is not None:
            await routing.stop()
        await engine.dispose()
        await inventory_service.stop()
        await wallet_service.stop()
