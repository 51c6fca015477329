"""gRPC edge of workspace callbacks (WorkspaceCallbackService)."""

from __future__ import annotations

import grpc

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import require_uuid
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.routing.v1 import callbacks_pb2, callbacks_pb2_grpc, deliveries_pb2
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.servicer import STATUS_FROM_PROTO, delivery_proto
from services.routing.usecases import UrlPolicy
from services.routing.workspace_callbacks import usecases
from services.routing.workspace_callbacks.usecases import WorkspaceCallback

MAX_URL = 2048


def _message(found: WorkspaceCallback) -> callbacks_pb2.WorkspaceCallback:
    return callbacks_pb2.WorkspaceCallback(
        workspace_id=str(found.workspace_id),
        callback_url=found.callback_url,
        updated_at=to_timestamp(found.updated_at),
    )


class WorkspaceCallbackServicer(callbacks_pb2_grpc.WorkspaceCallbackServiceServicer):
    def __init__(self, *, new_uow: UnitOfWorkFactory, policy: UrlPolicy, clock: Clock) -> None:
        self.new_uow = new_uow
        self.policy = policy
        self.clock = clock

    async def SetWorkspaceCallback(
        self, request: callbacks_pb2.SetWorkspaceCallbackRequest, context: grpc.aio.ServicerContext
    ) -> callbacks_pb2.SetWorkspaceCallbackResponse:
        if not request.callback_url or len(request.callback_url) > MAX_URL:
            raise InvalidArgument(
                "callback_url is required (at most 2048 characters)",
                violations=[FieldViolation("callback_url", "must be 1 to 2048 characters")],
            )
        found = await usecases.set_callback(
            uow=self.new_uow(),
            policy=self.policy,
            clock=self.clock,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            url=request.callback_url,
        )
        return callbacks_pb2.SetWorkspaceCallbackResponse(callback=_message(found))

    async def GetWorkspaceCallback(
        self, request: callbacks_pb2.GetWorkspaceCallbackRequest, context: grpc.aio.ServicerContext
    ) -> callbacks_pb2.GetWorkspaceCallbackResponse:
        found = await usecases.get_callback(
            uow=self.new_uow(), workspace_id=require_uuid(request.workspace_id, "workspace_id")
        )
        return callbacks_pb2.GetWorkspaceCallbackResponse(callback=_message(found))

    async def DeleteWorkspaceCallback(
        self,
        request: callbacks_pb2.DeleteWorkspaceCallbackRequest,
        context: grpc.aio.ServicerContext,
    ) -> callbacks_pb2.DeleteWorkspaceCallbackResponse:
        await usecases.delete_callback(
            uow=self.new_uow(), workspace_id=require_uuid(request.workspace_id, "workspace_id")
        )
        return callbacks_pb2.DeleteWorkspaceCallbackResponse()

    async def ListWorkspaceCallbackDeliveries(
        self,
        request: callbacks_pb2.ListWorkspaceCallbackDeliveriesRequest,
        context: grpc.aio.ServicerContext,
    ) -> callbacks_pb2.ListWorkspaceCallbackDeliveriesResponse:
        if request.status and request.status not in STATUS_FROM_PROTO:
            raise InvalidArgument(
                "status is not a known value",
                violations=[FieldViolation("status", "must be one of the documented values")],
            )
        if not 0 <= request.limit <= 100:
            raise InvalidArgument(
                "limit must be between 1 and 100",
                violations=[FieldViolation("limit", "must be between 1 and 100")],
            )
        page = await usecases.list_deliveries(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            status=STATUS_FROM_PROTO.get(request.status)
            if request.status != deliveries_pb2.DELIVERY_STATUS_UNSPECIFIED
            else None,
            limit=request.limit,
            cursor=request.cursor,
        )
        return callbacks_pb2.ListWorkspaceCallbackDeliveriesResponse(
            deliveries=[
                delivery_proto(row, page.attempts[row["id"]])  # type: ignore[index]
                for row in page.deliveries
            ],
            next_cursor=page.next_cursor,
        )
