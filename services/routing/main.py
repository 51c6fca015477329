"""Composition root of the routing service: `python -m services.routing.main [migrate]`."""

from __future__ import annotations

import sys
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.grpc_server import GrpcService
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from services.routing import repository
from services.routing.consumers import SUBSCRIPTIONS
from services.routing.deliveries.settings import require_secret_keys
from services.routing.deliveries.wiring import OutboundEdge
from services.routing.servicer import RoutingServicer

MIGRATIONS = Path(__file__).parent / "migrations"


def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
    routing_pb2_grpc.add_RoutingServiceServicer_to_server(RoutingServicer(parts.new_uow), server)
    return [routing_pb2.DESCRIPTOR.services_by_name["RoutingService"].full_name]


def create_service(
    *,
    database_url: str,
    nats_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    outbound: OutboundEdge | None = None,
) -> GrpcService:
    """Wires the routing service; tests call this with their own URLs and port 0."""
    edge = outbound or OutboundEdge()

    def register_with_edge(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
        return [*register(server, parts), *edge.register(server, parts)]

    service = compose_service(
        name="routing",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register_with_edge,
        subscriptions=SUBSCRIPTIONS,
        host=host,
        port=port,
    )
    service.on_stop.append(edge.close)
    return service


def main() -> None:
    if sys.argv[1:2] != ["migrate"]:
        require_secret_keys()
    run_service_main(name="routing", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
