"""Composition root of the wallet service: `python -m services.wallet.main [migrate]`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.grpc_server import GrpcService
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.wallet import repository
from services.wallet.servicer import WalletServicer

MIGRATIONS = Path(__file__).parent / "migrations"

BackgroundJob = Callable[[], Awaitable[None]]


def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
    wallet_pb2_grpc.add_WalletServiceServicer_to_server(WalletServicer(parts.new_uow), server)
    return [wallet_pb2.DESCRIPTOR.services_by_name["WalletService"].full_name]


def create_service(
    *, database_url: str, nats_url: str, host: str = "127.0.0.1", port: int = 0
) -> GrpcService:
    """Wires the wallet service; tests call this with their own URLs and port 0."""
    return compose_service(
        name="wallet",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register,
        host=host,
        port=port,
    )


def main() -> None:
    run_service_main(name="wallet", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
