"""Shared harness of the call-billing tests (it holds no tests itself): the real wallet and
inventory services in-process on one PostgreSQL database and one JetStream. Numbers are
imported with chosen call rates and claimed for real, so the wallet learns them from real
numbers.* events. The tests play the voice platform: AuthorizeCall over gRPC, call.* events
published on JetStream exactly as the platform would. Time-driven expiry reads one
MovableClock that tests move."""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import grpc
import nats
import psycopg
from psycopg.rows import dict_row

from operator_cli.csv_import import to_proto
from platform_common.events import headers_for
from platform_common.inventory_numbers import GrpcInventory
from platform_common.nats_link import STREAMS, ensure_stream, stream_for_subject
from platform_common.timestamps import to_timestamp
from sautikit.events.v1 import calls_pb2
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.wallet.v1 import usage_pb2, usage_pb2_grpc, wallet_pb2, wallet_pb2_grpc
from services.inventory.claims import ClaimSettings
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.wallet_client import GrpcWallet
from services.wallet.main import create_service as create_wallet
from services.wallet.usage.expiry import ReservationExpiry
from services.wallet.usage.settings import UsageSettings
from tests.conftest import eventually
from tests.integration.topups_harness import MovableClock

RATE = 200  # KES 2.00 per minute, both directions
# No test on this stack lets a claim's hold run out; a long one keeps a claim made while the
# machine is loaded (CI, both cores busy) from racing its own debit (debit_expired).
USAGE_CLAIMS = ClaimSettings(
    hold_seconds=30.0, settle_grace_seconds=0.2, sweep_interval_seconds=0.5
)
INBOUND = calls_pb2.CALL_DIRECTION_INBOUND
OUTBOUND = calls_pb2.CALL_DIRECTION_OUTBOUND


def usage_settings(**overrides: Any) -> UsageSettings:
    # The expiry job is driven by the tests (run_once), so its own loop sleeps for long.
    return dataclasses.replace(
        UsageSettings(expiry_interval_seconds=3600.0, low_balance_threshold_minor=1_000),
        **overrides,
    )


@dataclass
class UsageStack:
    database_url: str
    nats_url: str
    wallet_address: str
    inventory_address: str
    clock: MovableClock
    inventory: inventory_pb2_grpc.InventoryServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    usage: usage_pb2_grpc.UsageServiceStub
    expiry: ReservationExpiry
    numbers: list[str]
    prices: dict[str, int]
    _next: int = 0
    _calls: int = field(default=0)

    async def fund(self, workspace: str, amount: int) -> None:
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace,
                amount_minor=amount,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{workspace}:{uuid.uuid4()}",
            )
        )

    async def claim(
        self, workspace: str | None = None, *, call_money: int = 0, number_id: str | None = None
    ) -> Any:
        """Claims the next number for a workspace (new unless given), paying its rent, leaves
        `call_money` in the wallet and waits until the wallet's number view knows it."""
        workspace = workspace or str(uuid.uuid4())
        if number_id is None:
            number_id = self.numbers[self._next]
            self._next += 1
        await self.fund(workspace, self.prices[number_id] + call_money)
        reply = await self.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=number_id)
        )
        await self.wait_view(reply.tenant_number.id, status="active")
        return reply.tenant_number

    def new_call_id(self) -> str:
        self._calls += 1
        return f"call-{self._calls}-{uuid.uuid4().hex[:8]}"

    async def authorize(
        self, number: Any, *, direction: int = OUTBOUND, call_id: str | None = None
    ) -> usage_pb2.AuthorizeCallResponse:
        return await self.usage.AuthorizeCall(
            usage_pb2.AuthorizeCallRequest(
                call_id=call_id or self.new_call_id(),
                e164=number.e164,
                direction=direction,
                from_number=number.e164 if direction == OUTBOUND else "+254700000001",
                to_number="+254700000001" if direction == OUTBOUND else number.e164,
            )
        )

    async def publish_call_event(self, subject: str, payload: Any, call_id: str) -> None:
        """Publishes one call event as the voice platform does (its own event id each time)."""
        client = await nats.connect(self.nats_url)
        try:
            js = client.jetstream()
            stream = stream_for_subject(subject)
            await ensure_stream(js, stream, [STREAMS[stream]])
            headers = headers_for(
                event_id=uuid.uuid4(),
                source="sautikit/voice",
                type_=f"{subject}.v1",
                ce_subject=f"calls/{call_id}",
                time=self.clock(),
            )
            await js.publish(subject, payload.SerializeToString(), headers=headers)
        finally:
            await client.close()

    def party(self, number: Any, call_id: str, direction: int = OUTBOUND) -> calls_pb2.CallParty:
        return calls_pb2.CallParty(
            call_id=call_id,
            e164=number.e164,
            from_number=number.e164,
            to_number="+254700000001",
            direction=direction,
        )

    def completed(
        self, number: Any, call_id: str, seconds: int, direction: int = OUTBOUND
    ) -> calls_pb2.CallCompleted:
        start = datetime(2026, 11, 29, 12, 0, 0)
        return calls_pb2.CallCompleted(
            call=self.party(number, call_id, direction),
            started_at=to_timestamp(start),
            answered_at=to_timestamp(start + timedelta(seconds=5)),
            ended_at=to_timestamp(start + timedelta(seconds=5 + seconds)),
            duration_seconds=seconds,
            hangup_by="caller",
        )

    def failed(self, number: Any, call_id: str) -> calls_pb2.CallFailed:
        start = datetime(2026, 11, 29, 12, 0, 0)
        return calls_pb2.CallFailed(
            call=self.party(number, call_id),
            started_at=to_timestamp(start),
            failed_at=to_timestamp(start + timedelta(seconds=30)),
            failure_reason="no_answer",
            sip_code=480,
        )

    async def rows(self, query: str, *params: object) -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query, params)
            return await cursor.fetchall() if cursor.description else []

    async def wallet_row(self, workspace: str) -> dict[str, Any]:
        rows = await self.rows(
            "SELECT balance_minor, reserved_minor FROM wallet.wallets WHERE workspace_id = %s",
            workspace,
        )
        return rows[0]

    async def call_row(self, call_id: str) -> dict[str, Any] | None:
        rows = await self.rows("SELECT * FROM wallet.calls WHERE call_id = %s", call_id)
        return rows[0] if rows else None

    async def wait_call(self, call_id: str, **expected: object) -> dict[str, Any]:
        async def matches() -> dict[str, Any] | None:
            row = await self.call_row(call_id)
            if row is not None and all(row[k] == v for k, v in expected.items()):
                return row
            return None

        found: dict[str, Any] = await eventually(matches, timeout=15, interval=0.05)
        return found

    async def wait_view(self, tenant_number_id: str, **expected: object) -> dict[str, Any]:
        async def matches() -> dict[str, Any] | None:
            rows = await self.rows(
                "SELECT * FROM wallet.call_numbers WHERE tenant_number_id = %s", tenant_number_id
            )
            if rows and all(rows[0][k] == v for k, v in expected.items()):
                return rows[0]
            return None

        found: dict[str, Any] = await eventually(matches, timeout=15, interval=0.05)
        return found

    async def usage_entries(self, call_id: str) -> list[dict[str, Any]]:
        return await self.rows(
            "SELECT * FROM wallet.ledger_entries WHERE entry_type = 'call_usage' "
            "AND idempotency_key = %s",
            f"call:{call_id}",
        )


