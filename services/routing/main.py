"""Composition root of the routing service: `python -m services.routing.main [migrate]`."""

from __future__ import annotations

import sys
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.grpc_server import GrpcService
from platform_common.inventory_numbers import GrpcInventory, InventoryPort
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from services.routing import repository
from services.routing.consumers import build_subscriptions
from services.routing.deliveries.settings import require_secret_keys
from services.routing.deliveries.wiring import OutboundEdge
from services.routing.route_cache import RouteCache
from services.routing.servicer import RoutingServicer
from services.routing.settings import RoutingSettings, inventory_address, wallet_address
from services.routing.test_mode.wallet_client import CallAuthorizerPort, GrpcCallAuthorizer
from services.routing.test_mode.wiring import register_test_calls
from services.routing.url_safety import Resolver, system_resolver
from services.routing.usecases import Route, UrlPolicy
from services.routing.workspace_callbacks.wiring import register_workspace_callbacks

MIGRATIONS = Path(__file__).parent / "migrations"


def create_service(
    *,
    database_url: str,
    nats_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    settings: RoutingSettings | None = None,
    inventory: InventoryPort | None = None,
    resolver: Resolver | None = None,
    outbound: OutboundEdge | None = None,
    authorizer: CallAuthorizerPort | None = None,
) -> GrpcService:
    """Wires the routing service; tests pass their own URLs, settings, inventory and resolver
    (and `outbound`: the delivery side's settings, clock and resolver; `authorizer`: the
    wallet's AuthorizeCall, for test mode's simulated calls)."""
    config = settings or RoutingSettings.from_env()
    inventory_port = inventory or GrpcInventory(
        inventory_address(), timeout_seconds=config.inventory_timeout_seconds
    )
    policy = UrlPolicy(development=config.development, resolver=resolver or system_resolver)
    edge = outbound or OutboundEdge(resolver=resolver or system_resolver)
    routes: RouteCache[Route] = RouteCache(ttl_seconds=config.route_cache_seconds)
    call_authorizer = authorizer or GrpcCallAuthorizer(
        wallet_address(), timeout_seconds=config.inventory_timeout_seconds
    )

    def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
        routing_pb2_grpc.add_RoutingServiceServicer_to_server(
            RoutingServicer(
                parts.new_uow,
                # ResolveRoute reads single statements outside a transaction.
                reads=parts.engine.execution_options(isolation_level="AUTOCOMMIT"),
                inventory=inventory_port,
                policy=policy,
                routes=routes,
            ),
            server,
        )
        names = [routing_pb2.DESCRIPTOR.services_by_name["RoutingService"].full_name]
        names += edge.register(server, parts)
        names += register_test_calls(
            server, parts, edge=edge, authorizer=call_authorizer, inventory=inventory_port
        )
        return [*names, *register_workspace_callbacks(server, parts, edge=edge, policy=policy)]

    service = compose_service(
        name="routing",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register,
        subscriptions=build_subscriptions(inventory_port, changed=routes.forget),
        host=host,
        port=port,
    )
    if isinstance(inventory_port, GrpcInventory):
        service.on_stop.append(inventory_port.close)
    service.on_stop.append(edge.close)
    if isinstance(call_authorizer, GrpcCallAuthorizer):
        service.on_stop.append(call_authorizer.close)
    return service


def main() -> None:
    if sys.argv[1:2] != ["migrate"]:
        require_secret_keys()
    run_service_main(name="routing", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
