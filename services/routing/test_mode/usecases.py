"""simulate_call: one inbound call on a number the workspace holds, end to end, as the voice
platform would make it: AuthorizeCall at the wallet, the voice callback once, the call.*
events through this service's outbox (same subjects as the voice platform's). The wallet
rates the call from those events and the delivery consumer sends them to the events_url, so
nothing here duplicates billing or delivery."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import text

from platform_common.errors import NotFound, Unavailable
from platform_common.ids import new_id
from platform_common.inventory_numbers import InventoryPort, InventoryUnreachable
from platform_common.number_projection import NumberStatus
from platform_common.uow import UnitOfWork
from sautikit.routing.v1 import deliveries_pb2
from sautikit.wallet.v1 import usage_pb2
from services.routing import number_view, repository
from services.routing.deliveries.clock import Clock
from services.routing.test_mode.domain import Outcome, SimulatedCall, call_events
from services.routing.test_mode.wallet_client import CallAuthorization, CallAuthorizerPort

VoiceCallbackInvoker = Callable[
    [str, deliveries_pb2.CallStep], Awaitable[deliveries_pb2.InvokeVoiceCallbackResponse]
]


class TestNumberNotFound(NotFound):
    """The workspace holds no such number (never says whether someone else does)."""

    default_code = "number_not_found"


@dataclass(frozen=True)
class CallRequest:
    workspace_id: uuid.UUID
    to_number: str
    from_number: str
    outcome: Outcome
    recording: bool
    duration_seconds: int


@dataclass(frozen=True)
class SimulationResult:
    call_id: str
    tenant_number_id: uuid.UUID
    event_types: list[str]
    authorization: CallAuthorization
    voice_callback: deliveries_pb2.InvokeVoiceCallbackResponse | None


# Only a test number: a live one is never called by the simulation, whatever workspace id the
# caller sent (its calls would be rated on a live wallet).
_HELD_TEST_NUMBER = text(
    """
    SELECT tenant_number_id, voice_callback_url FROM routing.routings
    WHERE workspace_id = :workspace_id AND e164 = :e164 AND status <> 'released'
      AND NOT livemode
    ORDER BY held_since DESC NULLS LAST
    LIMIT 1
    """
)


async def _held_number(
    uow: UnitOfWork, workspace_id: uuid.UUID, e164: str
) -> tuple[uuid.UUID, bool] | None:
    """(tenant number id, has a voice_callback_url) of the workspace's test number."""
    async with uow:
        row = (
            await uow.conn.execute(_HELD_TEST_NUMBER, {"workspace_id": workspace_id, "e164": e164})
        ).first()
    return (row.tenant_number_id, bool(row.voice_callback_url)) if row else None


async def _held_number_from_inventory(
    uow: UnitOfWork, inventory: InventoryPort, workspace_id: uuid.UUID, e164: str
) -> tuple[uuid.UUID, bool] | None:
    """Routing's view has not heard of the claim yet (numbers.claimed is a moment behind the
    claim's answer): ask inventory, store what it says like any re-read, then look again."""
    try:
        state = await inventory.find_holding(workspace_id=workspace_id, e164=e164)
        if state is None or state.status is NumberStatus.RELEASED or state.livemode:
            return None
        async with uow:
            # Re-read by id under the number's lock, so no event lands between read and store.
            await repository.lock_number(uow.conn, state.tenant_number_id)
            await number_view.refresh_number(
                uow=uow,
                inventory=inventory,
                workspace_id=workspace_id,
                tenant_number_id=state.tenant_number_id,
                cause="test call",
            )
            await uow.commit()
    except InventoryUnreachable as exc:
        raise Unavailable(f"inventory did not answer: {exc}") from None
    return await _held_number(uow, workspace_id, e164)


async def simulate_call(
    *,
    new_uow: Callable[[], UnitOfWork],
    inventory: InventoryPort,
    authorizer: CallAuthorizerPort,
    invoke_voice_callback: VoiceCallbackInvoker,
    clock: Clock,
    request: CallRequest,
) -> SimulationResult:
    """Runs the call; its events exist only once the wallet has answered (a wallet that
    cannot be asked leaves nothing behind)."""
    held = await _held_number(new_uow(), request.workspace_id, request.to_number)
    if held is None:
        held = await _held_number_from_inventory(
            new_uow(), inventory, request.workspace_id, request.to_number
        )
    if held is None:
        raise TestNumberNotFound("this workspace holds no such number")
    tenant_number_id, has_voice_callback = held
    call_id = f"test_{new_id().hex}"
    authorization = await authorizer.authorize_inbound(
        call_id=call_id, e164=request.to_number, from_number=request.from_number
    )
    voice_callback = None
    if authorization.allowed and has_voice_callback:
        voice_callback = await invoke_voice_callback(
            request.to_number,
            deliveries_pb2.CallStep(
                call_id=call_id,
                from_number=request.from_number,
                to_number=request.to_number,
                direction="inbound",
                step="incoming",
            ),
        )
    refused_because = (
        None
        if authorization.allowed
        else usage_pb2.CallRefusalReason.Name(authorization.refusal_reason)
        .removeprefix("CALL_REFUSAL_REASON_")
        .lower()
    )
    events = call_events(
        SimulatedCall(
            call_id=call_id,
            e164=request.to_number,
            from_number=request.from_number,
            outcome=request.outcome,
            recording=request.recording,
            duration_seconds=request.duration_seconds,
            ended_at=clock.now(),
            refused_because=refused_because,
        )
    )
    uow = new_uow()
    async with uow:
        for _, event in events:
            uow.emit(event)
        await uow.commit()
    return SimulationResult(
        call_id=call_id,
        tenant_number_id=tenant_number_id,
        event_types=[kind for kind, _ in events],
        authorization=authorization,
        voice_callback=voice_callback,
    )