@contextlib.asynccontextmanager
async def running_usage_stack(
    database_url: str,
    nats_url: str,
    *,
    settings: UsageSettings | None = None,
    rate: int = RATE,
    count: int = 40,
) -> AsyncIterator[UsageStack]:
    clock = MovableClock()
    expiries: list[ReservationExpiry] = []
    inventory_client = GrpcInventory("127.0.0.1:1")  # pointed at inventory once it listens
    wallet = create_wallet(
        database_url=database_url,
        nats_url=nats_url,
        clock=clock,
        usage_settings=settings or usage_settings(),
        inventory=inventory_client,
        on_expiry=expiries.append,
    )
    wallet_port = await wallet.start()
    wallet_client = GrpcWallet(f"127.0.0.1:{wallet_port}")
    inventory = create_inventory(
        database_url=database_url,
        nats_url=nats_url,
        wallet=wallet_client,
        claim_settings=USAGE_CLAIMS,
    )
    inventory_port = await inventory.start()
    inventory_client.address = f"127.0.0.1:{inventory_port}"
    async with (
        grpc.aio.insecure_channel(f"127.0.0.1:{inventory_port}") as inventory_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{wallet_port}") as wallet_channel,
    ):
        inventory_stub = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
        specs = [
            dataclasses.replace(s, inbound_per_min_minor=rate, outbound_per_min_minor=rate)
            for s in demo_numbers(count)
        ]
        await inventory_stub.ImportNumbers(
            inventory_pb2.ImportNumbersRequest(numbers=[to_proto(s) for s in specs])
        )
        page = await inventory_stub.SearchAvailableNumbers(
            inventory_pb2.SearchAvailableNumbersRequest(limit=100)
        )
        stack = UsageStack(
            database_url=database_url,
            nats_url=nats_url,
            wallet_address=f"127.0.0.1:{wallet_port}",
            inventory_address=f"127.0.0.1:{inventory_port}",
            clock=clock,
            inventory=inventory_stub,
            wallet=wallet_pb2_grpc.WalletServiceStub(wallet_channel),
            usage=usage_pb2_grpc.UsageServiceStub(wallet_channel),
            expiry=expiries[0],
            numbers=[n.id for n in page.numbers],
            prices={n.id: n.monthly_price_minor for n in page.numbers},
        )
        try:
            yield stack
        finally:
            await inventory.stop()
            await wallet_client.close()
            await inventory_client.close()
            await wallet.stop()
