"""The same answer to the same situation in every service (protos/README.md, "Unknown ids"):

- one thing addressed by an id that does not exist, or that belongs to another workspace, is
  NOT_FOUND with ErrorInfo reason "<thing>_not_found"; a number is "number_not_found" in
  every service, whichever of them is asked;
- a collection of a workspace is never NOT_FOUND: a workspace a service has never heard of
  holds nothing there, so the page is empty (only the gateway keeps the list of workspaces);
- a collection of one number is NOT_FOUND "number_not_found" when the number is unknown;
- a thing addressed under a number (a credential) is "<thing>_not_found" whether the number or
  the thing is unknown: the answer never tells which.

Every service runs for real on a throwaway PostgreSQL and JetStream; the ids are fresh UUIDs.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest

from gateway.main import create_admin_service
from platform_common.errors import RemoteError
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory
from sautikit.credentials.v1 import credentials_pb2 as cred
from sautikit.credentials.v1 import credentials_pb2_grpc as cred_grpc
from sautikit.gateway.v1 import admin_pb2 as admin
from sautikit.gateway.v1 import admin_pb2_grpc as admin_grpc
from sautikit.inventory.v1 import inventory_pb2 as inv
from sautikit.inventory.v1 import inventory_pb2_grpc as inv_grpc
from sautikit.inventory.v1 import orders_pb2 as orders
from sautikit.inventory.v1 import orders_pb2_grpc as orders_grpc
from sautikit.routing.v1 import deliveries_pb2 as deliveries
from sautikit.routing.v1 import deliveries_pb2_grpc as deliveries_grpc
from sautikit.routing.v1 import routing_pb2 as routing
from sautikit.routing.v1 import routing_pb2_grpc as routing_grpc
from sautikit.wallet.v1 import topups_pb2 as topups
from sautikit.wallet.v1 import topups_pb2_grpc as topups_grpc
from sautikit.wallet.v1 import usage_pb2 as usage
from sautikit.wallet.v1 import usage_pb2_grpc as usage_grpc
from sautikit.wallet.v1 import wallet_pb2 as wallet
from sautikit.wallet.v1 import wallet_pb2_grpc as wallet_grpc
from services.credentials.main import create_service as create_credentials
from services.inventory.main import create_service as create_inventory
from services.routing.main import create_service as create_routing
from services.wallet.main import create_service as create_wallet
from tests.integration.test_credentials_harness import credentials_settings

WORKSPACE = str(uuid.uuid4())
NUMBER = str(uuid.uuid4())
OTHER = str(uuid.uuid4())


@dataclass
class Stubs:
    inventory: inv_grpc.InventoryServiceStub
    orders: orders_grpc.NumberOrderServiceStub
    wallet: wallet_grpc.WalletServiceStub
    topups: topups_grpc.TopupServiceStub
    usage: usage_grpc.UsageServiceStub
    credentials: cred_grpc.CredentialsServiceStub
    routing: routing_grpc.RoutingServiceStub
    deliveries: deliveries_grpc.DeliveryServiceStub
    admin: admin_grpc.WorkspaceAdminServiceStub


@pytest.fixture
async def stubs(database_url: str, nats_url: str) -> AsyncIterator[Stubs]:
    inventory = create_inventory(
        database_url=database_url, nats_url=nats_url, trial_scheduler=False
    )
    await inventory.start()
    inventory_address = f"127.0.0.1:{inventory.bound_port}"
    # The dependants ask the real inventory about numbers, as in production.
    started: list[GrpcService] = [inventory]
    channels: list[grpc.aio.Channel] = []
    try:
        for service in (
            create_wallet(
                database_url=database_url,
                nats_url=nats_url,
                inventory=GrpcInventory(inventory_address),
            ),
            create_credentials(
                database_url=database_url,
                nats_url=nats_url,
                settings=credentials_settings(),
                inventory=GrpcInventory(inventory_address),
            ),
            create_routing(
                database_url=database_url,
                nats_url=nats_url,
                inventory=GrpcInventory(inventory_address),
            ),
            create_admin_service(database_url=database_url),
        ):
            await service.start()
            started.append(service)

        def channel(service: GrpcService) -> grpc.aio.Channel:
            made = grpc.aio.insecure_channel(f"127.0.0.1:{service.bound_port}")
            channels.append(made)
            return made

        inv_ch, wallet_ch, cred_ch, routing_ch, admin_ch = (channel(s) for s in started)
        yield Stubs(
            inventory=inv_grpc.InventoryServiceStub(inv_ch),
            orders=orders_grpc.NumberOrderServiceStub(inv_ch),
            wallet=wallet_grpc.WalletServiceStub(wallet_ch),
            topups=topups_grpc.TopupServiceStub(wallet_ch),
            usage=usage_grpc.UsageServiceStub(wallet_ch),
            credentials=cred_grpc.CredentialsServiceStub(cred_ch),
            routing=routing_grpc.RoutingServiceStub(routing_ch),
            deliveries=deliveries_grpc.DeliveryServiceStub(routing_ch),
            admin=admin_grpc.WorkspaceAdminServiceStub(admin_ch),
        )
    finally:
        for made in channels:
            await made.close()
        for service in reversed(started):
            await service.stop()


Call = Callable[[Stubs], Awaitable[Any]]

# (what is asked, the call, the reason it must answer)
ONE_THING: list[tuple[str, Call, str]] = [
    (
        "inventory GetTenantNumber",
        lambda s: s.inventory.GetTenantNumber(
            inv.GetTenantNumberRequest(workspace_id=WORKSPACE, tenant_number_id=NUMBER)
        ),
        "number_not_found",
    ),
    (
        "inventory UpdateTenantNumber",
        lambda s: s.inventory.UpdateTenantNumber(
            inv.UpdateTenantNumberRequest(
                workspace_id=WORKSPACE, tenant_number_id=NUMBER, allow_inbound=True
            )
        ),
        "number_not_found",
    ),
    (
        "inventory ReleaseNumber",
        lambda s: s.inventory.ReleaseNumber(
            inv.ReleaseNumberRequest(workspace_id=WORKSPACE, tenant_number_id=NUMBER)
        ),
        "number_not_found",
    ),
    (
        "inventory ClaimNumber",
        lambda s: s.inventory.ClaimNumber(
            inv.ClaimNumberRequest(workspace_id=WORKSPACE, number_id=NUMBER)
        ),
        "number_not_found",
    ),
    (
        "inventory SuspendNumber",
        lambda s: s.inventory.SuspendNumber(
            inv.SuspendNumberRequest(tenant_number_id=NUMBER, reason="test")
        ),
        "number_not_found",
    ),
    (
        "inventory ResumeNumber",
        lambda s: s.inventory.ResumeNumber(inv.ResumeNumberRequest(tenant_number_id=NUMBER)),
        "number_not_found",
    ),
    (
        "orders GetNumberOrder",
        lambda s: s.orders.GetNumberOrder(
            orders.GetNumberOrderRequest(workspace_id=WORKSPACE, order_id=OTHER)
        ),
        "order_not_found",
    ),
    (
        "wallet GetLedgerEntry",
        lambda s: s.wallet.GetLedgerEntry(wallet.GetLedgerEntryRequest(idempotency_key=OTHER)),
        "ledger_entry_not_found",
    ),
    (
        "wallet GetTopup",
        lambda s: s.topups.GetTopup(topups.GetTopupRequest(workspace_id=WORKSPACE, topup_id=OTHER)),
        "topup_not_found",
    ),
    (
        "wallet GetCall",
        lambda s: s.usage.GetCall(usage.GetCallRequest(workspace_id=WORKSPACE, id=OTHER)),
        "call_not_found",
    ),
    (
        "credentials CreateCredential",
        lambda s: s.credentials.CreateCredential(
            cred.CreateCredentialRequest(workspace_id=WORKSPACE, tenant_number_id=NUMBER)
        ),
        "number_not_found",
    ),
    (
        "credentials ListCredentials",
        lambda s: s.credentials.ListCredentials(
            cred.ListCredentialsRequest(workspace_id=WORKSPACE, tenant_number_id=NUMBER)
        ),
        "number_not_found",
    ),
    (
        "credentials GetCredential",
        lambda s: s.credentials.GetCredential(
            cred.GetCredentialRequest(
                workspace_id=WORKSPACE, tenant_number_id=NUMBER, credential_id=OTHER
            )
        ),
        "credential_not_found",
    ),
    (
        "routing GetRouting",
        lambda s: s.routing.GetRouting(
            routing.GetRoutingRequest(workspace_id=WORKSPACE, tenant_number_id=NUMBER)
        ),
        "number_not_found",
    ),
    (
        "routing UpdateRouting",
        lambda s: s.routing.UpdateRouting(
            routing.UpdateRoutingRequest(
                workspace_id=WORKSPACE, tenant_number_id=NUMBER, events_url=""
            )
        ),
        "number_not_found",
    ),
    (
        "routing ListDeliveries",
        lambda s: s.deliveries.ListDeliveries(
            deliveries.ListDeliveriesRequest(workspace_id=WORKSPACE, tenant_number_id=NUMBER)
        ),
        "number_not_found",
    ),
    (
        "routing RedeliverDelivery",
        lambda s: s.deliveries.RedeliverDelivery(
            deliveries.RedeliverDeliveryRequest(workspace_id=WORKSPACE, delivery_id=OTHER)
        ),
        "delivery_not_found",
    ),
    (
        "gateway GetWorkspace",
        lambda s: s.admin.GetWorkspace(admin.GetWorkspaceRequest(workspace_id=WORKSPACE)),
        "workspace_not_found",
    ),
]

# (what is asked, the call, how to count what came back)
WORKSPACE_COLLECTIONS: list[tuple[str, Call, Callable[[Any], int]]] = [
    (
        "inventory ListTenantNumbers",
        lambda s: s.inventory.ListTenantNumbers(
            inv.ListTenantNumbersRequest(workspace_id=WORKSPACE)
        ),
        lambda r: len(r.tenant_numbers),
    ),
    (
        "orders ListNumberOrders",
        lambda s: s.orders.ListNumberOrders(orders.ListNumberOrdersRequest(workspace_id=WORKSPACE)),
        lambda r: len(r.orders),
    ),
    (
        "wallet ListLedgerEntries",
        lambda s: s.wallet.ListLedgerEntries(
            wallet.ListLedgerEntriesRequest(workspace_id=WORKSPACE)
        ),
        lambda r: len(r.entries),
    ),
    (
        "wallet GetWallet",
        lambda s: s.wallet.GetWallet(wallet.GetWalletRequest(workspace_id=WORKSPACE)),
        lambda r: r.wallet.balance_minor,
    ),
    (
        "wallet ListTopups",
        lambda s: s.topups.ListTopups(topups.ListTopupsRequest(workspace_id=WORKSPACE)),
        lambda r: len(r.topups),
    ),
    (
        "wallet ListCalls",
        lambda s: s.usage.ListCalls(usage.ListCallsRequest(workspace_id=WORKSPACE)),
        lambda r: len(r.calls),
    ),
]


async def test_one_unknown_thing_is_not_found_with_its_reason_everywhere(stubs: Stubs) -> None:
    answers: dict[str, str] = {}
    for label, call, _ in ONE_THING:
        try:
            await call(stubs)
        except grpc.aio.AioRpcError as error:
            remote = RemoteError.from_rpc_error(error)
            answers[label] = f"{remote.status.name} {remote.reason} ({remote.domain})"
        else:
            answers[label] = "OK"
    expected = {
        label: f"NOT_FOUND {reason} ({label.split()[0].replace('orders', 'inventory')}.sautikit)"
        for label, _, reason in ONE_THING
    }
    assert answers == expected


async def test_a_workspace_never_heard_of_holds_nothing_in_every_service(stubs: Stubs) -> None:
    counts = {label: count(await call(stubs)) for label, call, count in WORKSPACE_COLLECTIONS}
    assert counts == {label: 0 for label, _, _ in WORKSPACE_COLLECTIONS}
