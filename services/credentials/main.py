"""Composition root of the credentials service: `python -m services.credentials.main [migrate]`."""

from __future__ import annotations

from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.grpc_server import GrpcService
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from services.credentials import repository
from services.credentials.servicer import CredentialsServicer

MIGRATIONS = Path(__file__).parent / "migrations"


def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
    credentials_pb2_grpc.add_CredentialsServiceServicer_to_server(
        CredentialsServicer(parts.new_uow), server
    )
    return [credentials_pb2.DESCRIPTOR.services_by_name["CredentialsService"].full_name]


def create_service(
    *, database_url: str, nats_url: str, host: str = "127.0.0.1", port: int = 0
) -> GrpcService:
    """Wires the credentials service; tests call this with their own URLs and port 0."""
    return compose_service(
        name="credentials",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register,
        host=host,
        port=port,
    )


def main() -> None:
    run_service_main(name="credentials", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
