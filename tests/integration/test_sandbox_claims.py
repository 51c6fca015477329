"""The test pool's magic pending number between the real inventory and wallet services (real
PostgreSQL and NATS): its claim answers claim_pending until the inventory's clock has moved
past the documented delay, then the same Idempotency-Key gets the number, charged once to the
sandbox wallet. Time is moved, never waited for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import grpc
import pytest

from platform_common.errors import RemoteError
from platform_common.ids import new_id_str
from platform_common.timestamps import utc_now
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.inventory.claims import ClaimSettings
from services.inventory.main import create_service as create_inventory
from services.inventory.sandbox import PENDING_SETTLES_AFTER, MagicClaim
from services.inventory.wallet_client import GrpcWallet
from services.wallet.main import create_service as create_wallet
from services.wallet.sandbox import TEST_OPENING_BALANCE_MINOR

# A long hold: only the retry, never the sweeper, may settle the claim during the test.
HOLD = ClaimSettings(hold_seconds=300.0, settle_grace_seconds=1.0, sweep_interval_seconds=0.2)


@dataclass
class MovableClock:
    instant: datetime = field(default_factory=utc_now)

    def now(self) -> datetime:
        return self.instant


async def test_the_magic_pending_number_settles_once_the_clock_moves(
    database_url: str, nats_url: str
) -> None:
    clock = MovableClock()
    wallet_service = create_wallet(database_url=database_url, nats_url=nats_url)
    wallet_port = await wallet_service.start()
    inventory_service = create_inventory(
        database_url=database_url,
        nats_url=nats_url,
        wallet=GrpcWallet(f"127.0.0.1:{wallet_port}"),
        claim_settings=HOLD,
        clock=clock,
        trial_scheduler=False,
    )
    inventory_port = await inventory_service.start()
    sandbox = new_id_str()
    try:
        async with (
            grpc.aio.insecure_channel(f"127.0.0.1:{inventory_port}") as inventory_channel,
            grpc.aio.insecure_channel(f"127.0.0.1:{wallet_port}") as wallet_channel,
        ):
            inventory = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
            wallet = wallet_pb2_grpc.WalletServiceStub(wallet_channel)
            page = await inventory.SearchAvailableNumbers(
                inventory_pb2.SearchAvailableNumbersRequest(
                    starts_with=MagicClaim.PENDING.value, livemode=False
                )
            )
            [number] = page.numbers
            assert (number.e164, number.livemode) == (MagicClaim.PENDING.value, False)
            clock.instant = utc_now()
            claim = inventory_pb2.ClaimNumberRequest(
                workspace_id=sandbox, number_id=number.id, idempotency_key="k1", livemode=False
            )

            async def claim_error() -> RemoteError:
                with pytest.raises(grpc.aio.AioRpcError) as raised:
                    await inventory.ClaimNumber(claim)
                return RemoteError.from_rpc_error(raised.value)

            for _ in range(2):  # the first answer, and a retry before the delay has passed
                error = await claim_error()
                assert (error.status, error.reason) == (
                    grpc.StatusCode.UNAVAILABLE,
                    "claim_pending",
                )
            # The delay runs from the reservation (stamped by the database, whose clock this
            # machine shares): a second short of it, still pending; a second past it, settled.
            clock.instant += PENDING_SETTLES_AFTER - timedelta(seconds=1)
            assert (await claim_error()).reason == "claim_pending"

            clock.instant += timedelta(seconds=2)
            held = (await inventory.ClaimNumber(claim)).tenant_number
            again = (await inventory.ClaimNumber(claim)).tenant_number
            assert (held.e164, held.workspace_id, held.livemode) == (number.e164, sandbox, False)
            assert again.id == held.id

            balance = (
                await wallet.GetWallet(
                    wallet_pb2.GetWalletRequest(workspace_id=sandbox, livemode=False)
                )
            ).wallet.balance_minor
            assert balance == TEST_OPENING_BALANCE_MINOR - number.monthly_price_minor
    finally:
        await inventory_service.stop()
        await wallet_service.stop()
