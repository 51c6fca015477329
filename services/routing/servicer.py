"""gRPC edge of the routing context: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.ids import require_uuid
from platform_common.inventory_numbers import InventoryPort
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from services.routing import usecases
from services.routing.domain import URL_FIELDS, Refusal
from services.routing.repository import RoutingRow
from services.routing.route_cache import RouteCache
from services.routing.usecases import Route, UrlPolicy

_REFUSALS = {
    Refusal.NONE: routing_pb2.ROUTE_REFUSAL_UNSPECIFIED,
    Refusal.NUMBER_SUSPENDED: routing_pb2.ROUTE_REFUSAL_NUMBER_SUSPENDED,
    Refusal.NUMBER_RELEASED: routing_pb2.ROUTE_REFUSAL_NUMBER_RELEASED,
    Refusal.NUMBER_DISABLED: routing_pb2.ROUTE_REFUSAL_NUMBER_DISABLED,
    Refusal.INBOUND_NOT_ALLOWED: routing_pb2.ROUTE_REFUSAL_INBOUND_NOT_ALLOWED,
    Refusal.TEST_NUMBER_ON_LIVE_EDGE: routing_pb2.ROUTE_REFUSAL_TEST_NUMBER_ON_LIVE_EDGE,
}


def routing_message(found: RoutingRow) -> routing_pb2.Routing:
    return routing_pb2.Routing(
        tenant_number_id=str(found.tenant_number_id),
        workspace_id=str(found.workspace_id),
        e164=found.e164,
        voice_callback_url=found.voice_callback_url or "",
        events_url=found.events_url or "",
        updated_at=to_timestamp(found.updated_at),
    )


class RoutingServicer(routing_pb2_grpc.RoutingServiceServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        *,
        reads: AsyncEngine,
        inventory: InventoryPort,
        policy: UrlPolicy,
        routes: RouteCache[Route],
    ) -> None:
        self.new_uow = new_uow
        self.reads = reads
        self.inventory = inventory
        self.policy = policy
        self.routes = routes

    async def GetRouting(
        self, request: routing_pb2.GetRoutingRequest, context: grpc.aio.ServicerContext
    ) -> routing_pb2.GetRoutingResponse:
        found = await usecases.get_routing(
            uow=self.new_uow(),
            inventory=self.inventory,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
        )
        return routing_pb2.GetRoutingResponse(routing=routing_message(found))

    async def UpdateRouting(
        self, request: routing_pb2.UpdateRoutingRequest, context: grpc.aio.ServicerContext
    ) -> routing_pb2.UpdateRoutingResponse:
        # Present and empty clears the URL; absent leaves it alone.
        changes = {
            field: getattr(request, field) or None
            for field in URL_FIELDS
            if request.HasField(field)
        }
        updated = await usecases.update_routing(
            uow=self.new_uow(),
            inventory=self.inventory,
            policy=self.policy,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
            changes=changes,
        )
        self.routes.forget(updated.e164)
        return routing_pb2.UpdateRoutingResponse(routing=routing_message(updated))

    async def ResolveRoute(
        self, request: routing_pb2.ResolveRouteRequest, context: grpc.aio.ServicerContext
    ) -> routing_pb2.ResolveRouteResponse:
        route = await usecases.resolve_route(reads=self.reads, cache=self.routes, e164=request.e164)
        found = route.routing
        return routing_pb2.ResolveRouteResponse(
            workspace_id=str(found.workspace_id),
            tenant_number_id=str(found.tenant_number_id),
            e164=found.e164,
            voice_callback_url=found.voice_callback_url or "",
            events_url=found.events_url or "",
            allow_inbound=found.allow_inbound,
            allow_outbound=found.allow_outbound,
            may_take_calls=route.may_take_calls,
            refusal=_REFUSALS[route.refusal],
        )
