"""How simulated calls plug into the routing composition root: they share the outbound edge's
sender, settings and clock, so the voice callback of a simulated call is exactly a real one."""

from __future__ import annotations

import grpc

from platform_common.composition import ServiceParts
from platform_common.inventory_numbers import InventoryPort
from sautikit.routing.v1 import deliveries_pb2, test_mode_pb2, test_mode_pb2_grpc
from services.routing.callbacks.invoke import invoke_voice_callback
from services.routing.deliveries.wiring import OutboundEdge
from services.routing.test_mode.servicer import TestModeServicer
from services.routing.test_mode.wallet_client import CallAuthorizerPort


def register_test_calls(
    server: grpc.aio.Server,
    parts: ServiceParts,
    *,
    edge: OutboundEdge,
    authorizer: CallAuthorizerPort,
    inventory: InventoryPort,
) -> list[str]:
    """Adds routing's TestModeService; call after edge.register (it needs the edge's sender)."""

    async def invoke(
        e164: str, step: deliveries_pb2.CallStep
    ) -> deliveries_pb2.InvokeVoiceCallbackResponse:
        assert edge.sender is not None
        invocation = await invoke_voice_callback(
            engine=parts.engine,
            sender=edge.sender,
            settings=edge.settings,
            clock=edge.clock,
            e164=e164,
            step=step,
        )
        reply = deliveries_pb2.InvokeVoiceCallbackResponse(invocation_id=str(invocation.id))
        if invocation.failure is not None:
            reply.failure.CopyFrom(invocation.failure)
        else:
            reply.actions.actions.extend(invocation.actions)
        return reply

    test_mode_pb2_grpc.add_TestModeServiceServicer_to_server(
        TestModeServicer(
            new_uow=parts.new_uow,
            authorizer=authorizer,
            invoke_voice_callback=invoke,
            clock=edge.clock,
            inventory=inventory,
        ),
        server,
    )
    return [test_mode_pb2.DESCRIPTOR.services_by_name["TestModeService"].full_name]
