"""Composition root of the credentials service: `python -m services.credentials.main [migrate]`."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory, InventoryPort
from platform_common.passwords import PasswordHashing
from sautikit.credentials.v1 import (
    credentials_pb2,
    credentials_pb2_grpc,
    test_mode_pb2,
    test_mode_pb2_grpc,
)
from services.credentials import repository, usecases
from services.credentials.consumers import build_subscriptions
from services.credentials.servicer import CredentialsServicer
from services.credentials.settings import CredentialsSettings, inventory_address
from services.credentials.test_mode.servicer import TestModeServicer

MIGRATIONS = Path(__file__).parent / "migrations"

log = logging.getLogger(__name__)


def create_service(
    *,
    database_url: str,
    nats_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    settings: CredentialsSettings | None = None,
    inventory: InventoryPort | None = None,
) -> GrpcService:
    """Wires the credentials service; tests pass their own URLs, settings and inventory."""
    config = settings or CredentialsSettings.from_env()
    inventory_port = inventory or GrpcInventory(
        inventory_address(), timeout_seconds=config.inventory_timeout_seconds
    )
    hashing = PasswordHashing(config.hash_parameters, workers=config.hash_workers)

    def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
        credentials_pb2_grpc.add_CredentialsServiceServicer_to_server(
            CredentialsServicer(
                parts.new_uow,
                # Verification runs single statements; see verification.py.
                autocommit=parts.engine.execution_options(isolation_level="AUTOCOMMIT"),
                hashing=hashing,
                inventory=inventory_port,
                settings=config,
            ),
            server,
        )

        async def tidy_forever() -> None:
            while True:
                await asyncio.sleep(config.maintenance_interval_seconds)
                dropped, forgotten = await usecases.tidy_up(
                    uow=parts.new_uow(), throttle=config.throttle
                )
                if dropped or forgotten:
                    log.info(
                        "tidied up",
                        extra={"expired_previous_hashes": dropped, "forgotten_failures": forgotten},
                    )

        parts.background.append(tidy_forever)
        test_mode_pb2_grpc.add_TestModeServiceServicer_to_server(
            TestModeServicer(new_uow=parts.new_uow), server
        )
        return [
            credentials_pb2.DESCRIPTOR.services_by_name["CredentialsService"].full_name,
            test_mode_pb2.DESCRIPTOR.services_by_name["TestModeService"].full_name,
        ]

    service = compose_service(
        name="credentials",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register,
        subscriptions=build_subscriptions(inventory_port),
        host=host,
        port=port,
    )
    service.on_stop.append(hashing.close)
    if isinstance(inventory_port, GrpcInventory):
        service.on_stop.append(inventory_port.close)
    return service


def main() -> None:
    run_service_main(name="credentials", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
