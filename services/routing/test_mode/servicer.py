"""gRPC edge of routing's TestModeService: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc
import phonenumbers

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import require_uuid
from platform_common.inventory_numbers import InventoryPort
from platform_common.uow import UnitOfWorkFactory
from sautikit.routing.v1 import test_mode_pb2, test_mode_pb2_grpc
from services.routing.deliveries.clock import Clock
from services.routing.test_mode import purge, usecases
from services.routing.test_mode.domain import MAX_DURATION_SECONDS, Outcome
from services.routing.test_mode.wallet_client import CallAuthorizerPort

OUTCOME = test_mode_pb2.SimulatedCallOutcome
OUTCOMES = {
    OUTCOME.SIMULATED_CALL_OUTCOME_COMPLETED: Outcome.COMPLETED,
    OUTCOME.SIMULATED_CALL_OUTCOME_FAILED: Outcome.FAILED,
    OUTCOME.SIMULATED_CALL_OUTCOME_NO_ANSWER: Outcome.NO_ANSWER,
}


def _e164(value: str) -> bool:
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return False
    return value.startswith("+") and phonenumbers.is_possible_number(parsed)


def _request_in(request: test_mode_pb2.SimulateCallRequest) -> usecases.CallRequest:
    violations = []
    for name in ("to_number", "from_number"):
        if not _e164(getattr(request, name)):
            violations.append(FieldViolation(name, "must be an E.164 number (+254...)"))
    outcome = OUTCOMES.get(request.outcome)
    if outcome is None:
        violations.append(FieldViolation("outcome", "must be completed, failed or no-answer"))
    if not 0 <= request.duration_seconds <= MAX_DURATION_SECONDS:
        violations.append(
            FieldViolation("duration_seconds", f"must be between 0 and {MAX_DURATION_SECONDS}")
        )
    workspace_id = require_uuid(request.workspace_id, "workspace_id")
    if violations:
        raise InvalidArgument(
            "; ".join(f"{v.field} {v.description}" for v in violations), violations=violations
        )
    assert outcome is not None
    return usecases.CallRequest(
        workspace_id=workspace_id,
        to_number=request.to_number,
        from_number=request.from_number,
        outcome=outcome,
        recording=request.recording,
        duration_seconds=request.duration_seconds,
    )


class TestModeServicer(test_mode_pb2_grpc.TestModeServiceServicer):
    def __init__(
        self,
        *,
        new_uow: UnitOfWorkFactory,
        authorizer: CallAuthorizerPort,
        invoke_voice_callback: usecases.VoiceCallbackInvoker,
        clock: Clock,
        inventory: InventoryPort,
    ) -> None:
        self.new_uow = new_uow
        self.inventory = inventory
        self.authorizer = authorizer
        self.invoke_voice_callback = invoke_voice_callback
        self.clock = clock

    async def SimulateCall(
        self, request: test_mode_pb2.SimulateCallRequest, context: grpc.aio.ServicerContext
    ) -> test_mode_pb2.SimulateCallResponse:
        result = await usecases.simulate_call(
            new_uow=self.new_uow,
            inventory=self.inventory,
            authorizer=self.authorizer,
            invoke_voice_callback=self.invoke_voice_callback,
            clock=self.clock,
            request=_request_in(request),
        )
        reply = test_mode_pb2.SimulateCallResponse(
            call_id=result.call_id,
            tenant_number_id=str(result.tenant_number_id),
            events=result.event_types,
            authorized=result.authorization.allowed,
            refusal_reason=result.authorization.refusal_reason,  # type: ignore[arg-type]
            voice_callback_invoked=result.voice_callback is not None,
        )
        if result.voice_callback is not None:
            reply.voice_callback.CopyFrom(result.voice_callback)
        return reply

    async def PurgeSandbox(
        self, request: test_mode_pb2.PurgeSandboxRequest, context: grpc.aio.ServicerContext
    ) -> test_mode_pb2.PurgeSandboxResponse:
        purged = await purge.purge_sandbox(
            new_uow=self.new_uow,
            inventory=self.inventory,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
        )
        return test_mode_pb2.PurgeSandboxResponse(purged=purged)
