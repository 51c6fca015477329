"""Composition root of the wallet service: `python -m services.wallet.main [migrate]`."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.config import service_address
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory, InventoryPort
from platform_common.timestamps import utc_now
from sautikit.wallet.v1 import (
    test_mode_pb2,
    test_mode_pb2_grpc,
    topups_pb2,
    topups_pb2_grpc,
    usage_pb2,
    usage_pb2_grpc,
    wallet_pb2,
    wallet_pb2_grpc,
)
from services.wallet import repository
from services.wallet.servicer import WalletServicer
from services.wallet.test_mode.purge import start_balance_from_env
from services.wallet.test_mode.servicer import TestModeServicer
from services.wallet.topups.daraja import DarajaClient
from services.wallet.topups.daraja_modes import DarajaByMode
from services.wallet.topups.reconciler import TopupReconciler
from services.wallet.topups.servicer import TopupServicer
from services.wallet.topups.settings import TopupSettings
from services.wallet.usage.consumers import build_subscriptions
from services.wallet.usage.expiry import ReservationExpiry
from services.wallet.usage.servicer import UsageServicer
from services.wallet.usage.settings import UsageSettings

MIGRATIONS = Path(__file__).parent / "migrations"

BackgroundJob = Callable[[], Awaitable[None]]


def register(
    server: grpc.aio.Server,
    parts: ServiceParts,
    *,
    topup_settings: TopupSettings | None,
    clock: Callable[[], datetime],
    usage_settings: UsageSettings,
    on_reconciler: Callable[[TopupReconciler], None] | None = None,
    on_expiry: Callable[[ReservationExpiry], None] | None = None,
) -> list[str]:
    wallet_pb2_grpc.add_WalletServiceServicer_to_server(WalletServicer(parts.new_uow), server)
    test_mode_pb2_grpc.add_TestModeServiceServicer_to_server(
        TestModeServicer(new_uow=parts.new_uow, start_balance_minor=start_balance_from_env()),
        server,
    )
    usage_pb2_grpc.add_UsageServiceServicer_to_server(
        UsageServicer(parts.new_uow, settings=usage_settings, clock=clock), server
    )
    expiry = ReservationExpiry(new_uow=parts.new_uow, settings=usage_settings, clock=clock)
    parts.background.append(expiry.run)
    if on_expiry is not None:
        on_expiry(expiry)
    daraja: DarajaByMode | None = None
    reconciler: TopupReconciler | None = None
    if topup_settings is not None:
        test_config = topup_settings.test_daraja
        daraja = DarajaByMode(
            live=DarajaClient(topup_settings.daraja, clock=clock),
            test=DarajaClient(test_config, clock=clock) if test_config else None,
        )
        reconciler = TopupReconciler(
            new_uow=parts.new_uow, daraja=daraja, settings=topup_settings, clock=clock
        )
        parts.background.append(functools.partial(_reconcile_until_cancelled, reconciler))
        if on_reconciler is not None:
            on_reconciler(reconciler)
    topups_pb2_grpc.add_TopupServiceServicer_to_server(
        TopupServicer(
            new_uow=parts.new_uow,
            clock=clock,
            settings=topup_settings,
            daraja=daraja,
            reconciler=reconciler,
        ),
        server,
    )
    return [
        wallet_pb2.DESCRIPTOR.services_by_name["WalletService"].full_name,
        topups_pb2.DESCRIPTOR.services_by_name["TopupService"].full_name,
        usage_pb2.DESCRIPTOR.services_by_name["UsageService"].full_name,
        test_mode_pb2.DESCRIPTOR.services_by_name["TestModeService"].full_name,
    ]


async def _reconcile_until_cancelled(reconciler: TopupReconciler) -> None:
    try:
        await reconciler.run()
    finally:
        await reconciler.cancel_confirmations()
        await reconciler.daraja.close()


def create_service(
    *,
    database_url: str,
    nats_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    topup_settings: TopupSettings | None = None,
    clock: Callable[[], datetime] = utc_now,
    on_reconciler: Callable[[TopupReconciler], None] | None = None,
    usage_settings: UsageSettings | None = None,
    inventory: InventoryPort | None = None,
    on_expiry: Callable[[ReservationExpiry], None] | None = None,
) -> GrpcService:
    """Wires the wallet service; tests call this with their own URLs, port 0, their own
    Daraja and call-billing settings, inventory and clock, and may take hold of the
    reconciler and the reservation expiry job to run passes themselves."""
    usage = usage_settings or UsageSettings.from_env()
    inventory_port = inventory or GrpcInventory(
        service_address("inventory"), timeout_seconds=usage.inventory_timeout_seconds
    )
    return compose_service(
        name="wallet",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=functools.partial(
            register,
            topup_settings=topup_settings,
            clock=clock,
            usage_settings=usage,
            on_reconciler=on_reconciler,
            on_expiry=on_expiry,
        ),
        subscriptions=build_subscriptions(settings=usage, clock=clock, inventory=inventory_port),
        host=host,
        port=port,
    )


def main() -> None:
    run_service_main(
        name="wallet",
        migrations_dir=MIGRATIONS,
        create_service=functools.partial(create_service, topup_settings=TopupSettings.from_env()),
    )


if __name__ == "__main__":
    main()
