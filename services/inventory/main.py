"""Composition root of the inventory service: `python -m services.inventory.main [migrate]`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import grpc

from platform_common.config import ServiceSettings
from platform_common.db import create_engine
from platform_common.grpc_server import GrpcService
from platform_common.logs import configure_logging
from platform_common.migrations import upgrade
from platform_common.nats_link import NatsLink
from platform_common.outbox import OutboxRelay
from platform_common.uow import unit_of_work_factory
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.inventory import repository
from services.inventory.servicer import InventoryServicer

MIGRATIONS = Path(__file__).parent / "migrations"
SOURCE = "sautikit/inventory"


def create_service(
    *, database_url: str, nats_url: str, host: str = "127.0.0.1", port: int = 0
) -> GrpcService:
    """Wires the inventory service from its dependencies; tests call this with their own URLs."""
    engine = create_engine(database_url)
    nats = NatsLink(nats_url, name="inventory")
    # Nothing emits events yet; the relay is wired now so the claim saga's events need no
    # change here.
    relay = OutboxRelay(engine=engine, table=repository.outbox, nats=nats, source=SOURCE)
    new_uow = unit_of_work_factory(engine, repository.outbox, relay)

    def register(server: grpc.aio.Server) -> list[str]:
        inventory_pb2_grpc.add_InventoryServiceServicer_to_server(
            InventoryServicer(new_uow), server
        )
        return [inventory_pb2.DESCRIPTOR.services_by_name["InventoryService"].full_name]

    return GrpcService(
        name="inventory",
        register=register,
        engine=engine,
        nats=nats,
        background=[relay.run],
        host=host,
        port=port,
    )


async def serve(settings: ServiceSettings) -> None:
    """Serves until SIGTERM. The service is built here, inside the running loop: grpc.aio
    binds its server to the loop that is current when the server is created."""
    service = create_service(
        database_url=settings.database_url,
        nats_url=settings.nats_url,
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    service.shutdown_grace_seconds = settings.shutdown_grace_seconds
    await service.run_until_signalled(
        metrics_host=settings.metrics_host, metrics_port=settings.metrics_port
    )


def main() -> None:
    settings = ServiceSettings.from_env("inventory")
    configure_logging("inventory", settings.log_level)
    if sys.argv[1:2] == ["migrate"]:
        upgrade(MIGRATIONS, settings.database_url)
        return
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
