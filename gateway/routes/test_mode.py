"""Test mode's tools (/v1/test/*), for test keys only: a simulated call, the monthly renewal now,
a trial ended now. To a live key these paths do not exist (404 not_found, as an unknown
path). Each route converts, makes one RPC and converts back; the simulation itself lives in
the routing service, renewals and trials in inventory (each service's TestModeService)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Request, Response
from google.protobuf.json_format import MessageToDict

from gateway.api_keys import Principal
from gateway.auth import require_principal
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent
from gateway.problems import ApiProblem
from gateway.routes import PublicRouter
from gateway.routes.calls import _REASONS_OUT
from gateway.routes.numbers import TenantNumber, tenant_number_view
from gateway.schemas.test_mode import (
    CallEventType,
    NewRenewalRun,
    NewTestCall,
    RenewalItem,
    RenewalOutcome,
    RenewalRun,
    TestCall,
    TestCallOutcome,
    VoiceCallbackError,
    VoiceCallbackResult,
)
from sautikit.credentials.v1 import test_mode_pb2 as credentials_test_mode
from sautikit.inventory.v1 import inventory_pb2
from sautikit.inventory.v1 import test_mode_pb2 as inventory_test_mode
from sautikit.routing.v1 import deliveries_pb2
from sautikit.routing.v1 import test_mode_pb2 as routing_test_mode
from sautikit.wallet.v1 import test_mode_pb2 as wallet_test_mode

router = PublicRouter(prefix="/v1/test", tags=["test-mode"])

_OUTCOMES_IN = {
    TestCallOutcome.completed: routing_test_mode.SIMULATED_CALL_OUTCOME_COMPLETED,
    TestCallOutcome.failed: routing_test_mode.SIMULATED_CALL_OUTCOME_FAILED,
    TestCallOutcome.no_answer: routing_test_mode.SIMULATED_CALL_OUTCOME_NO_ANSWER,
}
_RENEWAL_OUTCOMES: dict[Any, RenewalOutcome] = {
    inventory_pb2.RENEWAL_OUTCOME_CHARGED: RenewalOutcome.charged,
    inventory_pb2.RENEWAL_OUTCOME_SUSPENDED: RenewalOutcome.suspended,
    inventory_pb2.RENEWAL_OUTCOME_UNPAID: RenewalOutcome.unpaid,
    inventory_pb2.RENEWAL_OUTCOME_SKIPPED: RenewalOutcome.skipped,
}


async def require_test_principal(
    principal: Annotated[Principal, Depends(require_principal)],
) -> Principal:
    """A test key's principal; for a live key the route answers as an unknown path would."""
    if principal.mode != "test":
        raise ApiProblem(404, "not_found", "No such resource")
    return principal


TestPrincipal = Annotated[Principal, Depends(require_test_principal)]
# Listed before Idempotent, so a live key never reaches the idempotency records.
TEST_KEYS_ONLY = Depends(require_test_principal)


def _voice_callback(reply: deliveries_pb2.InvokeVoiceCallbackResponse) -> VoiceCallbackResult:
    if reply.HasField("failure"):
        error = deliveries_pb2.VoiceCallbackError.Name(reply.failure.error)
        return VoiceCallbackResult(
            error=VoiceCallbackError(error.removeprefix("VOICE_CALLBACK_ERROR_").lower()),
            message=reply.failure.message or None,
            status_code=reply.failure.status_code or None,
        )
    actions = []
    for action in reply.actions.actions:
        verb = action.WhichOneof("action")
        assert verb is not None
        fields = MessageToDict(getattr(action, verb), preserving_proto_field_name=True)
        actions.append({"action": verb, **fields})
    return VoiceCallbackResult(actions=actions)


@router.post(
    "/calls",
    response_model=TestCall,
    status_code=201,
    dependencies=[TEST_KEYS_ONLY, Idempotent],
    operation_id="createTestCall",
    summary="Simulate an inbound call to one of your test numbers",
    description="Publishes the call.* events a real call would (delivered, signed, to the "
    "number's events_url), rates the call on the test wallet (GET /v1/calls, the ledger) and "
    "invokes the number's voice_callback_url once, returning its parsed reply. Test keys "
    "only: to a live key this path does not exist (404).",
    responses={
        400: {"description": "validation_failed: to, from, outcome or duration_seconds"},
        404: {"description": "number_not_found: not one of the workspace's numbers"},
        503: {"description": "service_unavailable: the wallet did not answer; nothing published"},
    },
)
async def create_test_call(
    request: Request, principal: TestPrincipal, body: NewTestCall
) -> TestCall:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.routing_test_mode.SimulateCall,
        routing_test_mode.SimulateCallRequest(
            workspace_id=str(principal.workspace_id),
            to_number=body.to,
            from_number=body.from_,
            outcome=_OUTCOMES_IN[body.outcome],
            recording=body.recording,
            duration_seconds=body.duration_seconds,
        ),
        # One voice callback (its own deadline) and the wallet's answer fit in this.
        deadline_seconds=max(upstreams.timeout_seconds, 15.0),
    )
    return TestCall(
        call_id=reply.call_id,
        number_id=reply.tenant_number_id,
        outcome=body.outcome,
        authorized=reply.authorized,
        refusal_reason=_REASONS_OUT.get(reply.refusal_reason),
        events=[CallEventType(e) for e in reply.events],
        voice_callback=_voice_callback(reply.voice_callback)
        if reply.voice_callback_invoked
        else None,
    )


