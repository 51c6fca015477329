"""Composition root of the wallet service: `python -m services.wallet.main [migrate]`."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.grpc_server import GrpcService
from platform_common.timestamps import utc_now
from sautikit.wallet.v1 import topups_pb2, topups_pb2_grpc, wallet_pb2, wallet_pb2_grpc
from services.wallet import repository
from services.wallet.servicer import WalletServicer
from services.wallet.topups.daraja import DarajaClient
from services.wallet.topups.reconciler import TopupReconciler
from services.wallet.topups.servicer import TopupServicer
from services.wallet.topups.settings import TopupSettings

MIGRATIONS = Path(__file__).parent / "migrations"

BackgroundJob = Callable[[], Awaitable[None]]


def register(
    server: grpc.aio.Server,
    parts: ServiceParts,
    *,
    topup_settings: TopupSettings | None,
    clock: Callable[[], datetime],
    on_reconciler: Callable[[TopupReconciler], None] | None = None,
) -> list[str]:
    wallet_pb2_grpc.add_WalletServiceServicer_to_server(WalletServicer(parts.new_uow), server)
    daraja: DarajaClient | None = None
    reconciler: TopupReconciler | None = None
    if topup_settings is not None:
        daraja = DarajaClient(topup_settings.daraja, clock=clock)
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
) -> GrpcService:
    """Wires the wallet service; tests call this with their own URLs, port 0, their own
    Daraja settings and clock, and may take hold of the reconciler to run passes themselves."""
    return compose_service(
        name="wallet",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=functools.partial(
            register, topup_settings=topup_settings, clock=clock, on_reconciler=on_reconciler
        ),
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
