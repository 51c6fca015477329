"""gRPC edge of call billing (sautikit.wallet.v1.UsageService): proto in, one use-case call,
proto out."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

import grpc

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import parse_uuid, require_uuid
from platform_common.timestamps import from_timestamp, to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.events.v1 import calls_pb2
from sautikit.wallet.v1 import usage_pb2, usage_pb2_grpc
from services.wallet.domain import LedgerCursor, page_limit
from services.wallet.usage import usecases
from services.wallet.usage.calls_repository import CallFilters
from services.wallet.usage.domain import (
    MAX_CALL_ID_LENGTH,
    MAX_PARTY_LENGTH,
    Authorization,
    CallDirection,
    CallNotFound,
    CallRecord,
    CallStatus,
    RefusalReason,
)
from services.wallet.usage.settings import UsageSettings

MAX_E164_LENGTH = 32

DIRECTIONS_IN = {
    calls_pb2.CALL_DIRECTION_INBOUND: CallDirection.INBOUND,
    calls_pb2.CALL_DIRECTION_OUTBOUND: CallDirection.OUTBOUND,
}
DIRECTIONS_OUT = {d: p for p, d in DIRECTIONS_IN.items()}
STATUSES_IN = {
    usage_pb2.CALL_STATUS_AUTHORIZED: CallStatus.AUTHORIZED,
    usage_pb2.CALL_STATUS_COMPLETED: CallStatus.COMPLETED,
    usage_pb2.CALL_STATUS_FAILED: CallStatus.FAILED,
    usage_pb2.CALL_STATUS_EXPIRED: CallStatus.EXPIRED,
    usage_pb2.CALL_STATUS_REFUSED: CallStatus.REFUSED,
}
STATUSES_OUT = {d: p for p, d in STATUSES_IN.items()}
REASONS_OUT = {
    RefusalReason.INSUFFICIENT_FUNDS: usage_pb2.CALL_REFUSAL_REASON_INSUFFICIENT_FUNDS,
    RefusalReason.NUMBER_SUSPENDED: usage_pb2.CALL_REFUSAL_REASON_NUMBER_SUSPENDED,
    RefusalReason.NUMBER_DISABLED: usage_pb2.CALL_REFUSAL_REASON_NUMBER_DISABLED,
    RefusalReason.DIRECTION_NOT_ALLOWED: usage_pb2.CALL_REFUSAL_REASON_DIRECTION_NOT_ALLOWED,
    RefusalReason.TEST_NUMBER_ON_LIVE_EDGE: usage_pb2.CALL_REFUSAL_REASON_TEST_NUMBER_ON_LIVE_EDGE,
    RefusalReason.LIVE_NUMBER_IN_TEST_MODE: usage_pb2.CALL_REFUSAL_REASON_LIVE_NUMBER_IN_TEST_MODE,
}


class UsageServicer(usage_pb2_grpc.UsageServiceServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        *,
        settings: UsageSettings,
        clock: Callable[[], datetime],
    ) -> None:
        self.new_uow = new_uow
        self.settings = settings
        self.clock = clock

    async def AuthorizeCall(
        self, request: usage_pb2.AuthorizeCallRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.AuthorizeCallResponse:
        answer = await usecases.authorize_call(
            uow=self.new_uow(), settings=self.settings, clock=self.clock, request=_call_in(request)
        )
        return usage_pb2.AuthorizeCallResponse(
            allowed=answer.allowed,
            refusal_reason=_reason_out(answer),
            max_duration_seconds=answer.max_duration_seconds,
            reserved_minor=answer.reserved_minor,
            rate_per_min_minor=answer.rate_per_min_minor,
            currency="KES",
            call=call_out(answer.call) if answer.call else None,
            replayed=answer.replayed,
        )

    async def ExtendCall(
        self, request: usage_pb2.ExtendCallRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.ExtendCallResponse:
        _raise_if(_check_call_id(request.call_id))
        answer = await usecases.extend_call(
            uow=self.new_uow(), settings=self.settings, clock=self.clock, call_id=request.call_id
        )
        return usage_pb2.ExtendCallResponse(
            allowed=answer.allowed,
            refusal_reason=_reason_out(answer),
            max_duration_seconds=answer.max_duration_seconds,
            reserved_minor=answer.reserved_minor,
            call=call_out(answer.call) if answer.call else None,
        )

    async def GetCall(
        self, request: usage_pb2.GetCallRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.GetCallResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        record_id = parse_uuid(request.id)
        if record_id is None:
            raise CallNotFound("no such call in this workspace")
        record = await usecases.get_call(
            uow=self.new_uow(), workspace_id=workspace_id, record_id=record_id
        )
        return usage_pb2.GetCallResponse(call=call_out(record))

    async def ListCalls(
        self, request: usage_pb2.ListCallsRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.ListCallsResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        filters = _filters_in(request)
        records, next_cursor = await usecases.list_calls(
            uow=self.new_uow(),
            workspace_id=workspace_id,
            filters=filters,
            cursor=LedgerCursor.decode(request.cursor),
            limit=page_limit(request.limit),
        )
        return usage_pb2.ListCallsResponse(
            calls=[call_out(r) for r in records], next_cursor=next_cursor
        )


def _check_call_id(call_id: str) -> list[FieldViolation]:
    if not 1 <= len(call_id) <= MAX_CALL_ID_LENGTH:
        return [FieldViolation("call_id", f"must be 1 to {MAX_CALL_ID_LENGTH} characters")]
    return []


def _raise_if(violations: list[FieldViolation]) -> None:
    if violations:
        raise InvalidArgument(
            "; ".join(f"{v.field} {v.description}" for v in violations), violations=violations
        )


def _call_in(request: usage_pb2.AuthorizeCallRequest) -> usecases.CallRequest:
    violations = _check_call_id(request.call_id)
    if not 1 <= len(request.e164) <= MAX_E164_LENGTH:
        violations.append(FieldViolation("e164", f"must be 1 to {MAX_E164_LENGTH} characters"))
    direction = DIRECTIONS_IN.get(request.direction)
    if direction is None:
        violations.append(FieldViolation("direction", "must be inbound or outbound"))
    for name in ("from_number", "to_number"):
        if len(getattr(request, name)) > MAX_PARTY_LENGTH:
            violations.append(
                FieldViolation(name, f"must be at most {MAX_PARTY_LENGTH} characters")
            )
    _raise_if(violations)
    assert direction is not None
    return usecases.CallRequest(
        call_id=request.call_id,
        e164=request.e164,
        direction=direction,
        from_number=request.from_number,
        to_number=request.to_number,
        simulated=request.simulated,
    )


def _filters_in(request: usage_pb2.ListCallsRequest) -> CallFilters:
    violations: list[FieldViolation] = []
    if len(request.e164) > MAX_E164_LENGTH:
        violations.append(FieldViolation("e164", f"must be at most {MAX_E164_LENGTH} characters"))
    direction: CallDirection | None = None
    if request.direction != calls_pb2.CALL_DIRECTION_UNSPECIFIED:
        direction = DIRECTIONS_IN.get(request.direction)
        if direction is None:
            violations.append(FieldViolation("direction", "must be inbound or outbound"))
    status: CallStatus | None = None
    if request.status != usage_pb2.CALL_STATUS_UNSPECIFIED:
        status = STATUSES_IN.get(request.status)
        if status is None:
            violations.append(FieldViolation("status", "must be a call status"))
    since = from_timestamp(request.since) if request.HasField("since") else None
    until = from_timestamp(request.until) if request.HasField("until") else None
    if since is not None and until is not None and since >= until:
        violations.append(FieldViolation("until", "must be after since"))
    _raise_if(violations)
    return CallFilters(
        e164=request.e164 or None, direction=direction, status=status, since=since, until=until
    )


def _reason_out(answer: Authorization) -> usage_pb2.CallRefusalReason:
    if answer.refusal_reason is None:
        return usage_pb2.CALL_REFUSAL_REASON_UNSPECIFIED
    return REASONS_OUT[answer.refusal_reason]


def _uuid_str(value: uuid.UUID | None) -> str:
    return str(value) if value is not None else ""


def call_out(record: CallRecord) -> usage_pb2.Call:
    return usage_pb2.Call(
        id=str(record.id),
        call_id=record.call_id,
        workspace_id=str(record.workspace_id),
        tenant_number_id=str(record.tenant_number_id),
        e164=record.e164,
        direction=DIRECTIONS_OUT[record.direction],
        from_number=record.from_number,
        to_number=record.to_number,
        status=STATUSES_OUT[record.status],
        refusal_reason=REASONS_OUT[record.refusal_reason]
        if record.refusal_reason
        else usage_pb2.CALL_REFUSAL_REASON_UNSPECIFIED,
        rate_per_min_minor=record.rate_per_min_minor,
        currency=record.currency,
        max_duration_seconds=record.max_duration_seconds,
        reserved_minor=record.reserved_minor,
        authorized_at=to_timestamp(record.authorized_at),
        started_at=to_timestamp(record.started_at),
        answered_at=to_timestamp(record.answered_at),
        ended_at=to_timestamp(record.ended_at),
        billable_seconds=record.billable_seconds or 0,
        cost_minor=record.cost_minor or 0,
        charged_minor=record.charged_minor or 0,
        ledger_entry_id=_uuid_str(record.ledger_entry_id),
        failure_reason=record.failure_reason or "",
    )
