"""gRPC edge of the routing context: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc

from platform_common.ids import require_uuid
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from services.routing import usecases


class RoutingServicer(routing_pb2_grpc.RoutingServiceServicer):
    def __init__(self, new_uow: UnitOfWorkFactory) -> None:
        self.new_uow = new_uow

    async def GetRouting(
        self, request: routing_pb2.GetRoutingRequest, context: grpc.aio.ServicerContext
    ) -> routing_pb2.GetRoutingResponse:
        found = await usecases.get_routing(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
        )
        return routing_pb2.GetRoutingResponse(
            routing=routing_pb2.Routing(
                tenant_number_id=str(found.tenant_number_id),
                workspace_id=str(found.workspace_id),
                e164=found.e164,
                voice_callback_url=found.voice_callback_url or "",
                events_url=found.events_url or "",
                updated_at=to_timestamp(found.updated_at),
            )
        )
