"""Shared harness of the credentials integration tests (it holds no tests itself): the real
wallet, inventory and credentials services in-process on one PostgreSQL database and one
JetStream, so numbers are claimed, suspended and released for real and the credentials
service hears about it through real events."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

import grpc
import nats
import psycopg
from psycopg.rows import dict_row

from operator_cli.csv_import import to_proto
from platform_common.events import headers_for
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory
from platform_common.nats_link import STREAMS, ensure_stream, stream_for_subject
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.credentials.domain import ThrottlePolicy
from services.credentials.main import create_service as create_credentials
from services.credentials.settings import CredentialsSettings
from services.inventory.claims import ClaimSettings
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.wallet_client import GrpcWallet
from services.wallet.main import create_service as create_wallet
from tests.conftest import eventually

RENT = 50_000
FAST_CLAIMS = ClaimSettings(hold_seconds=2.0, settle_grace_seconds=0.2, sweep_interval_seconds=0.5)
# Blocks far longer than any pause a loaded machine makes between two calls of a test, so
# "while blocked" is never a race; tests that need a block to end move the database's clock
# (pass_throttle_time) instead of sleeping.
TEST_THROTTLE = ThrottlePolicy(
    free_failures=2, base_delay_seconds=30.0, max_delay_seconds=120.0, forget_after_seconds=3600.0
)


def credentials_settings(**overrides: Any) -> CredentialsSettings:
    return replace(
        CredentialsSettings(throttle=TEST_THROTTLE, hash_workers=2, max_active_per_number=5),
        **overrides,
    )


@dataclass
class Stack:
    database_url: str
    nats_url: str
    inventory_address: str
    wallet_address: str
    credentials_address: str
    inventory: inventory_pb2_grpc.InventoryServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    credentials: credentials_pb2_grpc.CredentialsServiceStub
    numbers: list[str]
    _next: int = 0
    _extra: list[GrpcService] = field(default_factory=list)

    async def fund(self, workspace: str, amount: int) -> None:
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace,
                amount_minor=amount,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{workspace}:{uuid.uuid4()}",
            )
        )

    async def claim(self, workspace: str | None = None) -> inventory_pb2.TenantNumber:
        """Funds a workspace (a new one unless given) and claims the next demo number."""
        workspace = workspace or str(uuid.uuid4())
        await self.fund(workspace, RENT)
        number_id = self.numbers[self._next]
        self._next += 1
        reply = await self.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=number_id)
        )
        return reply.tenant_number

    async def create(
        self, number: inventory_pb2.TenantNumber, label: str = "main-ivr"
    ) -> credentials_pb2.CreateCredentialResponse:
        return await self.credentials.CreateCredential(
            credentials_pb2.CreateCredentialRequest(
                workspace_id=number.workspace_id,
                tenant_number_id=number.id,
                e164=number.e164,
                label=label,
            )
        )

    async def verify(
        self,
        username: str,
        password: str,
        stub: credentials_pb2_grpc.CredentialsServiceStub | None = None,
    ) -> credentials_pb2.VerifyCredentialResponse:
        return await (stub or self.credentials).VerifyCredential(
            credentials_pb2.VerifyCredentialRequest(username=username, password=password)
        )

    async def valid(self, username: str, password: str) -> bool:
        return (await self.verify(username, password)).valid

    async def wait_valid(self, username: str, password: str, expected: bool) -> None:
        async def settled() -> bool:
            return (await self.valid(username, password)) is expected

        await eventually(settled, timeout=10, interval=0.1)

    async def rows(self, query: str, *params: object) -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query, params)
            return await cursor.fetchall() if cursor.description else []

    async def pass_throttle_time(self, seconds: float) -> None:
        """As if `seconds` went by for the throttle: its clock is the database's, so every
        stored failure time moves that far into the past (nothing sleeps)."""
        await self.rows(
            "UPDATE credentials.verify_failures SET "
            "last_failed_at = last_failed_at - make_interval(secs => %s), "
            "blocked_until = blocked_until - make_interval(secs => %s)",
            seconds,
            seconds,
        )

    async def pass_grace_time(self, seconds: float) -> None:
        """As if `seconds` went by for rotation grace windows (the database's clock)."""
        await self.rows(
            "UPDATE credentials.sip_credentials SET "
            "previous_valid_until = previous_valid_until - make_interval(secs => %s), "
            "rotated_at = rotated_at - make_interval(secs => %s)",
            seconds,
            seconds,
        )

    async def processed(self, event_id: uuid.UUID) -> bool:
        """Whether a credentials consumer has handled this event (its dedupe row)."""
        return bool(
            await self.rows(
                "SELECT 1 FROM credentials.processed_events WHERE event_id = %s", event_id
            )
        )

    async def view(self, tenant_number_id: str) -> dict[str, Any] | None:
        rows = await self.rows(
            "SELECT * FROM credentials.tenant_numbers WHERE tenant_number_id = %s",
            tenant_number_id,
        )
        return rows[0] if rows else None

    async def wait_view(self, tenant_number_id: str, **expected: object) -> dict[str, Any]:
        async def matches() -> dict[str, Any] | None:
            row = await self.view(tenant_number_id)
            if row is not None and all(row[k] == v for k, v in expected.items()):
                return row
            return None

        found: dict[str, Any] = await eventually(matches, timeout=10, interval=0.05)
        return found

    async def replica(
        self, settings: CredentialsSettings | None = None, inventory_address: str | None = None
    ) -> credentials_pb2_grpc.CredentialsServiceStub:
        """Another credentials service process-alike on the same database and JetStream."""
        service = create_credentials(
            database_url=self.database_url,
            nats_url=self.nats_url,
            settings=settings or credentials_settings(),
            inventory=GrpcInventory(inventory_address or self.inventory_address),
        )
        port = await service.start()
        self._extra.append(service)
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        return credentials_pb2_grpc.CredentialsServiceStub(channel)


@contextlib.asynccontextmanager
async def running_stack(
    database_url: str, nats_url: str, *, settings: CredentialsSettings | None = None
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
    credentials = create_credentials(
        database_url=database_url,
        nats_url=nats_url,
        settings=settings or credentials_settings(),
        inventory=GrpcInventory(inventory_address),
    )
    credentials_port = await credentials.start()
    async with (
        grpc.aio.insecure_channel(inventory_address) as inventory_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{wallet_port}") as wallet_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{credentials_port}") as credentials_channel,
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
            wallet_address=f"127.0.0.1:{wallet_port}",
            credentials_address=f"127.0.0.1:{credentials_port}",
            inventory=inventory_stub,
            wallet=wallet_pb2_grpc.WalletServiceStub(wallet_channel),
            credentials=credentials_pb2_grpc.CredentialsServiceStub(credentials_channel),
            numbers=[n.id for n in page.numbers],
        )
        try:
            yield stack
        finally:
            for extra in stack._extra:
                await extra.stop()
            await credentials.stop()
            await inventory.stop()
            await wallet_client.close()
            await wallet.stop()


async def publish_event(
    nats_url: str, subject: str, payload: Any, resource: str, time: Any
) -> uuid.UUID:
    """Publishes one event the way the outbox relay does (CloudEvents headers), with a chosen
    time: how tests deliver events out of order. Returns the event's id."""
    event_id = uuid.uuid4()
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        stream = stream_for_subject(subject)
        await ensure_stream(js, stream, [STREAMS[stream]])
        headers = headers_for(
            event_id=event_id,
            source="sautikit/inventory",
            type_=f"{subject}.v1",
            ce_subject=resource,
            time=time,
        )
        await js.publish(subject, payload.SerializeToString(), headers=headers)
    finally:
        await client.close()
    return event_id


async def stream_messages(nats_url: str, stream: str) -> list[Any]:
    """Every message currently in a JetStream stream (headers and data), oldest first."""
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        try:
            info = await js.stream_info(stream)
        except nats.js.errors.NotFoundError:
            return []
        messages = []
        for sequence in range(max(1, info.state.first_seq), info.state.last_seq + 1):
            with contextlib.suppress(nats.js.errors.NotFoundError):
                messages.append(await js.get_msg(stream, sequence))
        return messages
    finally:
        await client.close()
