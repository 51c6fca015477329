"""Composition root of the routing service: `python -m services.routing.main [serve|migrate]`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import grpc

from platform_common.config import ServiceSettings
from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.grpc_server import GrpcService
from platform_common.logs import configure_logging
from platform_common.migrations import upgrade
from platform_common.nats_link import NatsLink
from platform_common.outbox import OutboxRelay
from platform_common.uow import unit_of_work_factory
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from services.routing import repository
from services.routing.consumers import SUBSCRIPTIONS
from services.routing.servicer import RoutingServicer

MIGRATIONS = Path(__file__).parent / "migrations"
SOURCE = "sautikit/routing"


def create_service(*, database_url: str, nats_url: str, host: str = "127.0.0.1", port: int = 0) -> GrpcService:
    """Wires the routing service from its dependencies; tests call this with their own URLs."""
    engine = create_engine(database_url)
    nats = NatsLink(nats_url, name="routing")
    relay = OutboxRelay(engine=engine, table=repository.outbox, nats=nats, source=SOURCE)
    new_uow = unit_of_work_factory(engine, repository.outbox, relay)
    consumers = [
        EventConsumer(
            nats=nats,
            new_uow=new_uow,
            processed=repository.processed_events,
            durable=durable,
            subject=subject,
            handler=handler,
        )
        for durable, (subject, handler) in SUBSCRIPTIONS.items()
    ]

    def register(server: grpc.aio.Server) -> list[str]:
        routing_pb2_grpc.add_RoutingServiceServicer_to_server(RoutingServicer(new_uow), server)
        return [routing_pb2.DESCRIPTOR.services_by_name["RoutingService"].full_name]

    return GrpcService(
        name="routing",
        register=register,
        engine=engine,
        nats=nats,
        background=[relay.run, *(c.run for c in consumers)],
        host=host,
        port=port,
    )


def main() -> None:
    settings = ServiceSettings.from_env("routing")
    configure_logging("routing", settings.log_level)
    if sys.argv[1:2] == ["migrate"]:
        upgrade(MIGRATIONS, settings.database_url)
        return
    service = create_service(
        database_url=settings.database_url,
        nats_url=settings.nats_url,
        host=settings.grpc_host,
        port=settings.grpc_port,
    )
    service.shutdown_grace_seconds = settings.shutdown_grace_seconds
    asyncio.run(
        service.run_until_signalled(
            metrics_host=settings.metrics_host, metrics_port=settings.metrics_port
        )
    )


if __name__ == "__main__":
    main()
