"""The top-up path with every part real and on loopback: PostgreSQL, NATS, the wallet's gRPC
server (with its reconciler), the gateway under uvicorn, and the Daraja simulator, which calls
the gateway back over HTTP. Time-driven behaviour reads one `MovableClock`."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from devstack.daraja_simulator import DarajaSimulator, serving_simulator
from devstack.infra import free_port
from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import create_workspace, serving_http
from platform_common.db import create_engine
from platform_common.timestamps import utc_now
from services.wallet.main import create_service
from services.wallet.repository import ledger_entries, outbox, wallets
from services.wallet.topups.daraja import DarajaConfig
from services.wallet.topups.reconciler import TopupReconciler
from services.wallet.topups.repository import topup_callbacks
from services.wallet.topups.settings import TopupSettings

NOWHERE = "127.0.0.1:1"
CONSUMER_KEY = "test-consumer-key-4d1e"
CONSUMER_SECRET = "test-consumer-secret-9f3a7c"  # grepped for in logs
PASSKEY = "test-passkey-0b5e2d8c6a"


@dataclass
class MovableClock:
    """The one clock of the wallet's time-driven decisions; tests move it."""

    now: datetime = field(default_factory=utc_now)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class TopupHarness:
    http: httpx.AsyncClient
    gateway_url: str
    simulator: DarajaSimulator
    clock: MovableClock
    reconciler: TopupReconciler
    settings: TopupSettings
    db: AsyncEngine
    workspace_id: str
    headers: dict[str, str]
    other_headers: dict[str, str]

    async def start(self, amount_minor: int, phone: str, **headers: str) -> httpx.Response:
        return await self.http.post(
            "/v1/wallet/topups",
            json={"amount_minor": amount_minor, "phone": phone},
            headers={**self.headers, **headers},
        )

    async def topup(self, topup_id: str) -> dict[str, Any]:
        response = await self.http.get(f"/v1/wallet/topups/{topup_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def settled(self, topup_id: str) -> dict[str, Any]:
        """Waits for the simulator's callbacks and the confirmations they triggered."""
        await self.simulator.drain()
        await self.reconciler.drain()
        return await self.topup(topup_id)

    async def balance(self) -> int:
        async with self.db.connect() as conn:
            found = await conn.scalar(
                select(wallets.c.balance_minor).where(
                    wallets.c.workspace_id == uuid.UUID(self.workspace_id)
                )
            )
        return int(found or 0)

    async def topup_entries(self) -> int:
        async with self.db.connect() as conn:
            return int(
                await conn.scalar(
                    select(func.count()).where(
                        ledger_entries.c.workspace_id == uuid.UUID(self.workspace_id),
                        ledger_entries.c.entry_type == "topup",
                    )
                )
                or 0
            )

    async def credited_events(self) -> int:
        async with self.db.connect() as conn:
            return int(
                await conn.scalar(
                    select(func.count()).where(outbox.c.ce_type == "sautikit.wallet.credited.v1")
                )
                or 0
            )

    async def callbacks_recorded(self) -> int:
        async with self.db.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(topup_callbacks)) or 0)

    def callback_url(self, checkout_request_id: str) -> str:
        return self.simulator.payments[checkout_request_id].callback_url


def daraja_simulator() -> DarajaSimulator:
    """A Daraja simulator with the credentials topup_settings() uses."""
    return DarajaSimulator(
        consumer_key=CONSUMER_KEY,
        consumer_secret=CONSUMER_SECRET,
        passkey=PASSKEY,
        callback_delay_seconds=0.05,
    )


def topup_settings(daraja_url: str, gateway_url: str, **overrides: Any) -> TopupSettings:
    return TopupSettings(
        daraja=DarajaConfig(
            base_url=daraja_url,
            consumer_key=CONSUMER_KEY,
            consumer_secret=CONSUMER_SECRET,
            shortcode="174379",
            passkey=PASSKEY,
            timeout_seconds=5.0,
        ),
        public_base_url=gateway_url,
        # The background loop runs one pass at start; tests run the others themselves.
        reconcile_interval_seconds=3600.0,
        **overrides,
    )


@contextlib.asynccontextmanager
async def topup_platform(
    database_url: str, nats_url: str, *, daraja_url: str | None = None, **overrides: Any
) -> AsyncIterator[TopupHarness]:
    simulator = DarajaSimulator(
        consumer_key=CONSUMER_KEY,
        consumer_secret=CONSUMER_SECRET,
        passkey=PASSKEY,
        callback_delay_seconds=0.05,
    )
    clock = MovableClock()
    wallet_port = free_port()
    gateway_settings = GatewaySettings(
        database_url=database_url,
        nats_url=nats_url,
        inventory_addr=NOWHERE,
        wallet_addr=f"127.0.0.1:{wallet_port}",
        credentials_addr=NOWHERE,
        routing_addr=NOWHERE,
    )
    mine = await create_workspace(database_url, name="Top-up tests")
    other = await create_workspace(database_url, name="Someone else")
    async with (
        serving_simulator(simulator) as simulator_url,
        serving_http(create_app(gateway_settings)) as gateway_url,
    ):
        settings = topup_settings(daraja_url or simulator_url, gateway_url, **overrides)
        captured: list[TopupReconciler] = []
        service = create_service(
            database_url=database_url,
            nats_url=nats_url,
            port=wallet_port,
            topup_settings=settings,
            clock=clock,
            on_reconciler=captured.append,
        )
        await service.start()
        db = create_engine(database_url)
        try:
            async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as http:
                yield TopupHarness(
                    http=http,
                    gateway_url=gateway_url,
                    simulator=simulator,
                    clock=clock,
                    reconciler=captured[0],
                    settings=settings,
                    db=db,
                    workspace_id=str(mine.workspace.id),
                    headers={"Authorization": f"Bearer {mine.api_key.key}"},
                    other_headers={"Authorization": f"Bearer {other.api_key.key}"},
                )
        finally:
            await simulator.drain()
            await captured[0].drain()
            await service.stop()
            await db.dispose()
