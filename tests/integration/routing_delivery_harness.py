"""Shared harness of the routing delivery tests (it holds no tests itself): the real wallet,
inventory and routing services in-process on one PostgreSQL database and one JetStream, a
manual clock the tests move, and a stub resolver so every connection goes to 127.0.0.1."""

from __future__ import annotations

import contextlib
import ipaddress
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import grpc
import httpx
import nats
import psycopg
from google.protobuf.message import Message
from psycopg.rows import dict_row

from operator_cli.csv_import import to_proto
from platform_common.events import headers_for
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory
from platform_common.nats_link import STREAMS, ensure_stream, stream_for_subject
from sautikit.events.v1 import calls_pb2
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.routing.v1 import deliveries_pb2, deliveries_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.inventory.claims import ClaimSettings
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.wallet_client import GrpcWallet
from services.routing.deliveries.clock import ManualClock
from services.routing.deliveries.retries import RetryPolicy
from services.routing.deliveries.settings import DeliverySettings
from services.routing.deliveries.wiring import OutboundEdge
from services.routing.main import create_service as create_routing
from services.routing.settings import RoutingSettings
from services.routing.url_safety import HostUnresolvable, IPAddress
from services.wallet.main import create_service as create_wallet
from tests.conftest import eventually

RENT = 50_000
FAST_CLAIMS = ClaimSettings(hold_seconds=2.0, settle_grace_seconds=0.2, sweep_interval_seconds=0.5)


def delivery_settings(**overrides: Any) -> DeliverySettings:
    base = DeliverySettings(
        development=True,
        timeout_seconds=2.0,
        poll_interval_seconds=0.1,
        retry=RetryPolicy(base_seconds=10.0, cap_seconds=3600.0),
        voice_callback_timeout_seconds=0.5,
        voice_reply_max_bytes=4096,
    )
    return replace(base, **overrides)


class StubResolver:
    """Names the tests made up -> addresses; anything else does not resolve."""

    def __init__(self) -> None:
        self.names: dict[str, list[IPAddress]] = {}

    def add(self, name: str, *addresses: str) -> None:
        self.names[name] = [ipaddress.ip_address(a) for a in addresses]

    async def __call__(self, host: str) -> list[IPAddress]:
        if host not in self.names:
            raise HostUnresolvable(host)
        return self.names[host]


LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


