"""How workspace callbacks plug into the routing service: the servicer, and a numbers-event
consumer feeding the delivery worker the outbound edge already runs (one worker, one log)."""

from __future__ import annotations

import grpc

from platform_common.composition import ServiceParts
from sautikit.routing.v1 import callbacks_pb2, callbacks_pb2_grpc
from services.routing.deliveries.wiring import OutboundEdge
from services.routing.usecases import UrlPolicy
from services.routing.workspace_callbacks.consumer import NumbersCallbackConsumer
from services.routing.workspace_callbacks.servicer import WorkspaceCallbackServicer


def register_workspace_callbacks(
    server: grpc.aio.Server, parts: ServiceParts, *, edge: OutboundEdge, policy: UrlPolicy
) -> list[str]:
    """Call after edge.register (it builds the worker this wakes)."""
    assert edge.worker is not None
    consumer = NumbersCallbackConsumer(
        nats=parts.nats,
        new_uow=parts.new_uow,
        clock=edge.clock,
        retry=edge.settings.retry,
        on_recorded=edge.worker.wake,
    )
    parts.background.append(consumer.run)
    callbacks_pb2_grpc.add_WorkspaceCallbackServiceServicer_to_server(
        WorkspaceCallbackServicer(new_uow=parts.new_uow, policy=policy, clock=edge.clock),
        server,
    )
    return [callbacks_pb2.DESCRIPTOR.services_by_name["WorkspaceCallbackService"].full_name]
