"""Harness of the renewal tests (it holds no tests): the real wallet, inventory and credentials
services in-process on one PostgreSQL database and one JetStream, inventory's renewals reading
a clock the tests move. Also the ledger-integrity check every renewal test ends with."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import psycopg
from psycopg.rows import dict_row

from operator_cli.csv_import import to_proto
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.credentials.main import create_service as create_credentials
from services.inventory.claims import ClaimSettings
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.renewals.domain import Period
from services.inventory.renewals.scheduler import RenewalSettings
from services.inventory.wallet_client import GrpcWallet, RenewalWalletPort
from services.wallet.main import create_service as create_wallet
from tests.integration.test_credentials_harness import credentials_settings

RENT = 50_000  # demo mobile numbers rent for KES 500 a month
FAST_CLAIMS = ClaimSettings(hold_seconds=2.0, settle_grace_seconds=0.2, sweep_interval_seconds=0.5)
# The scheduler is off unless a test turns it on: tests drive runs and move the clock.
MANUAL = RenewalSettings(interval_seconds=3600.0, batch_size=2, enabled=False)


class MovableClock:
    """The one clock renewals read; tests set it, nothing sleeps."""

    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime.now(UTC)

    def now(self) -> datetime:
        return self.current

    def move_to(self, moment: datetime) -> None:
        self.current = moment


@dataclass
class RenewalStack:
    database_url: str
    nats_url: str
    clock: MovableClock
    wallet_address: str
    inventory_address: str
    inventory: inventory_pb2_grpc.InventoryServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    credentials: credentials_pb2_grpc.CredentialsServiceStub
    numbers: list[str]
    main_inventory: GrpcService | None = None
    _next: int = 0
    _extra: list[GrpcService] = field(default_factory=list)
    _channels: list[grpc.aio.Channel] = field(default_factory=list)

    async def fund(self, workspace: str, amount: int) -> None:
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace,
                amount_minor=amount,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{workspace}:{uuid.uuid4()}",
            )
        )

    async def claim(self, workspace: str) -> inventory_pb2.TenantNumber:
        """Funds the workspace with exactly the first month and claims the next demo number."""
        await self.fund(workspace, RENT)
        number_id = self.numbers[self._next]
        self._next += 1
        reply = await self.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=number_id)
        )
        return reply.tenant_number

    def first_renewal(self, number: inventory_pb2.TenantNumber) -> Period:
        """The month a fresh claim is next billed for (its claim paid the current one)."""
        return Period.containing(number.next_renewal_at.ToDatetime(tzinfo=UTC))

    def move_into(self, period: Period, *, hours: int = 9) -> None:
        """Sets the clock a few hours into the 1st of `period`."""
        self.clock.move_to(period.starts_at() + timedelta(hours=hours))

    async def balance(self, workspace: str) -> int:
        reply = await self.wallet.GetWallet(wallet_pb2.GetWalletRequest(workspace_id=workspace))
        return reply.wallet.balance_minor

    async def rows(self, query: str, *params: object) -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query, params)
            return await cursor.fetchall() if cursor.description else []

    async def rental_entries(self, period: Period) -> dict[str, int]:
        """idempotency key -> number of number_rental entries under renewal keys of `period`."""
        rows = await self.rows(
            "SELECT idempotency_key, count(*) AS n FROM wallet.ledger_entries"
            " WHERE entry_type = 'number_rental' AND idempotency_key LIKE %s"
            " GROUP BY idempotency_key",
            f"%:{period}",
        )
        return {row["idempotency_key"]: row["n"] for row in rows}

    async def status(self, tenant_number_id: str) -> str:
        [row] = await self.rows(
            "SELECT status FROM inventory.tenant_numbers WHERE id = %s", tenant_number_id
        )
        return str(row["status"])

    async def outbox(self, subject: str) -> list[dict[str, Any]]:
        return await self.rows(
            "SELECT * FROM inventory.outbox WHERE nats_subject = %s ORDER BY created_at", subject
        )

    async def run(self, period: Period, *, limit: int = 2, stub: Any = None) -> list[Any]:
        """Walks every page of an operator run of `period`; returns all items."""
        items: list[Any] = []
        after = ""
        while True:
            reply = await (stub or self.inventory).RunRenewals(
                inventory_pb2.RunRenewalsRequest(
                    period=str(period), after_tenant_number_id=after, limit=limit
                )
            )
            items.extend(reply.items)
            after = reply.next_after_tenant_number_id
            if not after:
                return items

    async def replica(
        self, *, renewal_wallet: RenewalWalletPort | None = None, settings: RenewalSettings = MANUAL
    ) -> inventory_pb2_grpc.InventoryServiceStub:
        """Another inventory process-alike on the same database, JetStream and clock."""
        service = create_inventory(
            database_url=self.database_url,
            nats_url=self.nats_url,
            wallet=GrpcWallet(self.wallet_address),
            renewal_wallet=renewal_wallet,
            claim_settings=FAST_CLAIMS,
            renewal_settings=settings,
            clock=self.clock,
        )
        port = await service.start()
        self._extra.append(service)
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        self._channels.append(channel)
        return inventory_pb2_grpc.InventoryServiceStub(channel)

    async def stop_main_inventory(self) -> None:
        """Stops the first inventory (and its consumers); runs then go through a replica."""
        assert self.main_inventory is not None
        await self.main_inventory.stop()

    async def credential(self, number: inventory_pb2.TenantNumber) -> tuple[str, str]:
        created = await self.credentials.CreateCredential(
            credentials_pb2.CreateCredentialRequest(
                workspace_id=number.workspace_id,
                tenant_number_id=number.id,
                e164=number.e164,
                label="main",
            )
        )
        return created.credential.username, created.password

    async def verifies(self, username: str, password: str) -> bool:
        reply = await self.credentials.VerifyCredential(
            credentials_pb2.VerifyCredentialRequest(username=username, password=password)
        )
        return bool(reply.valid)


@contextlib.asynccontextmanager
async def running_renewal_stack(
    database_url: str, nats_url: str, *, with_credentials: bool = False
) -> AsyncIterator[RenewalStack]:
    clock = MovableClock()
    wallet = create_wallet(database_url=database_url, nats_url=nats_url)
    wallet_port = await wallet.start()
    wallet_address = f"127.0.0.1:{wallet_port}"
    wallet_client = GrpcWallet(wallet_address)
    inventory = create_inventory(
        database_url=database_url,
        nats_url=nats_url,
        wallet=wallet_client,
        claim_settings=FAST_CLAIMS,
        renewal_settings=MANUAL,
        clock=clock,
    )
    inventory_port = await inventory.start()
    inventory_address = f"127.0.0.1:{inventory_port}"
    credentials = None
    credentials_port = 0
    if with_credentials:
        credentials = create_credentials(
            database_url=database_url,
            nats_url=nats_url,
            settings=credentials_settings(),
            inventory=GrpcInventory(inventory_address),
        )
        credentials_port = await credentials.start()
    async with (
        grpc.aio.insecure_channel(inventory_address) as inventory_channel,
        grpc.aio.insecure_channel(wallet_address) as wallet_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{credentials_port}") as credentials_channel,
    ):
        inventory_stub = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
        await inventory_stub.ImportNumbers(
            inventory_pb2.ImportNumbersRequest(numbers=[to_proto(s) for s in demo_numbers(40)])
        )
        page = await inventory_stub.SearchAvailableNumbers(
            inventory_pb2.SearchAvailableNumbersRequest(
                number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=30
            )
        )
        stack = RenewalStack(
            database_url=database_url,
            nats_url=nats_url,
            clock=clock,
            wallet_address=wallet_address,
            inventory_address=inventory_address,
            inventory=inventory_stub,
            wallet=wallet_pb2_grpc.WalletServiceStub(wallet_channel),
            credentials=credentials_pb2_grpc.CredentialsServiceStub(credentials_channel),
            numbers=[n.id for n in page.numbers],
            main_inventory=inventory,
        )
        try:
            yield stack
        finally:
            for channel in stack._channels:
                await channel.close()
            for extra in stack._extra:
                await extra.stop()
            if credentials is not None:
                await credentials.stop()
            await inventory.stop()
            await wallet_client.close()
            await wallet.stop()


def ledger_integrity_problems(database_url: str) -> list[str]:
    """Every wallet's balance equals the sum of its ledger entries and is not negative; no
    entry belongs to a workspace without a wallet. Returns what is wrong (empty: all good)."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """
            SELECT coalesce(w.workspace_id, e.workspace_id) AS workspace_id,
                   w.balance_minor, coalesce(e.total, 0) AS entries_total
            FROM wallet.wallets w
            FULL JOIN (
                SELECT workspace_id, sum(amount_minor) AS total
                FROM wallet.ledger_entries GROUP BY workspace_id
            ) e ON e.workspace_id = w.workspace_id
            WHERE w.workspace_id IS NULL
               OR w.balance_minor < 0
               OR w.balance_minor <> coalesce(e.total, 0)
            """
        ).fetchall()
    return [
        f"workspace {workspace}: balance {balance} vs entries {total}"
        for workspace, balance, total in rows
    ]
