"""Call records: GET /v1/calls (newest first, filters, `Accept: text/csv` export) and
GET /v1/calls/{id}. Every call the voice platform authorized or was refused on the workspace's
numbers, with its rate, what the rating rule priced it at and what the wallet was charged."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import Response
from pydantic import AwareDatetime, BaseModel, Field

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.livemode import ApiObject
from gateway.problems import ApiProblem, FieldError
from gateway.routes import PublicRouter
from platform_common.timestamps import from_timestamp, optional_time, to_timestamp
from sautikit.events.v1 import calls_pb2
from sautikit.wallet.v1 import usage_pb2

router = PublicRouter(prefix="/v1/calls", tags=["calls"])

E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"
CSV_MEDIA_TYPE = "text/csv"
# An export walks the pages for the client; beyond this many rows it stops (narrow the time
# range) and says so in the Sautikit-Export-Truncated header.
MAX_EXPORT_ROWS = 10_000


class CallDirection(StrEnum):
    inbound = "inbound"
    outbound = "outbound"


class CallStatus(StrEnum):
    authorized = "authorized"
    completed = "completed"
    failed = "failed"
    expired = "expired"
    refused = "refused"


class CallRefusalReason(StrEnum):
    insufficient_funds = "insufficient_funds"
    number_suspended = "number_suspended"
    number_disabled = "number_disabled"
    direction_not_allowed = "direction_not_allowed"
    test_number_on_live_edge = "test_number_on_live_edge"
    live_number_in_test_mode = "live_number_in_test_mode"


_DIRECTIONS_IN = {
    CallDirection.inbound: calls_pb2.CALL_DIRECTION_INBOUND,
    CallDirection.outbound: calls_pb2.CALL_DIRECTION_OUTBOUND,
}
_DIRECTIONS_OUT = {v: k for k, v in _DIRECTIONS_IN.items()}
_STATUSES_IN = {
    CallStatus.authorized: usage_pb2.CALL_STATUS_AUTHORIZED,
    CallStatus.completed: usage_pb2.CALL_STATUS_COMPLETED,
    CallStatus.failed: usage_pb2.CALL_STATUS_FAILED,
    CallStatus.expired: usage_pb2.CALL_STATUS_EXPIRED,
    CallStatus.refused: usage_pb2.CALL_STATUS_REFUSED,
}
_STATUSES_OUT = {v: k for k, v in _STATUSES_IN.items()}
_REASONS_OUT: dict[Any, CallRefusalReason] = {
    usage_pb2.CALL_REFUSAL_REASON_INSUFFICIENT_FUNDS: CallRefusalReason.insufficient_funds,
    usage_pb2.CALL_REFUSAL_REASON_NUMBER_SUSPENDED: CallRefusalReason.number_suspended,
    usage_pb2.CALL_REFUSAL_REASON_NUMBER_DISABLED: CallRefusalReason.number_disabled,
    usage_pb2.CALL_REFUSAL_REASON_DIRECTION_NOT_ALLOWED: CallRefusalReason.direction_not_allowed,
    usage_pb2.CALL_REFUSAL_REASON_TEST_NUMBER_ON_LIVE_EDGE: (
        CallRefusalReason.test_number_on_live_edge
    ),
    usage_pb2.CALL_REFUSAL_REASON_LIVE_NUMBER_IN_TEST_MODE: (
        CallRefusalReason.live_number_in_test_mode
    ),
}


class Call(ApiObject):
    id: str
    call_id: str = Field(description="The voice platform's id of the call")
    number: str = Field(description="Your number the call was on (E.164)")
    tenant_number_id: str
    direction: CallDirection
    from_number: str = Field(description="The calling party as signalled")
    to_number: str = Field(description="The called party as signalled")
    status: CallStatus
    refusal_reason: CallRefusalReason | None = Field(
        default=None, description="Why the call was not allowed (status refused)"
    )
    failure_reason: str | None = Field(default=None, description="Why it failed (status failed)")
    authorized_at: datetime = Field(description="When the call was allowed or refused")
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    billable_seconds: int | None = Field(default=None, description="Talk time, whole seconds")
    rate_per_min_minor: int = Field(description="Per-minute rate applied, minor units")
    cost_minor: int | None = Field(
        default=None, description="What the rating rule priced the call at, minor units"
    )
    charged_minor: int | None = Field(
        default=None,
        description="What the wallet was charged (less than cost_minor only when a call ran "
        "past its reservation and the wallet could not cover the rest)",
    )
    currency: str = Field(examples=["KES"])
    max_duration_seconds: int = Field(description="Talk time the reservation paid for")
    reserved_minor: int = Field(description="Money still held for the call")
    ledger_entry_id: str | None = Field(default=None, description="The call_usage ledger entry")


class CallsPage(BaseModel):
    data: list[Call]
    next_cursor: str | None = None


_ENDED = (usage_pb2.CALL_STATUS_COMPLETED, usage_pb2.CALL_STATUS_FAILED)


def call_view(call: usage_pb2.Call) -> Call:
    ended = call.status in _ENDED
    return Call(
        id=call.id,
        call_id=call.call_id,
        number=call.e164,
        tenant_number_id=call.tenant_number_id,
        direction=_DIRECTIONS_OUT[call.direction],
        from_number=call.from_number,
        to_number=call.to_number,
        status=_STATUSES_OUT[call.status],
        refusal_reason=_REASONS_OUT.get(call.refusal_reason),
        failure_reason=call.failure_reason or None,
        authorized_at=from_timestamp(call.authorized_at),
        started_at=optional_time(call, "started_at"),
        answered_at=optional_time(call, "answered_at"),
        ended_at=optional_time(call, "ended_at"),
        billable_seconds=call.billable_seconds if ended else None,
        rate_per_min_minor=call.rate_per_min_minor,
        cost_minor=call.cost_minor if ended else None,
        charged_minor=call.charged_minor if ended else None,
        currency=call.currency,
        max_duration_seconds=call.max_duration_seconds,
        reserved_minor=call.reserved_minor,
        ledger_entry_id=call.ledger_entry_id or None,
    )


_CSV_COLUMNS = list(Call.model_fields)


def _csv(calls: list[Call]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for call in calls:
        row = call.model_dump(mode="json")
        writer.writerow({k: "" if row[k] is None else row[k] for k in _CSV_COLUMNS})
    return out.getvalue()


def _wants_csv(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return CSV_MEDIA_TYPE in accept and "application/json" not in accept


@router.get(
    "",
    response_model=CallsPage,
    operation_id="listCalls",
    summary="Call records, newest first; Accept: text/csv exports every matching call",
    responses={
        200: {"content": {CSV_MEDIA_TYPE: {"schema": {"type": "string"}}}},
        400: {"description": "validation_failed: a filter, limit or cursor"},
    },
)
async def list_calls(
    request: Request,
    principal: Authenticated,
    number: Annotated[
        str | None, Query(pattern=E164_PATTERN, description="Only calls on this number")
    ] = None,
    direction: Annotated[CallDirection | None, Query()] = None,
    status: Annotated[CallStatus | None, Query()] = None,
    since: Annotated[
        AwareDatetime | None, Query(description="Only calls authorized at or after (RFC 3339)")
    ] = None,
    until: Annotated[
        AwareDatetime | None, Query(description="Only calls authorized before (RFC 3339)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> Any:
    if since is not None and until is not None and since >= until:
        raise ApiProblem(
            400,
            "validation_failed",
            "until must be after since",
            errors=[FieldError("until", "must be after since")],
        )
    upstreams: Upstreams = request.app.state.upstreams
    query = usage_pb2.ListCallsRequest(
        workspace_id=str(principal.workspace_id),
        limit=limit,
        cursor=cursor or "",
        e164=number or "",
        direction=_DIRECTIONS_IN[direction] if direction else calls_pb2.CALL_DIRECTION_UNSPECIFIED,
        status=_STATUSES_IN[status] if status else usage_pb2.CALL_STATUS_UNSPECIFIED,
        since=to_timestamp(since),
        until=to_timestamp(until),
    )
    if not _wants_csv(request):
        reply = await upstreams.call(upstreams.usage.ListCalls, query)
        return CallsPage(
            data=[call_view(c) for c in reply.calls], next_cursor=reply.next_cursor or None
        )
    rows: list[Call] = []
    query.limit = 100
    truncated = False
    while True:
        reply = await upstreams.call(upstreams.usage.ListCalls, query)
        rows.extend(call_view(c) for c in reply.calls)
        if not reply.next_cursor:
            break
        if len(rows) >= MAX_EXPORT_ROWS:
            truncated = True
            break
        query.cursor = reply.next_cursor
    headers = {"Content-Disposition": 'attachment; filename="calls.csv"'}
    if truncated:
        headers["Sautikit-Export-Truncated"] = "true"
    return Response(
        _csv(rows[:MAX_EXPORT_ROWS]), media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8", headers=headers
    )


@router.get(
    "/{id}",
    response_model=Call,
    operation_id="getCall",
    summary="One call record",
    responses={404: {"description": "call_not_found"}},
)
async def get_call(
    request: Request, principal: Authenticated, id: Annotated[str, Path(max_length=64)]
) -> Call:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.usage.GetCall,
        usage_pb2.GetCallRequest(workspace_id=str(principal.workspace_id), id=id),
    )
    return call_view(reply.call)
