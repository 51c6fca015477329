"""The workspace's callback URL for numbers events (seed 001's "Numbers Callbacks"):
number_order.updated and number.updated, signed per Standard Webhooks with the workspace's
signing secret (POST /v1/webhook-secret/rotate), retried, and logged like call-event
deliveries. Delivery order is not guaranteed: each event carries data.version and
links.self, and a receiver keeps the highest version per data.id (see the routing README)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, Request, Response
from pydantic import Field, StrictStr, StringConstraints

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent
from gateway.livemode import ApiObject
from gateway.routes import PublicRouter, RequestBody
from gateway.routes.deliveries import DeliveryList, DeliveryStatus, delivery_view
from platform_common.timestamps import optional_time
from sautikit.routing.v1 import callbacks_pb2, deliveries_pb2

router = PublicRouter(prefix="/v1/callbacks", tags=["callbacks"])
_STATUS_FILTER = {
    status: deliveries_pb2.DeliveryStatus.Value(f"DELIVERY_STATUS_{status.name.upper()}")
    for status in DeliveryStatus
}


class Callbacks(ApiObject):
    callback_url: str | None = Field(
        default=None, description="Where numbers events are POSTed; absent when none is set"
    )
    updated_at: datetime | None = None


class CallbacksUpdate(RequestBody):
    callback_url: Annotated[StrictStr, StringConstraints(min_length=1, max_length=2048)] = Field(
        description="https URL without credentials, on a public host (http and local hosts "
        "only in development)",
        examples=["https://example.com/sautikit/numbers-events"],
    )


def _view(reply: callbacks_pb2.WorkspaceCallback) -> Callbacks:
    return Callbacks(
        callback_url=reply.callback_url or None, updated_at=optional_time(reply, "updated_at")
    )


@router.put(
    "",
    response_model=Callbacks,
    operation_id="setCallbacks",
    dependencies=[Idempotent],
    summary="Set the callback URL for number_order.updated and number.updated events",
    responses={400: {"description": "validation_failed, unsafe_callback_url"}},
)
async def set_callbacks(
    request: Request, principal: Authenticated, body: CallbacksUpdate
) -> Callbacks:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.callbacks.SetWorkspaceCallback,
        callbacks_pb2.SetWorkspaceCallbackRequest(
            workspace_id=str(principal.workspace_id), callback_url=body.callback_url
        ),
    )
    return _view(reply.callback)


@router.get("", response_model=Callbacks, operation_id="getCallbacks", summary="The callback URL")
async def get_callbacks(request: Request, principal: Authenticated) -> Callbacks:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.callbacks.GetWorkspaceCallback,
        callbacks_pb2.GetWorkspaceCallbackRequest(workspace_id=str(principal.workspace_id)),
    )
    return _view(reply.callback)


@router.delete(
    "",
    status_code=204,
    operation_id="deleteCallbacks",
    dependencies=[Idempotent],
    summary="Stop numbers callbacks (later events are not sent)",
)
async def delete_callbacks(request: Request, principal: Authenticated) -> Response:
    upstreams: Upstreams = request.app.state.upstreams
    await upstreams.call(
        upstreams.callbacks.DeleteWorkspaceCallback,
        callbacks_pb2.DeleteWorkspaceCallbackRequest(workspace_id=str(principal.workspace_id)),
    )
    return Response(status_code=204)


@router.get(
    "/deliveries",
    response_model=DeliveryList,
    operation_id="listCallbackDeliveries",
    summary="Numbers-event deliveries to the callback URL, newest first, with attempts",
)
async def list_callback_deliveries(
    request: Request,
    principal: Authenticated,
    status: Annotated[DeliveryStatus | None, Query(description="Only this status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> DeliveryList:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.callbacks.ListWorkspaceCallbackDeliveries,
        callbacks_pb2.ListWorkspaceCallbackDeliveriesRequest(
            workspace_id=str(principal.workspace_id),
            status=_STATUS_FILTER[status] if status else deliveries_pb2.DELIVERY_STATUS_UNSPECIFIED,
            limit=limit,
            cursor=cursor or "",
        ),
    )
    return DeliveryList(
        data=[delivery_view(d) for d in reply.deliveries], next_cursor=reply.next_cursor or None
    )
