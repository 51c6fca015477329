"""Call-event deliveries of a number (the log of what was POSTed to its events_url, with every
attempt) and redelivery. A delivery of another workspace is 404, like its number."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import Path, Query, Request
from pydantic import BaseModel, Field

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent
from gateway.livemode import ApiObject
from gateway.routes import PublicRouter
from gateway.routes.credentials import NumberId, held_number
from platform_common.timestamps import from_timestamp, optional_time
from sautikit.routing.v1 import deliveries_pb2

router = PublicRouter(tags=["deliveries"])

S = deliveries_pb2.DeliveryStatus


class DeliveryStatus(StrEnum):
    """pending: waiting for its first or next attempt; delivered: the receiver answered 2xx;
    failed: given up (a 4xx other than 429, a redirect, or 24 h of failures); skipped: the
    number had no events_url."""

    pending = "pending"
    delivered = "delivered"
    failed = "failed"
    skipped = "skipped"


_TO_PROTO = {
    DeliveryStatus.pending: S.DELIVERY_STATUS_PENDING,
    DeliveryStatus.delivered: S.DELIVERY_STATUS_DELIVERED,
    DeliveryStatus.failed: S.DELIVERY_STATUS_FAILED,
    DeliveryStatus.skipped: S.DELIVERY_STATUS_SKIPPED,
}
_FROM_PROTO = {v: k for k, v in _TO_PROTO.items()}


class DeliveryAttempt(BaseModel):
    attempted_at: datetime
    status_code: int | None = Field(default=None, description="Absent when nothing came back")
    latency_ms: int
    error: str | None = Field(
        default=None, description="timeout, connection_error: ..., unsafe_destination: ..."
    )
    response_excerpt: str | None = Field(
        default=None, description="The first 1 KiB of the receiver's reply"
    )


class Delivery(ApiObject):
    id: str = Field(description="webhook-id is msg_ followed by this id without dashes")
    event_id: str
    event_type: str = Field(description="call.started, call.answered, call.completed, ...")
    status: DeliveryStatus
    url: str | None = None
    attempt_count: int
    next_attempt_at: datetime | None = None
    created_at: datetime
    delivered_at: datetime | None = None
    attempts: list[DeliveryAttempt]


class DeliveryList(BaseModel):
    data: list[Delivery]
    next_cursor: str | None = None


def delivery_view(message: deliveries_pb2.Delivery) -> Delivery:
    return Delivery(
        id=message.id,
        event_id=message.event_id,
        event_type=message.event_type,
        status=_FROM_PROTO[message.status],
        url=message.url or None,
        attempt_count=message.attempt_count,
        next_attempt_at=optional_time(message, "next_attempt_at"),
        created_at=from_timestamp(message.created_at),
        delivered_at=optional_time(message, "delivered_at"),
        attempts=[
            DeliveryAttempt(
                attempted_at=from_timestamp(a.attempted_at),
                status_code=a.status_code or None,
                latency_ms=a.latency_ms,
                error=a.error or None,
                response_excerpt=a.response_excerpt or None,
            )
            for a in message.attempts
        ],
    )


@router.get(
    "/v1/numbers/{id}/deliveries",
    response_model=DeliveryList,
    operation_id="listDeliveries",
    summary="The number's call-event deliveries, newest first, each with its attempts",
    responses={404: {"description": "number_not_found: the workspace holds no such number"}},
)
async def list_deliveries(
    request: Request,
    principal: Authenticated,
    id: NumberId,
    status: Annotated[DeliveryStatus | None, Query(description="Only this status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> DeliveryList:
    upstreams: Upstreams = request.app.state.upstreams
    workspace_id = str(principal.workspace_id)
    number = await held_number(upstreams, workspace_id, id)
    reply = await upstreams.call(
        upstreams.deliveries.ListDeliveries,
        deliveries_pb2.ListDeliveriesRequest(
            workspace_id=workspace_id,
            tenant_number_id=number.id,
            status=_TO_PROTO[status] if status else S.DELIVERY_STATUS_UNSPECIFIED,
            limit=limit,
            cursor=cursor or "",
        ),
    )
    return DeliveryList(
        data=[delivery_view(d) for d in reply.deliveries], next_cursor=reply.next_cursor or None
    )


@router.post(
    "/v1/deliveries/{delivery_id}/redeliver",
    response_model=Delivery,
    status_code=202,
    operation_id="redeliverDelivery",
    dependencies=[Idempotent],
    summary="Send the event again (same body, same webhook-id); due at once",
    responses={
        404: {"description": "delivery_not_found"},
        409: {"description": "delivery_skipped (the number had no events_url)"},
    },
)
async def redeliver(
    request: Request,
    principal: Authenticated,
    delivery_id: Annotated[str, Path(description="The delivery id", min_length=36, max_length=36)],
) -> Delivery:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.deliveries.RedeliverDelivery,
        deliveries_pb2.RedeliverDeliveryRequest(
            workspace_id=str(principal.workspace_id), delivery_id=delivery_id
        ),
    )
    return delivery_view(reply.delivery)