@router.post(
    "/renewals",
    response_model=RenewalRun,
    dependencies=[TEST_KEYS_ONLY, Idempotent],
    operation_id="runTestRenewals",
    summary="Run the monthly renewal of your test numbers now",
    description="Charges this billing month's rental of every test number not yet charged for "
    "it, suspending those the test wallet cannot pay (a later top-up resumes them). A month is "
    "never charged twice: running it again answers skipped or nothing. Test keys only.",
    responses={
        400: {"description": "validation_failed: period is not a month that can run"},
    },
)
async def run_test_renewals(
    request: Request, principal: TestPrincipal, body: NewRenewalRun | None = None
) -> RenewalRun:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.inventory_test_mode.RenewWorkspace,
        inventory_test_mode.RenewWorkspaceRequest(
            workspace_id=str(principal.workspace_id),
            period=body.period if body is not None and body.period is not None else "",
        ),
        deadline_seconds=max(upstreams.timeout_seconds, 15.0),
    )
    return RenewalRun(
        period=reply.period,
        data=[
            RenewalItem(
                number_id=item.tenant_number_id,
                e164=item.e164,
                period=item.period,
                outcome=_RENEWAL_OUTCOMES.get(item.outcome, RenewalOutcome.skipped),
                amount_minor=item.amount_minor,
                currency=item.currency,
                reason=item.reason or None,
            )
            for item in reply.items
        ],
    )


@router.post(
    "/numbers/{id}/expire-trial",
    response_model=TenantNumber,
    dependencies=[TEST_KEYS_ONLY, Idempotent],
    operation_id="expireTestTrial",
    summary="End a test trial now: the number is released (reason trial_expired)",
    responses={
        404: {"description": "number_not_found"},
        409: {"description": "not_a_trial: the number is not on trial"},
    },
)
async def expire_test_trial(
    request: Request,
    principal: TestPrincipal,
    id: Annotated[str, Path(max_length=64, description="Tenant number id or inventory id")],
) -> TenantNumber:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.inventory_test_mode.ExpireTrial,
        inventory_test_mode.ExpireTrialRequest(
            workspace_id=str(principal.workspace_id), tenant_number_id=id
        ),
    )
    return tenant_number_view(reply.tenant_number)


@router.delete(
    "/data",
    status_code=204,
    response_class=Response,
    dependencies=[TEST_KEYS_ONLY, Idempotent],
    operation_id="deleteTestData",
    summary="Delete all of your test-side objects",
    description="Your test numbers go back to the test pool (released: their SIP credentials "
    "are revoked and their routing removed), the test wallet is reset to the starting test "
    "balance (one adjustment entry; call records deleted), and call-event deliveries, voice "
    "callback logs and the workspace callback are deleted. The live side is never touched. "
    "Repeating it answers 204 again. Test keys only.",
    responses={
        409: {"description": "live_objects_present: refused, nothing deleted"},
        503: {"description": "service_unavailable: retry; the purge is safe to repeat"},
    },
)
async def delete_test_data(request: Request, principal: TestPrincipal) -> Response:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    # Inventory first: its check for live numbers refuses before anything is deleted, and its
    # numbers.released events release routings (and revoke credentials, which the credentials
    # purge does at once anyway). Each purge refuses on
    # its own too when it meets a live object, and each is idempotent, so a retry after a
    # partial failure finishes the job.
    await upstreams.call(
        upstreams.inventory_test_mode.PurgeSandbox,
        inventory_test_mode.PurgeSandboxRequest(workspace_id=workspace_id),
    )
    await upstreams.call(
        upstreams.credentials_test_mode.PurgeSandbox,
        credentials_test_mode.PurgeSandboxRequest(workspace_id=workspace_id),
    )
    await upstreams.call(
        upstreams.wallet_test_mode.PurgeSandbox,
        wallet_test_mode.PurgeSandboxRequest(workspace_id=workspace_id),
    )
    await upstreams.call(
        upstreams.routing_test_mode.PurgeSandbox,
        routing_test_mode.PurgeSandboxRequest(workspace_id=workspace_id),
    )
    return Response(status_code=204)