class LoopbackOnlyTransport(httpx.AsyncHTTPTransport):
    """A second fence under the service's own guard: tests never connect beyond 127.0.0.0/8,
    even when a guarantee under test is broken on purpose."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            loopback = ipaddress.ip_address(request.url.host) in LOOPBACK
        except ValueError:
            loopback = False
        if not loopback:
            raise httpx.ConnectError(f"test fence: refused to connect to {request.url.host}")
        return await super().handle_async_request(request)


CALL_KINDS: dict[str, tuple[str, type[Message]]] = {
    "started": ("sautikit.calls.started", calls_pb2.CallStarted),
    "answered": ("sautikit.calls.answered", calls_pb2.CallAnswered),
    "completed": ("sautikit.calls.completed", calls_pb2.CallCompleted),
    "failed": ("sautikit.calls.failed", calls_pb2.CallFailed),
    "recording.ready": ("sautikit.calls.recording.ready", calls_pb2.CallRecordingReady),
}


def call_payload(kind: str, e164: str, call_id: str, **fields: Any) -> tuple[str, Message]:
    subject, message_type = CALL_KINDS[kind]
    party = calls_pb2.CallParty(
        call_id=call_id,
        e164=e164,
        from_number="+254711000001",
        to_number=e164,
        direction=calls_pb2.CALL_DIRECTION_INBOUND,
    )
    return subject, message_type(call=party, **fields)


@dataclass
class DeliveryStack:
    database_url: str
    nats_url: str
    clock: ManualClock
    resolver: StubResolver
    settings: DeliverySettings
    inventory: inventory_pb2_grpc.InventoryServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    deliveries: deliveries_pb2_grpc.DeliveryServiceStub
    routing_address: str
    inventory_address: str
    numbers: list[str]
    _next: int = 0
    _extra: list[GrpcService] = field(default_factory=list)
    _channels: list[grpc.aio.Channel] = field(default_factory=list)

    async def claim(self, workspace: str | None = None) -> inventory_pb2.TenantNumber:
        """Funds a workspace (a new one unless given), claims the next demo number and waits
        until the routing service has heard of it."""
        workspace = workspace or str(uuid.uuid4())
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace,
                amount_minor=RENT,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{workspace}:{uuid.uuid4()}",
            )
        )
        number_id = self.numbers[self._next]
        self._next += 1
        reply = await self.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=number_id)
        )
        number = reply.tenant_number

        async def routed() -> bool:
            rows = await self.rows(
                "SELECT 1 FROM routing.routings WHERE tenant_number_id = %s", number.id
            )
            return bool(rows)

        await eventually(routed, timeout=15)
        return number

    async def set_urls(
        self,
        number: inventory_pb2.TenantNumber,
        *,
        events_url: str | None = None,
        voice_callback_url: str | None = None,
    ) -> None:
        """Stores URLs directly, past the save-time checks: how a URL whose DNS later changed
        looks to the delivery side."""
        await self.rows(
            "UPDATE routing.routings SET events_url = %s, voice_callback_url = %s "
            "WHERE tenant_number_id = %s",
            events_url,
            voice_callback_url,
            number.id,
        )

    async def publish_call(
        self,
        kind: str,
        number: inventory_pb2.TenantNumber,
        call_id: str | None = None,
        **fields: Any,
    ) -> str:
        subject, payload = call_payload(kind, number.e164, call_id or str(uuid.uuid4()), **fields)
        event_id = uuid.uuid4()
        await publish(self.nats_url, subject, payload, event_id=event_id)
        return str(event_id)

    async def list(
        self, number: inventory_pb2.TenantNumber, status: int = 0
    ) -> list[deliveries_pb2.Delivery]:
        reply = await self.deliveries.ListDeliveries(
            deliveries_pb2.ListDeliveriesRequest(
                workspace_id=number.workspace_id,
                tenant_number_id=number.id,
                status=status,
                limit=100,
            )
        )
        return list(reply.deliveries)

    async def wait_deliveries(
        self, number: inventory_pb2.TenantNumber, count: int, *, status: int = 0
    ) -> list[deliveries_pb2.Delivery]:
        async def enough() -> list[deliveries_pb2.Delivery] | None:
            found = await self.list(number, status)
            return found if len(found) >= count else None

        result: list[deliveries_pb2.Delivery] = await eventually(enough, timeout=15)
        return result

    async def rotate(self, workspace_id: str) -> deliveries_pb2.RotateWebhookSecretResponse:
        return await self.deliveries.RotateWebhookSecret(
            deliveries_pb2.RotateWebhookSecretRequest(workspace_id=workspace_id)
        )

    async def rows(self, query: str, *params: object) -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query, params)
            return await cursor.fetchall() if cursor.description else []

    async def replica(self) -> deliveries_pb2_grpc.DeliveryServiceStub:
        """Another routing service on the same database and JetStream (same clock)."""
        service = start_routing(self, self.settings)
        port = await service.start()
        self._extra.append(service)
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        self._channels.append(channel)
        return deliveries_pb2_grpc.DeliveryServiceStub(channel)


def start_routing(stack: Any, settings: DeliverySettings) -> GrpcService:
    return create_routing(
        database_url=stack.database_url,
        nats_url=stack.nats_url,
        settings=RoutingSettings(development=settings.development),
        inventory=GrpcInventory(stack.inventory_address),
        resolver=stack.resolver,
        outbound=OutboundEdge(
            settings=settings,
            clock=stack.clock,
            resolver=stack.resolver,
            inner_transport=LoopbackOnlyTransport(),
        ),
    )


async def publish(
    nats_url: str, subject: str, payload: Message, *, event_id: uuid.UUID, copy: int = 0
) -> None:
    """Publishes one event the way the voice platform's outbox would (CloudEvents headers).
    `copy` > 0 publishes it again under another Nats-Msg-Id, so JetStream's own duplicate
    window lets it through and the consumer really sees the event twice."""
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        stream = stream_for_subject(subject)
        await ensure_stream(js, stream, [STREAMS[stream]])
        headers = headers_for(
            event_id=event_id,
            source="sautikit/voice",
            type_=f"{subject}.v1",
            ce_subject=subject,
            time=datetime.now(UTC),
        )
        if copy:
            headers["Nats-Msg-Id"] = f"{event_id}:{copy}"
        await js.publish(subject, payload.SerializeToString(), headers=headers)
    finally:
        await client.close()


@contextlib.asynccontextmanager
async def running_stack(
    database_url: str, nats_url: str, *, settings: DeliverySettings | None = None
) -> AsyncIterator[DeliveryStack]:
    config = settings or delivery_settings()
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
    holder = _Partial(
        database_url, nats_url, f"127.0.0.1:{inventory_port}", ManualClock(), StubResolver()
    )
    routing = start_routing(holder, config)
    routing_port = await routing.start()
    async with (
        grpc.aio.insecure_channel(f"127.0.0.1:{inventory_port}") as inventory_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{wallet_port}") as wallet_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{routing_port}") as routing_channel,
    ):
        inventory_stub = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
        await inventory_stub.ImportNumbers(
            inventory_pb2.ImportNumbersRequest(numbers=[to_proto(s) for s in demo_numbers(120)])
        )
        page = await inventory_stub.SearchAvailableNumbers(
            inventory_pb2.SearchAvailableNumbersRequest(
                number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=100
            )
        )
        stack = DeliveryStack(
            database_url=database_url,
            nats_url=nats_url,
            clock=holder.clock,
            resolver=holder.resolver,
            settings=config,
            inventory=inventory_stub,
            wallet=wallet_pb2_grpc.WalletServiceStub(wallet_channel),
            deliveries=deliveries_pb2_grpc.DeliveryServiceStub(routing_channel),
            routing_address=f"127.0.0.1:{routing_port}",
            inventory_address=holder.inventory_address,
            numbers=[n.id for n in page.numbers],
        )
        try:
            yield stack
        finally:
            for channel in stack._channels:
                await channel.close()
            for extra in stack._extra:
                await extra.stop()
            await routing.stop()
            await inventory.stop()
            await wallet_client.close()
            await wallet.stop()


@dataclass
class _Partial:
    database_url: str
    nats_url: str
    inventory_address: str
    clock: ManualClock
    resolver: StubResolver
